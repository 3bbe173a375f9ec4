"""The approval report and the dashboard panel "Waiting for my approval"."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from portal import roles
from tests import factories
from tests.portal.workflow_helpers import (
    child_page,
    make_sections,
    submit,
    user_with_groups,
    workflow_action,
    workflow_staff,
)

pytestmark = pytest.mark.django_db
REPORT = reverse("portal_approval_report")


def build_world():
    """The sections with ``setup_roles`` and the trail of decisions the report
    shows (a tourism page approved, a business page sent back), once for the
    module; each test's changes are rolled back (``module_data``)."""
    sections = make_sections(factories.home_page())
    client = Client()
    tourism = child_page(sections["tourism"], "lewitz", "Naturpark Lewitz")
    business = child_page(sections["business"], "foerderung", "Förderprogramme")
    client.force_login(workflow_staff("redaktion"))
    submit(client, tourism, title="Naturpark Lewitz – Führungen")
    client.force_login(workflow_staff("amtsleitung"))
    submit(client, business, title="Förderprogramme 2027")
    client.force_login(workflow_staff("pruefung"))
    workflow_action(client, tourism, "approve", "Termine geprüft.")
    workflow_action(client, business, "reject", "Fristen fehlen.")
    client.force_login(workflow_staff("amtsleitung"))
    workflow_action(client, tourism, "approve", "Veröffentlichung freigegeben.")
    return SimpleNamespace(sections={key: page.pk for key, page in sections.items()})


world = factories.module_data(build_world)


@pytest.fixture
def sections(world):
    return {key: Page.objects.get(pk=pk).specific for key, pk in world.sections.items()}


@pytest.fixture
def staff_user(sections):
    """The workflow's people by username, after ``setup_roles`` (``sections``)."""
    return workflow_staff


@pytest.fixture
def trail(world):
    """The decisions of ``build_world``."""
    return world


def test_report_shows_who_decided_what_and_why(client, staff_user, trail):
    client.force_login(staff_user("amtsleitung"))
    html = client.get(REPORT).content.decode()
    for expected in [
        "Naturpark Lewitz – Führungen",
        "Förderprogramme 2027",
        "Termine geprüft.",
        "Veröffentlichung freigegeben.",
        "Fristen fehlen.",
        "pruefung",
        roles.APPROVAL_TASK,
    ]:
        assert expected in html


def test_report_filters_by_section_and_date(client, staff_user, trail):
    client.force_login(staff_user("pruefung"))
    html = client.get(REPORT, {"section": "tourism"}).content.decode()
    assert "Termine geprüft." in html
    assert "Fristen fehlen." not in html
    html = client.get(REPORT, {"section": "business"}).content.decode()
    assert "Fristen fehlen." in html and "Termine geprüft." not in html
    html = client.get(REPORT, {"section": "general"}).content.decode()
    assert "Fristen fehlen." not in html and "Termine geprüft." not in html

    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = client.get(REPORT, {"started_at_from": tomorrow}).content.decode()
    assert "Termine geprüft." not in html
    today = timezone.localdate().isoformat()
    html = client.get(REPORT, {"started_at_from": today}).content.decode()
    assert "Termine geprüft." in html


def test_report_exports_csv(client, staff_user, trail):
    client.force_login(staff_user("amtsleitung"))
    response = client.get(REPORT, {"export": "csv", "section": "tourism"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "freigabebericht-" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header, data = rows[0], rows[1:]
    assert len(header) == 12
    decisions = {(row[5], row[9], row[11]) for row in data}
    assert (roles.REVIEW_TASK, "pruefung", "Termine geprüft.") in decisions
    assert (
        roles.APPROVAL_TASK,
        "amtsleitung",
        "Veröffentlichung freigegeben.",
    ) in decisions
    assert all(row[3] == "Tourismus" for row in data)


def test_editors_may_not_see_the_report(client, staff_user, django_user_model):
    client.force_login(staff_user("redaktion"))
    ajax = {"x-requested-with": "XMLHttpRequest"}
    assert client.get(REPORT, headers=ajax).status_code == 403
    response = client.get(REPORT)
    assert response.status_code == 302
    moderator = user_with_groups(django_user_model, "moderatorin", roles.MODERATORS)
    client.force_login(moderator)
    assert client.get(REPORT, headers=ajax).status_code == 403


def test_dashboard_panel_lists_only_what_i_may_approve(client, sections, staff_user):
    page = child_page(sections["tourism"], "zeltplatz", "Zeltplatz Raben Steinfeld")
    own = child_page(sections["tourism"], "chefsache", "Chefsache")
    client.force_login(staff_user("redaktion"))
    submit(client, page, title="Zeltplatz Raben Steinfeld")
    client.force_login(staff_user("amtsleitung"))
    submit(client, own, title="Chefsache")
    client.force_login(staff_user("pruefung"))
    workflow_action(client, page, "approve", "ok")
    workflow_action(client, own, "approve", "ok")

    client.force_login(staff_user("amtsleitung"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="awaiting-review' not in html  # replaces Wagtail's own list
    panel = waiting_panel(html)
    assert "Zeltplatz Raben Steinfeld" in panel
    assert "Chefsache" not in panel  # their own submission: someone else approves
    assert REPORT in panel

    client.force_login(staff_user("redaktion"))
    panel = waiting_panel(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Zeltplatz Raben Steinfeld" not in panel
    assert REPORT not in panel


def waiting_panel(html):
    start = html.index('id="waiting-for-my-approval')
    end = html.index("</section>", start)
    return html[start:end]
