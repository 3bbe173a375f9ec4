"""Event and route pages from cached fragments (issue #27): a fresh render
loads the page and nothing else; an event's dates and its schema.org dates
follow the clock while the rest of the page stays cached."""

import datetime
import json
import re

import pytest
from django.core.cache import cache

from tests import factories
from tests.fresh_render import fresh_client, get_counting
from tourism.models import EventPage, RoutePage

from . import factories as tf

pytestmark = pytest.mark.django_db

PINNED = datetime.datetime(2026, 6, 10, 8, 0, tzinfo=datetime.UTC)
EVENT = "/tourismus/veranstaltungen/orgelkonzert/"
ROUTE = "/tourismus/touren/seerunde/"
ROUTES = "/tourismus/touren/"


def build_world():
    section = tf.tourism_section()
    church = tf.attraction(
        section.index, "stadtkirche", "Stadtkirche Crivitz", municipality=None
    )
    tf.event(
        section.events,
        "orgelkonzert",
        "Orgelkonzert",
        tf.day_at(1, 19, now=PINNED),
        venue_page=church,
        category=tf.category("musik"),
        municipality=tf.municipality("Crivitz"),
    )
    tf.route(
        section.routes,
        "seerunde",
        "Seerunde",
        [(53.57, 11.64, 40), (53.58, 11.65, 45), (53.57, 11.64, 40)],
    )
    return section


world = factories.module_data(build_world)


def uncached(path):
    cache.clear()
    return fresh_client().get(path).content.decode()


def start_date(html):
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    return data.get("startDate")


@pytest.mark.parametrize("path", [EVENT, ROUTE, ROUTES, ROUTES + "?type=hiking"])
def test_a_second_render_loads_the_page_only_and_is_the_same(world, pinned_clock, path):
    pinned_clock.now = PINNED
    client = fresh_client()
    first, _ = get_counting(client, path)
    second, queries = get_counting(client, path)
    assert queries <= 1
    assert second.content == first.content
    assert second.content.decode() == uncached(path)


def test_the_event_page_shows_its_venue_category_and_municipality(world, pinned_clock):
    pinned_clock.now = PINNED
    html = fresh_client().get(EVENT).content.decode()
    for text in ("Orgelkonzert", "Stadtkirche Crivitz", "Musik", "Crivitz"):
        assert text in html


def test_dates_follow_the_clock_while_the_rest_stays_cached(world, pinned_clock):
    pinned_clock.now = PINNED
    client = fresh_client()
    html = client.get(EVENT).content.decode()
    assert "This event is over." not in html and "ist vorbei" not in html
    assert start_date(html).startswith("2026-06-11")
    pinned_clock.now = PINNED + datetime.timedelta(days=3)
    later = client.get(EVENT).content.decode()
    assert '<ul class="event-dates">' not in later
    assert later == uncached(EVENT)


def test_a_publish_shows_at_once(world, pinned_clock):
    pinned_clock.now = PINNED
    client = fresh_client()
    client.get(EVENT)
    client.get(ROUTE)
    client.get(ROUTES)
    event = EventPage.objects.get(slug="orgelkonzert")
    event.status = "cancelled"
    event.save_revision().publish()
    route = RoutePage.objects.get(slug="seerunde")
    route.title = "Große Seerunde"
    route.save_revision().publish()
    assert "kern-alert--danger" in client.get(EVENT).content.decode()
    assert "Große Seerunde" in client.get(ROUTE).content.decode()
    assert "Große Seerunde" in client.get(ROUTES).content.decode()
