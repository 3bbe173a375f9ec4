"""Admin shape of the site-wide features: editorial workflows and approvals."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import admin_landing, translation_guard
from portal.admin_landing import MySectionsPanel
from portal.admin_menu import menu_item_for
from portal.approvals import (
    REPORT_PERMISSION,
    ApprovalReportView,
    WaitingForApprovalPanel,
    guard_page,
    guard_snippet,
)

hooks.register("before_edit_page", guard_page)
hooks.register("before_edit_snippet", guard_snippet)

# Translations go through the workflow (portal/translation_guard.py): the guarded
# views answer wagtail-localize's admin URLs because they are registered first
# (order -1), and the translation editor's actions are checked before the
# library's own before_edit hooks run.
hooks.register("register_admin_urls", translation_guard.admin_urls, order=-1)
hooks.register("before_edit_page", translation_guard.guard_translation_editor, order=-1)
hooks.register(
    "before_edit_snippet", translation_guard.guard_translation_editor, order=-1
)


@hooks.register("construct_homepage_panels")
def add_waiting_for_approval_panel(request, panels):
    # Our panel replaces Wagtail's "Awaiting your review": one list, four-eyes aware.
    panels[:] = [
        panel
        for panel in panels
        if getattr(panel, "name", "") != "workflow_objects_to_moderate"
    ]
    panels.append(WaitingForApprovalPanel(request))
    panels.append(MySectionsPanel(request))


# After approving, reviewers without page permissions land on their dashboard
# instead of an explorer page they may not see (portal/admin_landing.py).
hooks.register("after_edit_page", admin_landing.after_edit_page)
hooks.register("after_edit_snippet", admin_landing.after_edit_snippet)


@hooks.register("register_admin_urls")
def register_approval_report_urls():
    return [
        path(
            "reports/approvals/",
            ApprovalReportView.as_view(),
            name="portal_approval_report",
        ),
        path(
            "reports/approvals/results/",
            ApprovalReportView.as_view(results_only=True),
            name="portal_approval_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_approval_report_menu_item():
    return menu_item_for(REPORT_PERMISSION)(
        _("Approval report"),
        reverse("portal_approval_report"),
        name="approval-report",
        icon_name="tasks",
        order=850,
    )
