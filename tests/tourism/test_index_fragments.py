"""The tourism page's cached parts (issue #27): header, subsections and
highlights per content version and filter state, the places section with its
filter form, pager and map per content version and query string
(``{% page_fragment %}``); the upcoming dates are rendered every time."""

import datetime

import pytest
from django.core.cache import cache

from tests import factories
from tests.fresh_render import fresh_client, get_counting

from . import factories as tf

pytestmark = pytest.mark.django_db

URL = "/tourismus/"
PINNED = datetime.datetime(2026, 6, 10, 8, 0, tzinfo=datetime.UTC)


def build_world():
    section = tf.tourism_section()
    crivitz = tf.municipality("Crivitz")
    tf.attraction(
        section.index,
        "stadtkirche-crivitz",
        "Stadtkirche Crivitz",
        category=tf.category("kirchen"),
        municipality=crivitz,
        featured=True,
        latitude="53.5700",
        longitude="11.6400",
    )
    tf.accommodation(
        section.index, "hotel-am-see", "Hotel am See", accommodation_type="hotel"
    )
    return section


world = factories.module_data(build_world)


def uncached(path):
    cache.clear()
    return fresh_client().get(path).content.decode()


@pytest.mark.parametrize("query", ["", "?type=attraction", "?page=2&x=1"])
def test_a_second_render_is_the_same_and_reads_no_listing(world, query):
    client = fresh_client()
    first, _ = get_counting(client, URL + query)
    second, queries = get_counting(client, URL + query)
    assert queries <= 1  # the page itself
    assert second.content == first.content
    assert second.content.decode() == uncached(URL + query)


def test_the_filter_state_and_the_query_string_are_fragments_of_their_own(world):
    client = fresh_client()
    everything = client.get(URL).content.decode()
    assert 'id="featured-title"' in everything and "Hotel am See" in everything
    stays = client.get(URL + "?type=accommodation").content.decode()
    assert 'id="featured-title"' not in stays
    assert "Hotel am See" in stays
    assert "Stadtkirche Crivitz</a></h3>" not in stays.split('id="places-title"')[1]
    # the pager's and GeoJSON links keep the query string as given
    assert "geojson/?type=accommodation" in stays


def test_a_publish_shows_at_once(world):
    client = fresh_client()
    client.get(URL)
    tf.attraction(
        world.index,
        "badestelle-plate",
        "Badestelle Plate",
        category=tf.category("baden"),
        featured=True,
    )
    html = client.get(URL).content.decode()
    assert html.count("Badestelle Plate") >= 3  # highlight, card, map list
    assert html == uncached(URL)


def test_upcoming_dates_follow_the_clock_inside_cached_parts(world, pinned_clock):
    pinned_clock.now = PINNED
    tf.event(
        world.events,
        "orgelkonzert",
        "Orgelkonzert",
        tf.day_at(1, 19, now=PINNED),
    )
    client = fresh_client()
    assert "Orgelkonzert" in client.get(URL).content.decode()
    pinned_clock.now = PINNED + datetime.timedelta(
        hours=2
    )  # same day: the fragments stay cached
    assert "Orgelkonzert" in client.get(URL).content.decode()
    pinned_clock.now = PINNED + datetime.timedelta(days=3)
    html = client.get(URL).content.decode()
    assert "Orgelkonzert" not in html
    assert "Stadtkirche Crivitz" in html
    assert html == uncached(URL)
