"""Finding 5 of issue #19: formula injection in staff CSV exports.

A citizen's directory entry titled ``=HYPERLINK(...)`` appeared unchanged in
the approval report CSV and in Wagtail's workflow, workflow-task and
site-history CSV exports. Every CSV export of the admin now passes its cells
through ``portal.spreadsheets.safe_cell`` (``SafeSpreadsheetExportMixin``; Wagtail's
own report views are answered by ``portal.admin_exports``).
"""

import csv
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowTask

from business.models import BusinessDirectoryPage, BusinessEntryPage
from portal.spreadsheets import SafeSpreadsheetExportMixin, safe_cell
from search.models import ZeroResultQuery
from tests.factories import UserFactory, add_page, home_page, module_data

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


def build_entry():
    """A citizen's entry with a formula as its title: live, locked, changed and
    waiting for approval (so it shows in every report); once for the module
    (``module_data``: each test's changes are rolled back)."""
    citizen = UserFactory()
    directory = add_page(home_page(), BusinessDirectoryPage, title="Verzeichnis")
    page = add_page(directory, BusinessEntryPage, title=FORMULA, slug="formel")
    workflow = Workflow.objects.create(name="Prüfung")
    task = GroupApprovalTask.objects.create(name="Fachprüfung")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page.save_revision(user=citizen, log_action=True)
    workflow.start(page, citizen)
    page.refresh_from_db()
    page.locked, page.locked_by, page.locked_at = True, citizen, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    return page.pk


entry_pk = module_data(build_entry)


@pytest.fixture
def entry(entry_pk):
    return Page.objects.get(pk=entry_pk).specific


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def csv_cells(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    "url_name",
    [
        "portal_approval_report",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
    ],
)
def test_entry_title_is_neutralised(admin_client, entry, url_name):
    cells = csv_cells(admin_client, reverse(url_name))
    formulas = [cell for cell in cells if "HYPERLINK" in cell]
    assert formulas, f"{url_name}: the entry is not in the export"
    assert all(cell == "'" + FORMULA for cell in formulas), formulas


@pytest.mark.parametrize(
    "url_name",
    ["wagtailsearchpromotions:search_terms", "portal_search_zero_results"],
)
def test_search_terms_are_neutralised(admin_client, url_name):
    text = "=cmd|' /C calc'!A0"
    Query.get(text).add_hit()
    ZeroResultQuery.objects.create(
        query_string=text, language="de", date=timezone.localdate(), hits=1
    )
    cells = csv_cells(admin_client, reverse(url_name))
    formulas = [cell for cell in cells if "calc" in cell]
    assert formulas
    assert all(cell.startswith("'=") for cell in formulas), formulas


def test_xlsx_keeps_the_text(admin_client, entry):
    from openpyxl import load_workbook

    response = admin_client.get(
        reverse("wagtailadmin_reports:workflow"), {"export": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert FORMULA in values  # stored as text by Wagtail, not as a formula


def _export_views(resolvers, prefix=""):
    for pattern in resolvers:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            yield from _export_views(
                pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix
            )
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            initkwargs = getattr(pattern.callback, "view_initkwargs", {})
            if (
                view_class
                and issubclass(view_class, SpreadsheetExportMixin)
                and (view_class.list_export or initkwargs.get("list_export"))
                and pattern.name
            ):
                yield f"{prefix}{pattern.name}", pattern


def test_every_export_view_of_the_admin_neutralises(db):
    """A new Wagtail report or a viewset with ``list_export`` must not bypass it."""
    checked = []
    for name, pattern in _export_views(get_resolver().url_patterns):
        if pattern.pattern.converters:
            continue  # none so far; a listing with arguments needs its own check
        view_class = resolve(reverse(name)).func.view_class
        assert issubclass(view_class, SafeSpreadsheetExportMixin), name
        checked.append(name)
    assert "wagtailadmin_reports:site_history" in checked
    assert "wagtailredirects:index" in checked


def test_safe_cell_rules():
    for text in ("=1+1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    for text in ("-12.5", "+49 3863 5550", "Bäckerei", "", 5):
        assert safe_cell(text) == text
