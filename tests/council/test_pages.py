"""Council pages: calendar, meeting, paper, iCalendar, home section (no demo data)."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Page

from council.models import CouncilIndexPage, FileRole
from home.models import HomePage
from tests import factories

from .factories import (
    AgendaItemFactory,
    BodyFactory,
    FileFactory,
    MeetingFactory,
    OrganizationFactory,
    PaperFactory,
    council_section,
    file_link,
)

pytestmark = pytest.mark.django_db


def build_council():
    return council_section(factories.home_page())


council = factories.module_data(build_council)


@pytest.fixture
def world(council):
    """A town council and a committee; an upcoming, a past, a cancelled and a
    long-past meeting; a paper on the agenda with its files."""
    now = timezone.now()
    body = BodyFactory(name="Stadt Seeburg")
    parliament = OrganizationFactory(body=body, name="Stadtvertretung Seeburg")
    committee = OrganizationFactory(body=body, name="Bauausschuss Seeburg")
    upcoming = MeetingFactory(
        body=body,
        name="Sitzung des Hauptausschusses",
        start=now + datetime.timedelta(days=49),
        organizations=[parliament],
        web="https://ratsinfo.test.example/sitzung/1",
        location="Rathaus Seeburg, Amtsstraße 5, 12345 Seeburg",
    )
    past = MeetingFactory(
        body=body,
        name="Sitzung der Stadtvertretung Seeburg",
        start=now - datetime.timedelta(days=42),
        organizations=[parliament],
    )
    cancelled = MeetingFactory(
        body=body,
        name="Sitzung des Bauausschusses (entfällt)",
        start=now + datetime.timedelta(days=10),
        cancelled=True,
        organizations=[committee],
    )
    paper = PaperFactory(
        body=body,
        name="Haushaltssatzung 2099",
        reference="SV/2099/052",
        web="https://ratsinfo.test.example/vorlage/3",
    )
    item = AgendaItemFactory(
        meeting=upcoming, name="Haushaltssatzung 2099", number="4", paper=paper
    )
    AgendaItemFactory(meeting=past, name="Bauvorhaben am See", paper=paper)
    invitation = FileFactory(
        name="Einladung", access_url="https://ratsinfo.test.example/einladung-1.pdf"
    )
    file_link(upcoming, FileRole.INVITATION, file=invitation)
    file_link(item, FileRole.AUXILIARY, file=invitation, name="Tagesordnung")
    file_link(item, FileRole.RESOLUTION, name="Haushaltssatzung 2099")
    file_link(
        paper,
        FileRole.MAIN,
        FileFactory(access_url="https://ratsinfo.test.example/vorlage-3.pdf"),
    )
    return {
        "upcoming": upcoming,
        "past": past,
        "cancelled": cancelled,
        "paper": paper,
    }


def test_creation_rules_and_rendering(council, client):
    assert CouncilIndexPage.allowed_parent_page_models() == [HomePage]
    assert CouncilIndexPage.allowed_subpage_models() == []
    assert client.get(council.url).status_code == 200


def test_calendar_lists_upcoming_and_past_meetings(client, world):
    html = client.get("/gremien/").content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Sitzung des Hauptausschusses" in upcoming
    assert "Sitzung der Stadtvertretung Seeburg" in past
    # The cancelled meeting is listed, marked as cancelled.
    assert (
        "Sitzung des Bauausschusses (entfällt)</a> "
        '<span class="badge badge--danger">abgesagt</span>'
    ) in upcoming
    assert 'href="/sitzungen.ics"' in html


def test_icalendar_leaves_out_meetings_more_than_a_year_ago(client, world):
    old = MeetingFactory(
        name="Sitzung im Frühjahr", start=timezone.now() - datetime.timedelta(days=800)
    )
    calendar = Calendar.from_ical(client.get("/sitzungen.ics").content)
    assert old.oparl_id not in {str(e["UID"]) for e in calendar.walk("VEVENT")}


def test_english_calendar(client, world):
    html = client.get("/en/council/").content.decode()
    assert "Upcoming meetings" in html
    assert f"/en/council/sitzung/{world['upcoming'].pk}/" in html


def test_meeting_detail_shows_agenda_papers_and_source_links(client, world):
    meeting, paper = world["upcoming"], world["paper"]
    html = client.get(f"/gremien/sitzung/{meeting.pk}/").content.decode()
    assert "Haushaltssatzung 2099" in html
    assert f'href="/gremien/vorlage/{paper.pk}/"' in html
    assert "https://ratsinfo.test.example/sitzung/1" in html
    assert '"@type": "Event"' in html
    # Files on agenda items, and one file in two roles (invitation, agenda).
    agenda = html.split('class="agenda"')[1].split("</ol>")[0]
    assert (
        'Beschluss:</span> <a href="https://ratsinfo.test.example/dokumente/' in agenda
    )
    assert ">Haushaltssatzung 2099</a>" in agenda
    assert (
        'Anlage:</span> <a href="https://ratsinfo.test.example/einladung-1.pdf" '
        'rel="external">Tagesordnung</a>'
    ) in agenda
    assert html.count("https://ratsinfo.test.example/einladung-1.pdf") == 2


def test_paper_detail(client, world):
    paper = world["paper"]
    html = client.get(f"/gremien/vorlage/{paper.pk}/").content.decode()
    assert "SV/2099/052" in html
    discussed = html.split("Beraten in")[1].split("</ul>")[0]
    assert "Sitzung des Hauptausschusses" in discussed
    assert "Sitzung der Stadtvertretung Seeburg" in discussed
    assert "https://ratsinfo.test.example/vorlage-3.pdf" in html
    assert "https://ratsinfo.test.example/vorlage/3" in html


def test_deleted_objects_are_not_shown(client, world):
    gone = world["cancelled"]
    gone.deleted = True
    gone.save()
    assert client.get(f"/gremien/sitzung/{gone.pk}/").status_code == 404
    assert "Sitzung des Bauausschusses" not in client.get("/gremien/").content.decode()
    assert client.get("/gremien/sitzung/999999/").status_code == 404
    paper = world["paper"]
    paper.deleted = True
    paper.save()
    assert client.get(f"/gremien/vorlage/{paper.pk}/").status_code == 404


def test_icalendar_export(client, world):
    response = client.get("/sitzungen.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    upcoming = world["upcoming"]
    event = events[upcoming.oparl_id]
    assert str(event["SUMMARY"]) == "Sitzung des Hauptausschusses"
    assert str(event["URL"]) == f"http://testserver/gremien/sitzung/{upcoming.pk}/"
    assert "Amtsstraße 5" in str(event["LOCATION"])
    assert str(events[world["cancelled"].oparl_id]["STATUS"]) == "CANCELLED"
    assert str(events[world["past"].oparl_id]["STATUS"]) == "CONFIRMED"


def test_icalendar_without_council_section_is_404(client, world):
    Page.objects.filter(
        pk__in=CouncilIndexPage.objects.values_list("pk", flat=True)
    ).update(live=False)
    assert client.get("/sitzungen.ics").status_code == 404


def test_home_page_shows_the_next_meetings(client, world):
    html = client.get("/").content.decode()
    assert "Nächste Sitzungen" in html
    section = html.split("Nächste Sitzungen")[1]
    assert "Sitzung des Hauptausschusses" in section
    assert "Sitzung der Stadtvertretung Seeburg" not in html  # past
    assert "Next council meetings" in client.get("/en/").content.decode()


def test_home_page_without_upcoming_meetings_has_no_meeting_section(client, council):
    MeetingFactory(start=timezone.now() - datetime.timedelta(days=1))
    assert "Nächste Sitzungen" not in client.get("/").content.decode()
