"""Creation rules and rendering of the tourism page types in both languages."""

import datetime

import pytest
from django.utils import translation
from wagtail.coreutils import get_dummy_request
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, StandardPage
from tests import factories
from tourism.models import (
    AccommodationPage,
    AttractionPage,
    EventIndexPage,
    EventPage,
    RouteIndexPage,
    RoutePage,
    TourismIndexPage,
)

from . import factories as tf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("section")]

WARNOW = [(53.6153, 11.6031), (53.6200, 11.6200), (53.6280, 11.6400)]


def build_section():
    """One page of each kind, in German and English (as an editor builds them)."""
    section = tf.tourism_section()
    tf.attraction(
        section.index,
        "stadtkirche-crivitz",
        "Stadtkirche Crivitz",
        en={"title": "Crivitz town church"},
        category=tf.category("kirchen"),
        free_entry=True,
        latitude="53.574600",
        longitude="11.649300",
    )
    tf.attraction(
        section.index,
        "heimatmuseum-crivitz",
        "Heimatstube Crivitz",
        en={
            "title": "Crivitz local history museum",
            "prices": [("price", {"label": "Adults", "amount": "5.00", "note": ""})],
        },
        category=tf.category("kultur"),
        latitude="53.575900",
        longitude="11.652100",
        prices=[("price", {"label": "Erwachsene", "amount": "5.00", "note": ""})],
        opening_hours=[
            (
                "weekly",
                {
                    "days": ["th", "fr", "sa", "su"],
                    "opens": datetime.time(11),
                    "closes": datetime.time(16),
                },
            )
        ],
    )
    tf.accommodation(
        section.index,
        "hotel-am-see-raben-steinfeld",
        "Hotel am See",
        en={"title": "Lakeside hotel"},
        accommodation_type="hotel",
        amenities=["wifi", "sauna"],
        accessibility=["step_free"],
        booking_url="https://buchung.example.org/hotel-am-see-raben-steinfeld",
    )
    tf.event(
        section.events,
        "wochenmarkt-crivitz",
        "Wochenmarkt Crivitz",
        tf.next_weekday(5, 8),
        en={"title": "Crivitz weekly market"},
        recurrence_rule="FREQ=WEEKLY;BYDAY=SA",
    )
    tf.event(
        section.events,
        "theater-pinnow",
        "Sommertheater",
        tf.day_at(20, 19),
        en={"title": "Summer theatre"},
        status="cancelled",
    )
    tf.route(
        section.routes,
        "paddeltour-warnow",
        "Paddeltour auf der Warnow",
        tf.track_line(WARNOW),
        en={"title": "Paddling the Warnow"},
        route_type="paddling",
    )
    return section


section = factories.module_data(build_section)


@pytest.fixture
def checks(client):
    """Wagtail's page assertions, without its TestCase class (whose class teardown
    closes the connection and with it the module's world)."""
    helper = WagtailPageTestCase(methodName="__init__")
    helper.client = client
    helper.dummy_request = get_dummy_request()
    return helper


def test_section_page_sits_below_the_home_page_once(checks):
    checks.assertAllowedParentPageTypes(TourismIndexPage, {HomePage})
    home = HomePage.objects.get(locale__language_code="de")
    # there is one tourism section already: no second one
    assert not TourismIndexPage.can_create_at(home)
    checks.assertCanNotCreateAt(StandardPage, TourismIndexPage)


def test_children_of_the_section_page(checks):
    checks.assertAllowedSubpageTypes(
        TourismIndexPage,
        {AttractionPage, AccommodationPage, EventIndexPage, RouteIndexPage},
    )
    checks.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
    checks.assertAllowedSubpageTypes(RouteIndexPage, {RoutePage})
    for leaf in (AttractionPage, AccommodationPage, EventPage, RoutePage):
        checks.assertAllowedSubpageTypes(leaf, {})
    checks.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
    checks.assertAllowedParentPageTypes(RoutePage, {RouteIndexPage})
    checks.assertAllowedParentPageTypes(AttractionPage, {TourismIndexPage})
    checks.assertCanNotCreateAt(HomePage, EventPage)


def test_every_page_type_renders_in_both_languages(client, checks):
    for model in (
        TourismIndexPage,
        AttractionPage,
        AccommodationPage,
        EventIndexPage,
        EventPage,
        RouteIndexPage,
        RoutePage,
    ):
        for language in ("de", "en"):
            page = model.objects.live().filter(locale__language_code=language).first()
            assert page is not None, (model, language)
            if language == "de":
                # Wagtail's helper routes in the active language.
                with translation.override("de"):
                    checks.assertPageIsRoutable(page)
                    checks.assertPageIsRenderable(page)
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert f'<html lang="{language}"' in response.content.decode()


def test_section_urls_follow_the_contract(client, section):
    assert client.get("/tourismus/").status_code == 200
    assert client.get("/en/tourism/").status_code == 200
    assert client.get("/tourismus/veranstaltungen/").status_code == 200
    assert client.get("/en/tourism/events/").status_code == 200


def test_german_page_has_german_interface(client, section):
    html = client.get("/tourismus/heimatmuseum-crivitz/").content.decode()
    assert "Öffnungszeiten" in html
    assert "Eintritt" in html
    assert "Erwachsene" in html
    assert "Opening hours" not in html


def test_english_pages_show_english_content(client, section):
    html = client.get("/en/tourism/heimatmuseum-crivitz/").content.decode()
    assert "Opening hours" in html
    assert "Crivitz local history museum" in html
    assert "Adults" in html
    # the category comes in English although the page points at the German snippet
    assert "Museums &amp; culture" in html
    listing = client.get("/en/tourism/").content.decode()
    assert "Lake Schwerin east shore" not in listing  # routes are on their own page
    assert "Crivitz town church" in listing
    assert "Upcoming events" in listing
    events = client.get("/en/tourism/events/").content.decode()
    assert "Crivitz weekly market" in events
    routes = client.get("/en/tourism/routes/").content.decode()
    assert "Paddling the Warnow" in routes


def test_accommodation_shows_type_amenities_and_booking(client, section):
    html = client.get("/tourismus/hotel-am-see-raben-steinfeld/").content.decode()
    assert "Hotel" in html
    assert "Sauna" in html
    assert 'href="https://buchung.example.org/hotel-am-see-raben-steinfeld"' in html
    assert "Stufenloser Zugang" in html


def test_route_page_shows_computed_figures_and_download(client, section):
    html = client.get("/tourismus/touren/paddeltour-warnow/").content.decode()
    assert "Länge" in html and " km" in html
    assert "/tourismus/touren/paddeltour-warnow/gpx/" in html
    response = client.get("/tourismus/touren/paddeltour-warnow/gpx/")
    assert response["Content-Type"] == "application/gpx+xml"
    assert 'filename="paddeltour-warnow.gpx"' in response["Content-Disposition"]
    assert b"<gpx" in b"".join(response.streaming_content)


def test_cancelled_event_is_marked(client, section):
    html = client.get("/tourismus/veranstaltungen/theater-pinnow/").content.decode()
    assert "Diese Veranstaltung fällt aus." in html
    assert "/events/" in html and ".ics" in html


def test_tourism_pages_load_nothing_from_other_hosts(client, section, settings):
    from tests.utils import fetched_hosts

    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    for url in (
        "/tourismus/",
        "/tourismus/heimatmuseum-crivitz/",
        "/tourismus/touren/paddeltour-warnow/",
    ):
        html = client.get(url).content.decode()
        assert fetched_hosts(html) == set(), url
        assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
