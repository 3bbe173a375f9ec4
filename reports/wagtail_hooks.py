"""Admin shape of the reports app: categories, responsibilities and the staff queue."""

from django import forms
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal import open_data
from reports import notifications, services
from reports import open_data as report_open_data
from reports.choices import OPEN_STATUSES, EventKind
from reports.models import Category, Report, ReportEvent, ReportPhoto, Responsibility
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
    public_photos = forms.ModelMultipleChoiceField(
        label=_("Public photos"),
        required=False,
        queryset=ReportPhoto.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "report-photo-choice"}),
        help_text=_(
            "Ticked photos are shown with the released report and in Open311; the "
            "others stay internal (e.g. a face or a number plate in the picture)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._before = services.snapshot(self.instance)
        if "public_photos" in self.fields:
            photos = list(self.instance.photos.all()) if self.instance.pk else []
            self._photos = photos
            field = self.fields["public_photos"]
            field.queryset = ReportPhoto.objects.filter(
                pk__in=[photo.pk for photo in photos]
            )
            numbers = {photo.pk: number for number, photo in enumerate(photos, 1)}
            field.label_from_instance = lambda photo: format_html(
                '<img src="{}" alt="" width="160" loading="lazy"> {}',
                photo.get_absolute_url(),
                _("Photo %(number)s") % {"number": numbers.get(photo.pk, "")},
            )
            field.initial = [photo.pk for photo in photos if photo.public]
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
                self._save_photo_visibility(report)
        if commit:
            notifications.notify_reporter(report, self.public_events)
        return report

    def _save_photo_visibility(self, report):
        """Public/internal per photo; each change is an internal history entry."""
        if "public_photos" not in self.fields:
            return
        chosen = {photo.pk for photo in self.cleaned_data.get("public_photos") or []}
        changes = []
        for number, photo in enumerate(self._photos, 1):
            public = photo.pk in chosen
            if photo.public != public:
                ReportPhoto.objects.filter(pk=photo.pk).update(public=public)
                photo.public = public
                changes.append(
                    (
                        _("Photo %(number)s is public.")
                        if public
                        else _("Photo %(number)s is internal.")
                    )
                    % {"number": number}
                )
        if changes:
            ReportEvent.objects.create(
                report=report,
                kind=EventKind.NOTE,
                actor=getattr(self, "for_user", None),
                text=" ".join(str(change) for change in changes),
                public=False,
            )


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
            FieldPanel("public_photos"),
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


@hooks.register(open_data.HOOK_NAME)
def register_open_data_files():
    """The reports' CSV and GeoJSON for the open data catalogue (no personal data)."""
    return report_open_data.generated_files()
