"""Admin side of the editorial workflows: the four-eyes guard in the editors,
the dashboard panel "Waiting for my approval" and the approval report."""

import datetime
import json

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import CharField
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page, TaskState, get_default_page_content_type

from portal import roles
from portal.models import FourEyesApprovalTask
from portal.spreadsheets import SafeSpreadsheetExportMixin

REPORT_PERMISSION = "portal.view_approval_report"


# --- the four-eyes guard in the page and snippet editors ----------------------------
def four_eyes_guard(request, obj, edit_url):
    """Explain on GET, and decide on POST, the approval of a four-eyes task.

    Wagtail only offers the actions ``get_actions`` returns; without this
    guard a refused "approve" POST would silently save a draft instead. An
    allowed approval is performed here, on the revision under review: the
    editor's own "approve" saves the form first whenever it differs from the
    stored revision (rich text is normalised on every save), which would make
    the approver an author of what they approve.
    """
    task = getattr(obj, "current_workflow_task", None)
    if not isinstance(task, FourEyesApprovalTask) or not task.user_is_approver(
        request.user
    ):
        return None
    refusal = task.refusal_reason(obj, request.user)
    if request.method == "GET":
        if refusal is not None:
            messages.warning(request, refusal)
        return None
    if not (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return None
    if refusal is not None:
        messages.error(request, refusal)
        return redirect(edit_url)
    try:
        extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        extra = {}
    comment = extra.get("comment") if isinstance(extra, dict) else None
    if not (isinstance(comment, str) and comment.strip()):
        messages.error(request, gettext("Please give a reason for the approval."))
        return redirect(edit_url)
    task.on_action(
        obj.current_workflow_task_state,
        request.user,
        "approve",
        comment=comment.strip(),
    )
    messages.success(
        request,
        gettext("“%(title)s” has been approved.") % {"title": get_latest_str(obj)},
    )
    return redirect("wagtailadmin_home")


def guard_page(request, page):
    return four_eyes_guard(
        request, page, reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


def guard_snippet(request, instance):
    return four_eyes_guard(request, instance, request.get_full_path())


# --- dashboard panel ----------------------------------------------------------------
def edit_url_for(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(
        f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}:edit",
        args=[quote(obj.pk)],
    )


def waiting_for(user):
    """Task states the user may decide now (four-eyes refusals left out)."""
    states = (
        TaskState.objects.reviewable_by(user)
        .select_related(
            "workflow_state__workflow", "workflow_state__requested_by", "task"
        )
        .order_by("started_at")
    )
    items = []
    for state in states:
        obj = state.workflow_state.content_object
        if obj is None:
            continue
        obj = getattr(obj, "specific", obj)
        items.append(
            {
                "object": obj,
                "title": get_latest_str(obj),
                "type": get_content_type_label(state.workflow_state.content_type),
                "workflow": state.workflow_state.workflow,
                "task": state.task,
                "requested_by": state.workflow_state.requested_by,
                "started_at": state.started_at,
                "edit_url": edit_url_for(obj),
            }
        )
    return items


class WaitingForApprovalPanel(Component):
    name = "waiting_for_my_approval"
    template_name = "portal/admin/waiting_for_approval_panel.html"
    order = 100

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = waiting_for(self.request.user)
        context["report_url"] = (
            reverse("portal_approval_report")
            if self.request.user.has_perm(REPORT_PERMISSION)
            else None
        )
        return context


# --- approval report --------------------------------------------------------------------
def section_choices():
    return [(key, roles.section_label(key)) for key in roles.SECTION_LABELS]


class ApprovalReportFilterSet(WagtailFilterSet):
    section = django_filters.ChoiceFilter(
        label=_("Section"), choices=section_choices, method="filter_section"
    )
    started_at = django_filters.DateFromToRangeFilter(
        label=_("Started at"), widget=DateRangePickerWidget
    )
    finished_at = django_filters.DateFromToRangeFilter(
        label=_("Decided at"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=TaskState.STATUS_CHOICES
    )

    def filter_section(self, queryset, name, value):
        if not value:
            return queryset
        roots = roles.section_roots().get(value, [])
        if value == roles.GENERAL:
            # General pages: the home pages themselves and the non-section subtrees.
            homes = roles.home_pages()
            pages = Page.objects.filter(pk__in=[home.pk for home in homes])
        else:
            pages = Page.objects.none()
        for root in roots:
            pages = pages | Page.objects.descendant_of(root, inclusive=True)
        page_ids = pages.values_list(Cast("id", output_field=CharField()), flat=True)
        return queryset.filter(
            workflow_state__base_content_type=get_default_page_content_type(),
            workflow_state__object_id__in=page_ids,
        )

    class Meta:
        model = TaskState
        fields = ["section", "status", "started_at", "finished_at"]


class ApprovalReportView(SafeSpreadsheetExportMixin, ReportView):
    """Who submitted, who approved or requested changes, when, and why."""

    page_title = _("Approval report")
    header_icon = "tasks"
    template_name = "wagtailadmin/reports/base_report.html"
    results_template_name = "portal/admin/approval_report_results.html"
    filterset_class = ApprovalReportFilterSet
    index_url_name = "portal_approval_report"
    index_results_url_name = "portal_approval_report_results"
    permission_policy = None

    list_export = [
        "object_title",
        "object_type",
        "object_locale",
        "section_label",
        "workflow_state.workflow.name",
        "task.name",
        "get_status_display",
        "workflow_state.requested_by",
        "started_at",
        "finished_by",
        "finished_at",
        "comment",
    ]
    export_headings = {
        "object_title": _("Title"),
        "object_type": _("Type"),
        "object_locale": _("Language"),
        "section_label": _("Section"),
        "workflow_state.workflow.name": _("Workflow"),
        "task.name": _("Task"),
        "get_status_display": _("Status"),
        "workflow_state.requested_by": _("Submitted by"),
        "started_at": _("Started at"),
        "finished_by": _("Decided by"),
        "finished_at": _("Decided at"),
        "comment": _("Reason or comment"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"freigabebericht-{datetime.date.today().isoformat()}"

    def get_queryset(self):
        return TaskState.objects.select_related(
            "workflow_state__workflow",
            "workflow_state__requested_by",
            "workflow_state__content_type",
            "task",
            "finished_by",
            "revision__user",
        ).order_by("-started_at", "-pk")

    @cached_property
    def section_paths(self):
        return roles.section_paths()

    def decorate_paginated_queryset(self, object_list):
        rows = []
        for state in object_list:
            obj = state.workflow_state.content_object
            if obj is None:
                continue
            obj = getattr(obj, "specific", obj)
            state.object = obj
            state.object_title = get_latest_str(obj)
            state.object_type = get_content_type_label(
                state.workflow_state.content_type
            )
            locale = getattr(obj, "locale", None)
            state.object_locale = locale.get_display_name() if locale else ""
            key = (
                roles.section_of(obj, self.section_paths)
                if isinstance(obj, Page)
                else None
            )
            state.section_label = str(roles.section_label(key))
            state.edit_url = edit_url_for(obj)
            rows.append(state)
        return rows
