"""Admin: a report of queries that found nothing, so editors see what is missing."""

from django.db.models import Sum
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.spreadsheets import SafeSpreadsheetExportMixin
from search.models import SynonymGroup, ZeroResultQuery


class SynonymGroupViewSet(SnippetViewSet):
    """*Snippets → Search synonyms*: words that the site search treats alike."""

    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]
    ordering = ["terms"]


register_snippet(SynonymGroupViewSet)


class ZeroResultFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ZeroResultQuery
        fields = ["language"]


class ZeroResultReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Searches without results")
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = ZeroResultFilterSet
    default_ordering = "-total"
    index_url_name = "portal_search_zero_results"
    index_results_url_name = "portal_search_zero_results_results"
    columns = [
        Column("query_string", label=_("Query"), sort_key="query_string"),
        Column("language", label=_("Language")),
        NumberColumn("total", label=_("Searches"), sort_key="total"),
    ]
    list_export = ["query_string", "language", "total"]
    export_headings = {
        "query_string": _("Query"),
        "language": _("Language"),
        "total": _("Searches"),
    }

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        return (
            ZeroResultQuery.objects.values("query_string", "language")
            .annotate(total=Sum("hits"))
            .order_by("-total")
        )


@hooks.register("register_admin_urls")
def register_zero_result_report_urls():
    return [
        path(
            "reports/search-zero-results/",
            ZeroResultReportView.as_view(),
            name="portal_search_zero_results",
        ),
        path(
            "reports/search-zero-results/results/",
            ZeroResultReportView.as_view(results_only=True),
            name="portal_search_zero_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_zero_result_report_menu_item():
    return MenuItem(
        _("Searches without results"),
        reverse("portal_search_zero_results"),
        name="search-zero-results",
        icon_name="search",
        order=1310,
    )
