"""Council pages: calendar, meeting, paper, iCalendar, home section (demo data)."""

import pytest
from icalendar import Calendar
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from council.models import CouncilIndexPage, Meeting, Paper
from home.models import HomePage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DEMO = "https://ratsinfo.amt-crivitz.example/oparl/v1/"


class CouncilPageTypesTest(WagtailPageTestCase):
    def test_creation_rules_and_rendering(self):
        self.assertAllowedParentPageTypes(CouncilIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CouncilIndexPage, {})
        page = CouncilIndexPage.objects.get(locale__language_code="de")
        self.assertPageIsRoutable(page)
        self.assertPageIsRenderable(page)


def meeting(number, body="crivitz"):
    return Meeting.objects.get(oparl_id=f"{DEMO}body/{body}/meeting/{number}")


def test_calendar_lists_upcoming_and_past_meetings(client):
    html = client.get("/gremien/").content.decode()
    upcoming, past = html.split('id="past-title"')
    assert (
        "Sitzung des Hauptausschusses" in upcoming
    )  # seven weeks after the fixture day
    assert "Sitzung im Frühjahr" not in html
    assert (
        "Sitzung der Stadtvertretung Crivitz" in past
    )  # six weeks before the fixture day
    # The cancelled meeting is listed, marked as cancelled.
    assert (
        "Sitzung des Bauausschusses (entfällt)</a> "
        '<span class="badge badge--danger">abgesagt</span>'
    ) in upcoming
    assert 'href="/sitzungen.ics"' in html


def test_english_calendar(client):
    html = client.get("/en/council/").content.decode()
    assert "Upcoming meetings" in html
    assert f"/en/council/sitzung/{meeting(3).pk}/" in html


def test_meeting_detail_shows_agenda_papers_and_source_links(client):
    html = client.get(f"/gremien/sitzung/{meeting(1).pk}/").content.decode()
    assert "Haushaltssatzung 2027" in html
    paper = Paper.objects.get(oparl_id=f"{DEMO}body/crivitz/paper/1")
    assert f'href="/gremien/vorlage/{paper.pk}/"' in html
    assert "https://ratsinfo.amt-crivitz.example/sitzung/crivitz-1" in html
    assert (
        "https://ratsinfo.amt-crivitz.example/dokumente/crivitz-einladung-1.pdf" in html
    )
    assert '"@type": "Event"' in html
    # Files on agenda items, and one file in two roles (invitation, agenda).
    agenda = html.split('class="agenda"')[1].split("</ol>")[0]
    assert "Beschluss – Haushaltssatzung 2027" in agenda
    assert "Anlage – Haushaltsplan 2027 (Entwurf)" in agenda
    assert html.count("dokumente/crivitz-einladung-1.pdf") == 2


def test_paper_detail(client):
    paper = Paper.objects.get(oparl_id=f"{DEMO}body/crivitz/paper/3")
    html = client.get(f"/gremien/vorlage/{paper.pk}/").content.decode()
    assert "SV/2026/052" in html
    assert "Sitzung des Bauausschusses" in html  # discussed in
    assert (
        "https://ratsinfo.amt-crivitz.example/dokumente/crivitz-vorlage-3.pdf" in html
    )


def test_deleted_objects_are_not_shown(client):
    gone = meeting(2)
    gone.deleted = True
    gone.save()
    assert client.get(f"/gremien/sitzung/{gone.pk}/").status_code == 404
    assert (
        "Sitzung des Bauausschusses</a>" not in client.get("/gremien/").content.decode()
    )
    assert client.get("/gremien/sitzung/999999/").status_code == 404


def test_icalendar_export(client):
    response = client.get("/sitzungen.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    event = events[f"{DEMO}body/crivitz/meeting/3"]
    assert str(event["SUMMARY"]) == "Sitzung der Stadtvertretung Crivitz"
    assert str(event["URL"]) == f"http://testserver/gremien/sitzung/{meeting(3).pk}/"
    assert "Amtsstraße 5" in str(event["LOCATION"])
    assert str(events[f"{DEMO}body/crivitz/meeting/5"]["STATUS"]) == "CANCELLED"


def test_icalendar_without_council_section_is_404(client):
    Page.objects.filter(
        pk__in=CouncilIndexPage.objects.values_list("pk", flat=True)
    ).update(live=False)
    assert client.get("/sitzungen.ics").status_code == 404


def test_home_page_shows_news_announcements_and_next_meetings(client):
    html = client.get("/").content.decode()
    assert "Neueste Nachrichten" in html
    assert "Ortsdurchfahrt Banzkow wird ab März saniert" in html
    assert "Amtliche Bekanntmachungen" in html
    assert "Nächste Sitzungen" in html
    assert "Sitzung der Stadtvertretung Crivitz" in html
    assert 'href="/aktuelles/"' in html
    english = client.get("/en/").content.decode()
    assert "Latest news" in english
    assert "New day-care centre opens in Plate" in english


def test_demo_committees_and_member_search(client):
    html = client.get("/gremien/").content.decode()
    assert "Stadtvertretung Crivitz" in html.split('id="upcoming-title"')[0]
    html = client.get("/gremien/mitglieder/?partei=Bürger+für+Crivitz").content.decode()
    assert "Rainer Rat" in html and "Sabine Möller" not in html
    html = client.get("/en/council/mitglieder/?name=Yıldız").content.decode()
    assert "Mehmet Yıldız" in html
