"""The tourism section on the home page (through the portal_home_sections hook)."""

import pytest

from tests import factories
from tourism.models import EventOccurrence, EventPage

from . import factories as tf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def build_world():
    section = tf.tourism_section(teaser=True)
    for days, slug, title in (
        (3, "lesung", "Lesung im Museum"),
        (5, "konzert", "Konzert am See"),
        (8, "markt", "Bauernmarkt"),
        (30, "spaeter", "Spätes Fest"),
    ):
        tf.event(
            section.events,
            slug,
            title,
            tf.day_at(days, 10),
            en={"title": f"{title} EN"},
        )
    return section


world = factories.module_data(build_world)


def test_home_page_shows_the_next_three_events(client, locale_de):
    html = client.get("/").content.decode()
    assert "Nächste Veranstaltungen" in html
    assert 'href="/tourismus/veranstaltungen/"' in html
    section = html.split("Nächste Veranstaltungen", 1)[1].split("</section>", 1)[0]
    assert section.count('<li class="event-item') == 3
    first = EventOccurrence.upcoming(locale_de, limit=1)[0]
    assert first.event.title == "Lesung im Museum"
    assert "Lesung im Museum" in section
    assert "Bauernmarkt" in section
    assert "Spätes Fest" not in section


def test_english_home_page_shows_english_events(client):
    html = client.get("/en/").content.decode()
    assert "Upcoming events" in html
    assert 'href="/en/tourism/events/"' in html
    assert "Lesung im Museum EN" in html


def test_home_page_has_a_tourism_teaser_once(home):
    home.refresh_from_db()
    teasers = [block for block in home.teasers if block.value["icon"] == "tourism"]
    assert len(teasers) == 1
    assert teasers[0].value["page"].slug == "tourismus"


def test_no_section_without_upcoming_events(client):
    for page in EventPage.objects.live():
        page.unpublish()
    assert "Nächste Veranstaltungen" not in client.get("/").content.decode()
