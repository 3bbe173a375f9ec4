"""iCalendar UIDs and time zones that do not depend on the request or on 2038."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from icalendar import Calendar, Event

from tourism.ical import _uid, add_timezones, yearly_timezone

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_uid_uses_the_configured_domain_not_the_host(settings, rf):
    settings.ICAL_UID_DOMAIN = "kalender.example.org"
    event = SimpleNamespace(
        translation_key="0f8e", locale=SimpleNamespace(language_code="de")
    )
    first = _uid(event, rf.get("/events.ics", HTTP_HOST="portal.example"))
    second = _uid(event, rf.get("/events.ics", HTTP_HOST="www.example.net"))
    assert first == second == "0f8e-de@kalender.example.org"


def test_uid_domain_defaults_to_the_canonical_host(settings):
    settings.ICAL_UID_DOMAIN = ""
    settings.WAGTAILADMIN_BASE_URL = "https://www.region.example:8443"
    event = SimpleNamespace(
        translation_key="ab", locale=SimpleNamespace(language_code="en")
    )
    assert _uid(event) == "ab-en@www.region.example"


def weekly_market():
    calendar = Calendar()
    event = Event()
    event.add("dtstart", datetime.datetime(2026, 5, 2, 8, tzinfo=BERLIN))
    event.add("rrule", {"freq": "weekly"})
    calendar.add_component(event)
    add_timezones(calendar)
    return Calendar.from_ical(calendar.to_ical())


def test_open_ended_recurrence_gets_a_timezone_without_end():
    timezones = weekly_market().walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    rules = {
        sub.name: sub["RRULE"].to_ical().decode() for sub in timezones[0].subcomponents
    }
    assert "UNTIL" not in "".join(rules.values())
    assert rules["DAYLIGHT"] == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert rules["STANDARD"] == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert b"2038" not in timezones[0].to_ical()


@pytest.mark.parametrize(
    ("moment", "hours"),
    [
        (datetime.datetime(2026, 7, 1, 12), 2),
        (datetime.datetime(2026, 12, 1, 12), 1),
        (datetime.datetime(2045, 3, 26, 3, 30), 2),  # after the change
        (datetime.datetime(2045, 3, 26, 1, 30), 1),  # before it
        (datetime.datetime(2090, 10, 29, 12), 1),
        (datetime.datetime(2090, 10, 28, 12), 2),
    ],
)
def test_the_timezone_agrees_with_zoneinfo_after_2038(moment, hours):
    zone = weekly_market().walk("VTIMEZONE")[0].to_tz()
    assert moment.replace(tzinfo=zone).utcoffset() == datetime.timedelta(hours=hours)
    assert moment.replace(tzinfo=BERLIN).utcoffset() == datetime.timedelta(hours=hours)


def test_first_onsets_are_instances_of_their_rules():
    component = yearly_timezone("Europe/Berlin")
    starts = {sub.name: sub.DTSTART for sub in component.subcomponents}
    assert starts["DAYLIGHT"] == datetime.datetime(1970, 3, 29, 2)
    assert starts["STANDARD"] == datetime.datetime(1970, 10, 25, 3)


def test_zones_without_daylight_saving_fall_back_to_icalendar():
    assert yearly_timezone("UTC") is None
    assert yearly_timezone("Asia/Tokyo") is None
