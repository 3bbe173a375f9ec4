"""Wagtail's own CSV exports with formula neutralisation (issue #19, finding 5).

Wagtail writes report cells into CSV as they are, so text typed by citizens (a
directory entry titled ``=HYPERLINK(...)``, a search term) reached the staff's
spreadsheet program as a formula. The views here are Wagtail's, with
``portal.spreadsheets.SafeSpreadsheetExportMixin`` first; ``portal/urls.py``
mounts them before the Wagtail admin, so they answer the same addresses
(Wagtail's URL names still ``reverse()`` to them). They get the decorators
Wagtail gives its admin URLs. ``tests/security/test_csv_exports.py`` checks that
every export view of the admin is one of these.
"""

from functools import update_wrapper

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports import aging_pages, audit_logging, locked_pages
from wagtail.admin.views.reports import workflows as workflow_reports
from wagtail.contrib.redirects import views as redirect_views
from wagtail.contrib.search_promotions.views import reports as search_reports

from portal.spreadsheets import SafeSpreadsheetExportMixin


class LockedPagesView(SafeSpreadsheetExportMixin, locked_pages.LockedPagesView):
    pass


class WorkflowView(SafeSpreadsheetExportMixin, workflow_reports.WorkflowView):
    pass


class WorkflowTasksView(SafeSpreadsheetExportMixin, workflow_reports.WorkflowTasksView):
    pass


class LogEntriesView(SafeSpreadsheetExportMixin, audit_logging.LogEntriesView):
    pass


class AgingPagesView(SafeSpreadsheetExportMixin, aging_pages.AgingPagesView):
    pass


class SearchTermsReportView(
    SafeSpreadsheetExportMixin, search_reports.SearchTermsReportView
):
    pass


class RedirectsIndexView(SafeSpreadsheetExportMixin, redirect_views.IndexView):
    pass


def _listing(prefix, view_class):
    """The listing and its results-only twin (both answer ``?export=csv``)."""
    return [
        path(prefix, admin_view(view_class.as_view())),
        path(f"{prefix}results/", admin_view(view_class.as_view(results_only=True))),
    ]


def admin_view(view):
    """Wagtail's decorators of admin URLs, keeping ``view_class`` (as Wagtail's
    ``decorate_urlpatterns`` does)."""
    return update_wrapper(never_cache(require_admin_access(view)), view)


# Relative to /admin/, as in wagtail/admin/urls/reports.py and the contrib apps.
urlpatterns = [
    *_listing("reports/locked/", LockedPagesView),
    *_listing("reports/workflow/", WorkflowView),
    *_listing("reports/workflow_tasks/", WorkflowTasksView),
    *_listing("reports/site-history/", LogEntriesView),
    *_listing("reports/aging-pages/", AgingPagesView),
    *_listing("searchpicks/reports/search-terms/", SearchTermsReportView),
    *_listing("redirects/", RedirectsIndexView),
]
