"""Admin shape of the reports app: categories, responsibilities and the staff queue."""

from django import forms
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reports import notifications, services
from reports.choices import OPEN_STATUSES
from reports.models import Category, Report, Responsibility
from reports.permissions import staff_reports


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", "default_department", "pre_moderation", "active"]
    list_filter = ["active", "pre_moderation"]
    ordering = ["sort_order", "name"]


class ResponsibilityViewSet(ModelViewSet):
    model = Responsibility
    icon = "group"
    menu_label = _("Responsibilities")
    list_display = ["category", "municipality", "department"]
    list_filter = ["category", "municipality", "department"]
    form_fields = ["category", "municipality", "department"]
    copy_view_enabled = False


class ReportAdminForm(WagtailAdminModelForm):
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff of the responsible department see internal notes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._before = services.snapshot(self.instance)
        if "assignee" in self.fields and self.instance.department_id:
            self.fields["assignee"].queryset = self.instance.department.user_set.filter(
                is_active=True
            )
        if "merged_into" in self.fields:
            # a duplicate can be merged into an open report of the same category
            self.fields["merged_into"].queryset = (
                staff_reports(getattr(self, "for_user", None))
                .filter(
                    category_id=self.instance.category_id,
                    merged_into__isnull=True,
                    status__in=OPEN_STATUSES,
                )
                .exclude(pk=self.instance.pk)
            )

    def save(self, commit=True):
        with transaction.atomic():
            report = super().save(commit=commit)
            if commit:
                self.public_events = services.record_staff_change(
                    report,
                    self._before,
                    getattr(self, "for_user", None),
                    self.cleaned_data.get("internal_note", ""),
                )
        if commit:
            notifications.notify_reporter(report, self.public_events)
        return report


class DepartmentQuerysetMixin:
    """Staff see the reports of their own departments only (superusers all)."""

    def get_base_queryset(self):
        return staff_reports(self.request.user).select_related(
            "category", "municipality", "department"
        )

    def get_queryset(self, *args, **kwargs):
        if isinstance(self, generic.IndexView):
            return super().get_queryset(*args, **kwargs)
        return staff_reports(self.request.user)


class ReportIndexView(DepartmentQuerysetMixin, generic.IndexView):
    pass


class ReportEditView(DepartmentQuerysetMixin, generic.EditView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class ReportInspectView(generic.InspectView):
    """The report as submitted with the reporter's contact, the photos and the
    whole history, internal notes included (only for the report's department)."""

    template_name = "reports/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(staff_reports(self.request.user), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["report"] = report
        context["events"] = report.events.select_related("actor")
        context["photos"] = report.photos.all()
        return context


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Reports")
    index_view_class = ReportIndexView
    edit_view_class = ReportEditView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        "category",
        "municipality",
        "status",
        "moderation",
        "department",
        "created_at",
    ]
    list_filter = ["status", "moderation", "category", "municipality", "department"]
    search_fields = ["description", "place", "public_description"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "category",
        "municipality",
        "place",
        "latitude",
        "longitude",
        "description",
        "created_at",
        "confirmed_at",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("forwarded_to"),
                    FieldPanel("public_answer"),
                    FieldPanel("moderation"),
                    FieldPanel("public_description"),
                    FieldPanel("assignee"),
                    FieldPanel("merged_into"),
                ],
                heading=_("Processing"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("category", read_only=True),
                    FieldPanel("municipality", read_only=True),
                    FieldPanel("place", read_only=True),
                    FieldPanel("description", read_only=True),
                ],
                heading=_("As submitted"),
            ),
            FieldPanel("internal_note"),
        ],
        base_form_class=ReportAdminForm,
    )


class ReportsGroup(ViewSetGroup):
    menu_label = _("Citizen reports")
    menu_icon = "warning"
    menu_order = 320
    items = (
        ReportViewSet("citizen_reports"),
        ResponsibilityViewSet("report_responsibilities"),
    )


@hooks.register("register_admin_viewset")
def register_reports_group():
    return ReportsGroup()


register_snippet(CategoryViewSet)
