"""Where staff land in the admin: after a workflow action, and on the dashboard.

Wagtail sends a reviewer who approved a page back to the page explorer of the
page's parent. Reviewers and approvers in this portal hold no page permission
of their own (they decide through workflow tasks only), so the explorer answers
"Sorry, you do not have permission to access this area" right under the
success message. :func:`after_workflow_action` sends them to the dashboard
instead, where their next tasks are listed. The same holds for snippets.

The panel "My sections" lists the section pages an editor may edit, so that an
editor starts from their section rather than from the tree's technical root.
"""

from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import IndexView as ExplorerView
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

MAX_SECTIONS = 40


def _workflow_action(request):
    return request.method == "POST" and "action-workflow-action" in request.POST


def may_explore(user):
    return PagePermissionPolicy().user_has_any_permission(
        user, ExplorerView.any_permission_required
    )


def after_edit_page(request, page):
    if _workflow_action(request) and not may_explore(request.user):
        return redirect("wagtailadmin_home")
    return None


def after_edit_snippet(request, instance):
    if not _workflow_action(request):
        return None
    meta = instance._meta
    if any(
        request.user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
        for action in ("add", "change", "delete", "view")
    ):
        return None
    return redirect("wagtailadmin_home")


def section_pages(user):
    """The topmost pages the user may edit (their sections), in tree order."""
    if user.is_superuser:
        return []
    pages = sorted(
        {
            permission.page
            for permission in GroupPagePermission.objects.filter(
                group__user=user, permission__codename="change_page"
            ).select_related("page", "page__locale")
        },
        key=lambda page: page.path,
    )
    tops = []
    for page in pages:
        if not any(page.path.startswith(top.path) for top in tops):
            tops.append(page)
    return tops[:MAX_SECTIONS]


class MySectionsPanel(Component):
    name = "my_sections"
    template_name = "portal/admin/my_sections_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["sections"] = section_pages(self.request.user)
        context["heading"] = _("My sections")
        return context
