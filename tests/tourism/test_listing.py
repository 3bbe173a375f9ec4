"""The event listing: filters, pagination, and a constant number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tourism.models import EventOccurrence
from tourism.models.events import EVENTS_PER_PAGE

from . import factories as tf
from .helpers import add_event, berlin, event_index, fresh_event_index


def build_world():
    section = tf.tourism_section()
    tf.calendar(section)
    return section


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def future(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return berlin(day.year, day.month, day.day, hour)


def test_listing_shows_events_in_date_order(client):
    html = client.get("/tourismus/veranstaltungen/").content.decode()
    assert "Wochenmarkt Crivitz" in html
    occurrences = EventOccurrence.listing(event_index().locale, within=event_index())
    starts = [item.start for item in occurrences[:30]]
    assert starts == sorted(starts)
    assert all(item.end >= timezone.now() for item in occurrences[:30])


def test_recurring_event_has_one_entry_per_date_without_exceptions():
    market = event_index().get_children().get(slug="wochenmarkt-crivitz").specific
    dates = list(market.dates.order_by("start").values_list("start", flat=True))
    assert len(dates) > 50
    local = [d.astimezone(market.zone) for d in dates]
    assert {d.weekday() for d in local} == {5}
    assert {d.hour for d in local} == {8}
    skipped = market.exception_dates()[0]
    assert skipped not in {d.date() for d in local}


def test_filters_by_category_municipality_and_date_range(client):
    response = client.get("/tourismus/veranstaltungen/", {"category": "maerkte"})
    html = response.content.decode()
    assert "Wochenmarkt Crivitz" in html
    assert "Kranichbeobachtung" not in html
    html = client.get(
        "/tourismus/veranstaltungen/", {"municipality": "leezen"}
    ).content.decode()
    assert "Flohmarkt am Hafen" in html
    assert "Wochenmarkt Crivitz" not in html
    day = timezone.localdate() + datetime.timedelta(days=12)
    html = client.get(
        "/tourismus/veranstaltungen/",
        {"date_from": day.isoformat(), "date_to": day.isoformat()},
    ).content.decode()
    assert "Kranichbeobachtung in der Lewitz" in html
    assert "Seefest" not in html
    # the iCalendar link carries the same filters
    assert "/events.ics?from=" in html and "lang=de" in html


def test_reversed_date_range_is_explained_next_to_the_field(client):
    html = client.get(
        "/tourismus/veranstaltungen/",
        {"date_from": "2026-12-10", "date_to": "2026-12-01"},
    ).content.decode()
    assert 'class="error-summary"' in html
    assert "Das Enddatum darf nicht vor dem Anfangsdatum liegen." in html
    assert 'href="#filter-date_to"' in html
    # the invalid range filters nothing: the upcoming dates are listed
    assert "Kranichbeobachtung in der Lewitz" in html


def test_english_listing_uses_english_names(client):
    html = client.get("/en/tourism/events/", {"category": "maerkte"}).content.decode()
    assert "Crivitz weekly market" in html
    assert "Markets" in html
    assert "Märkte" not in html.split("<main", 1)[1]


def test_pagination(client):
    first = client.get("/tourismus/veranstaltungen/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/tourismus/veranstaltungen/", {"page": 2}).content.decode()
    assert 'aria-current="page">2<' in second


def count_queries(client, url):
    """Queries of a render with empty caches: what the listing itself reads.

    A warm render makes no query at all (the route cache keeps the page's row and
    the listing its keys and cards), so only a cold one can show growth."""
    client.get(url)  # load templates and everything else kept in the process
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_query_count_does_not_grow_with_the_number_of_events(client):
    index = fresh_event_index()
    market = tf.category("maerkte")
    village = tf.municipality("Plate")
    for number in range(10):
        add_event(
            index,
            f"e-{number}",
            future(1 + number % 20),
            category=market,
            municipality=village,
        )
    url = index.url
    filtered_url = url + "?category=maerkte&municipality=plate"
    small, response = count_queries(client, url)
    assert response.content.decode().count('<li class="event-item') == 10
    small_filtered, _response = count_queries(client, filtered_url)
    # half a page before, two and a half pages after: a full first page and more
    # pages behind it, so a query per event or per page shows in the count
    assert 10 < EVENTS_PER_PAGE < 25
    for number in range(10, 50):
        add_event(
            index,
            f"e-{number}",
            future(1 + number % 20),
            category=market,
            municipality=village,
        )
    large, response = count_queries(client, url)
    assert response.content.decode().count('<li class="event-item') == EVENTS_PER_PAGE
    assert large == small
    large_filtered, response = count_queries(client, filtered_url)
    assert response.content.decode().count('<li class="event-item') == EVENTS_PER_PAGE
    assert large_filtered == small_filtered


def test_an_all_day_event_is_not_listed_on_the_day_after_it(client):
    index = fresh_event_index()
    add_event(index, "dorffest", berlin(2027, 6, 5, 0), all_day=True)
    listed = EventOccurrence.listing(
        index.locale, within=index, date_from=datetime.date(2027, 6, 5)
    )
    assert listed.count() == 1
    after = EventOccurrence.listing(
        index.locale, within=index, date_from=datetime.date(2027, 6, 6)
    )
    assert after.count() == 0


def test_an_edited_event_shows_changed_on_the_cached_listing_after_publish(client):
    """Cards, counts and pages are cached (issue #27); a publish makes them stale."""
    index = fresh_event_index("kartenkalender")
    event = add_event(index, "lesung", future(3), title="Lesung im Schloss")
    client.cookies["sessionid"] = "signed-in"  # a fresh render, past the page cache
    for _ in range(2):
        html = client.get(index.url).content.decode()
        assert "Lesung im Schloss" in html
    event.title = "Lesung abgesagt"
    event.save_revision().publish()
    html = client.get(index.url).content.decode()
    assert "Lesung abgesagt" in html and "Lesung im Schloss" not in html
    add_event(index, "konzert", future(4), title="Konzert am See")
    assert "Konzert am See" in client.get(index.url).content.decode()
