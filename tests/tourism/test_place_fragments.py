"""Attraction and accommodation pages from cached fragments (issue #27): a fresh
render (a signed-in visit) loads the page and nothing else; what changes with
time (opening hours, the next dates at the place) stays current."""

import pytest
from django.utils import timezone
from wagtail.coreutils import get_dummy_request

from tests import factories
from tests.fresh_render import fresh_client, get_counting
from tourism.models import AccommodationPage, AttractionPage

from . import factories as tf

pytestmark = pytest.mark.django_db

ATTRACTION = "/tourismus/heimatmuseum-crivitz/"
HOTEL = "/tourismus/hotel-am-see/"


def build_world():
    section = tf.tourism_section()
    municipality = tf.municipality("Crivitz")
    museum = tf.attraction(
        section.index,
        "heimatmuseum-crivitz",
        "Heimatstube Crivitz",
        category=tf.category("kultur"),
        municipality=municipality,
        latitude="53.575900",
        longitude="11.652100",
        prices=[("price", {"label": "Erwachsene", "amount": "5.00", "note": ""})],
    )
    tf.event(
        section.events,
        "museumsnacht",
        "Museumsnacht",
        tf.day_at(3, 19),
        venue_page=museum,
    )
    tf.accommodation(
        section.index,
        "hotel-am-see",
        "Hotel am See",
        accommodation_type="hotel",
        municipality=municipality,
        amenities=["wifi"],
    )
    return section


world = factories.module_data(build_world)


def test_attraction_renders_again_with_one_query(world):
    client = fresh_client()
    first, _ = get_counting(client, ATTRACTION)
    second, queries = get_counting(client, ATTRACTION)
    assert queries <= 1
    html = second.content.decode()
    assert html == first.content.decode()
    for text in ("Heimatstube Crivitz", "5,00", "Museumsnacht", "Gemeinde Crivitz"):
        assert text in html
    assert "TouristAttraction" in html  # the cached schema.org data
    assert "/tourismus/geojson/?page_id=" in html  # the map, from the fragment


def test_accommodation_renders_again_with_one_query(world):
    client = fresh_client()
    get_counting(client, HOTEL)
    response, queries = get_counting(client, HOTEL)
    assert queries <= 1
    html = response.content.decode()
    assert "Hotel am See" in html


def test_published_changes_and_new_dates_show_at_once(world):
    client = fresh_client()
    client.get(ATTRACTION)
    museum = AttractionPage.objects.get(slug="heimatmuseum-crivitz")
    museum.title = "Heimatmuseum Crivitz"
    museum.save_revision().publish()
    tf.event(
        world.events, "lesung", "Lesung im Museum", tf.day_at(5, 18), venue_page=museum
    )
    html = client.get(ATTRACTION).content.decode()
    assert "Heimatmuseum Crivitz" in html
    assert "Lesung im Museum" in html


def test_a_preview_renders_the_draft_not_the_cached_fragments(world):
    page = AccommodationPage.objects.get(slug="hotel-am-see")
    request = get_dummy_request()
    request.is_preview = True
    assert page.get_context(request)["detail_pages"] == []
    request = get_dummy_request()
    assert page.get_context(request)["detail_pages"] == [page]


def test_past_dates_leave_the_page(world, pinned_clock):
    client = fresh_client()
    assert "Museumsnacht" in client.get(ATTRACTION).content.decode()
    pinned_clock.now += timezone.timedelta(days=10)
    assert "Museumsnacht" not in client.get(ATTRACTION).content.decode()
