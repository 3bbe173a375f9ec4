"""/events.ics and the per-event .ics, parsed back with the icalendar library."""

import datetime

import pytest
from icalendar import Calendar

from tests import factories
from tourism.models import EventPage

from . import factories as tf
from .helpers import add_event, berlin, event_index


def build_world():
    return tf.calendar(tf.tourism_section())


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_by_summary(calendar):
    return {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}


def test_feed_is_valid_rfc5545_with_timezone(client, world):
    calendar = parse(client.get("/events.ics"))
    assert calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    assert timezones[0].walk("DAYLIGHT") and timezones[0].walk("STANDARD")
    events = calendar.walk("VEVENT")
    assert len(events) == len(world)  # one VEVENT per event, series included
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event.get("SUMMARY"))
    assert len({str(event["UID"]) for event in events}) == len(events)
    # the German feed by default
    assert "Wochenmarkt Crivitz" in events_by_summary(calendar)


def test_recurring_event_has_rrule_exdate_and_local_start(client):
    market = events_by_summary(parse(client.get("/events.ics")))["Wochenmarkt Crivitz"]
    assert market["RRULE"]["FREQ"] == ["WEEKLY"]
    assert market["RRULE"]["BYDAY"] == ["SA"]
    start = market.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert market["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.hour == 8
    excluded = market["EXDATE"]
    excluded = excluded if isinstance(excluded, list) else [excluded]
    dates = [value.dt for item in excluded for value in item.dts]
    page = EventPage.objects.get(slug="wochenmarkt-crivitz", locale__language_code="de")
    assert [d.date() for d in dates] == page.exception_dates()
    assert all(d.hour == 8 for d in dates)


def test_cancelled_all_day_and_online_events(client):
    events = events_by_summary(parse(client.get("/events.ics")))
    assert events["Sommertheater: Der zerbrochne Krug"]["STATUS"] == "CANCELLED"
    assert events["Wochenmarkt Crivitz"]["STATUS"] == "CONFIRMED"
    assert events["Geführte Radtour durch die Lewitz"]["STATUS"] == "TENTATIVE"
    festival = events["Seefest Raben Steinfeld"]
    start, end = festival.decoded("DTSTART"), festival.decoded("DTEND")
    assert type(start) is datetime.date and type(end) is datetime.date
    assert (end - start).days == 2  # two days, DTEND exclusive
    talk = events["Vortrag: Die Warnow und ihre Eisvögel"]
    assert str(talk["LOCATION"]) == "https://meet.example.org/warnow"
    course = events["Paddelkurs für Einsteiger"]
    assert str(course["ORGANIZER"]) == "mailto:kanu@example.org"
    assert course["ORGANIZER"].params["CN"] == "Kanustation Leezen"
    assert "GEO" in course


def test_feed_filters_like_the_listing(client):
    markets = events_by_summary(
        parse(client.get("/events.ics", {"category": "maerkte"}))
    )
    assert "Wochenmarkt Crivitz" in markets
    assert "Kranichbeobachtung in der Lewitz" not in markets
    leezen = events_by_summary(
        parse(client.get("/events.ics", {"municipality": "leezen"}))
    )
    assert set(leezen) >= {"Flohmarkt am Hafen", "Paddelkurs für Einsteiger"}
    assert "Wochenmarkt Crivitz" not in leezen
    english = events_by_summary(parse(client.get("/events.ics", {"lang": "en"})))
    assert "Crivitz weekly market" in english
    assert client.get("/events.ics", {"from": "gestern"}).status_code == 400
    assert client.get("/events.ics", {"lang": "xx"}).status_code == 400


def test_feed_leaves_out_past_events(client):
    add_event(
        event_index(),
        "laengst-vorbei",
        berlin(2020, 5, 1, 10),
        title="Längst vorbei",
        end=berlin(2020, 5, 1, 12),
    )
    events = events_by_summary(parse(client.get("/events.ics")))
    assert "Längst vorbei" not in events
    events = events_by_summary(
        parse(client.get("/events.ics", {"from": "2020-04-01", "to": "2020-05-31"}))
    )
    assert set(events) == {"Längst vorbei"}


def test_single_event_download(client):
    page = EventPage.objects.get(slug="orgelmusik-plate", locale__language_code="en")
    response = client.get(f"/events/{page.pk}.ics")
    calendar = parse(response)
    assert 'filename="orgelmusik-plate.ics"' in response["Content-Disposition"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Sunday organ music"
    assert event["RRULE"]["COUNT"] == [8]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(
        hours=1
    )
    assert calendar.walk("VTIMEZONE")
    html = client.get(page.url).content.decode()
    assert f'href="/events/{page.pk}.ics"' in html


def test_unpublished_event_has_no_ics(client):
    page = EventPage.objects.get(slug="orgelmusik-plate", locale__language_code="de")
    page.unpublish()
    assert client.get(f"/events/{page.pk}.ics").status_code == 404
    assert "Orgelmusik am Sonntag" not in events_by_summary(
        parse(client.get("/events.ics"))
    )
