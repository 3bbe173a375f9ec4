"""Opening hours: weekly hours, seasons, exceptions and "open now" in Europe/Berlin."""

import datetime

import pytest
from django.test import override_settings
from wagtail.blocks import StreamValue, StructBlockValidationError

from portal.opening_hours import (
    Exception_,
    OpeningHours,
    OpeningHoursBlock,
    Period,
    Season,
)

UTC = datetime.UTC
T = datetime.time
ALL = ("mo", "tu", "we", "th", "fr", "sa", "su")


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def museum():
    return OpeningHours(
        regular=[Period(("th", "fr", "sa", "su"), T(11), T(16))],
        seasons=[
            Season(
                datetime.date(2000, 5, 1),
                datetime.date(2000, 9, 30),
                (Period(("tu", "we", "th", "fr", "sa", "su"), T(10), T(17)),),
            )
        ],
        exceptions=[
            Exception_(datetime.date(2026, 12, 24), datetime.date(2026, 12, 26)),
            Exception_(
                datetime.date(2026, 11, 29),
                datetime.date(2026, 11, 29),
                closed=False,
                opens=T(13),
                closes=T(20),
                note="Adventsmarkt",
            ),
        ],
    )


def test_regular_hours_apply_outside_the_season(museum):
    # Thursday 5 March 2026, 12:00 CET = 11:00 UTC
    assert museum.is_open(utc(2026, 3, 5, 11, 0))
    # Monday: closed
    assert not museum.is_open(utc(2026, 3, 2, 11, 0))
    # Thursday 16:00 local = 15:00 UTC: closing time itself is closed
    assert not museum.is_open(utc(2026, 3, 5, 15, 0))
    assert museum.is_open(utc(2026, 3, 5, 14, 59))


def test_season_replaces_regular_hours_every_year(museum):
    # Tuesday 7 July 2026 09:30 local (CEST, 07:30 UTC): season, not yet open
    assert not museum.is_open(utc(2026, 7, 7, 7, 30))
    # 10:30 local: open (regular hours have no Tuesday)
    assert museum.is_open(utc(2026, 7, 7, 8, 30))
    # the same date of another year
    assert museum.is_open(utc(2031, 7, 8, 8, 30))
    assert museum.season_on(datetime.date(2026, 7, 7)) is not None


def test_exceptions_beat_season_and_regular_hours(museum):
    # Christmas Eve 2026 is a Thursday, normally open 11–16
    assert not museum.is_open(utc(2026, 12, 24, 12, 0))
    assert not museum.is_open(utc(2026, 12, 26, 12, 0))
    assert museum.times_on(datetime.date(2026, 12, 25)) == []
    # Special hours: Sunday 29 November 13:00–20:00 instead of 11–16
    assert not museum.is_open(utc(2026, 11, 29, 11, 0))  # 12:00 local
    assert museum.is_open(utc(2026, 11, 29, 18, 30))  # 19:30 local


def test_open_now_is_correct_on_the_spring_clock_change():
    hours = OpeningHours(regular=[Period(ALL, T(10), T(18))])
    # Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
    # 08:30 UTC is 10:30 CEST: open (a fixed +1 offset would say 09:30, closed).
    assert hours.is_open(utc(2026, 3, 29, 8, 30))
    # 16:30 UTC is 18:30 CEST: closed (a fixed +1 offset would say 17:30, open).
    assert not hours.is_open(utc(2026, 3, 29, 16, 30))
    start, end = hours.intervals_on(datetime.date(2026, 3, 29))[0]
    assert start == utc(2026, 3, 29, 8, 0)
    assert end == utc(2026, 3, 29, 16, 0)


def test_open_now_is_correct_on_the_autumn_clock_change():
    hours = OpeningHours(regular=[Period(ALL, T(10), T(18))])
    # Sunday 25 October 2026: back from CEST to CET; 09:30 UTC is 10:30 CET.
    assert hours.is_open(utc(2026, 10, 25, 9, 30))
    # 08:30 UTC is 09:30 CET: closed (a fixed +2 offset would say 10:30, open).
    assert not hours.is_open(utc(2026, 10, 25, 8, 30))
    assert hours.is_open(utc(2026, 10, 25, 16, 59))
    assert not hours.is_open(utc(2026, 10, 25, 17, 0))


def test_hours_across_the_clock_change_are_one_hour_shorter():
    early = OpeningHours(regular=[Period(("su",), T(1), T(4))])
    start, end = early.intervals_on(datetime.date(2026, 3, 29))[0]
    assert start == utc(2026, 3, 29, 0, 0)  # 01:00 CET
    assert end == utc(2026, 3, 29, 2, 0)  # 04:00 CEST
    assert end - start == datetime.timedelta(hours=2)


def test_closing_at_midnight_means_the_end_of_the_day():
    bar = OpeningHours(regular=[Period(("sa",), T(20), T(0))])
    start, end = bar.intervals_on(datetime.date(2026, 3, 28))[0]
    assert end - start == datetime.timedelta(hours=4)
    assert bar.is_open(utc(2026, 3, 28, 22, 30))  # 23:30 CET on Saturday
    assert not bar.is_open(utc(2026, 3, 28, 23, 0))  # Sunday 00:00 CET


@override_settings(TIME_ZONE="Europe/Berlin")
def test_status_gives_closing_and_next_opening_time(museum):
    status = museum.status(utc(2026, 3, 5, 11, 0))
    assert status["open"] is True
    assert status["until"].hour == 16
    status = museum.status(utc(2026, 3, 2, 11, 0))  # Monday
    assert status["open"] is False
    assert status["next"].date() == datetime.date(2026, 3, 5)
    assert status["next"].hour == 11


def test_schema_org_specification(museum):
    specs = museum.to_schema()
    regular = specs[0]
    assert regular["@type"] == "OpeningHoursSpecification"
    assert regular["dayOfWeek"][0] == "https://schema.org/Thursday"
    assert (regular["opens"], regular["closes"]) == ("11:00", "16:00")
    seasonal = specs[1]
    assert seasonal["validFrom"].endswith("-05-01")
    assert seasonal["validThrough"].endswith("-09-30")
    closure = specs[2]
    assert closure["validFrom"] == "2026-12-24"
    assert (closure["opens"], closure["closes"]) == ("00:00", "00:00")


def test_built_from_the_editors_stream():
    block = OpeningHoursBlock()
    stream = StreamValue(
        block,
        [
            ("weekly", {"days": ["mo", "tu"], "opens": T(9), "closes": T(12)}),
            (
                "exception",
                {"date": datetime.date(2026, 5, 1), "closed": True, "note": "Feiertag"},
            ),
        ],
    )
    hours = OpeningHours.from_stream(stream)
    assert hours.times_on(datetime.date(2026, 4, 27)) == [(T(9), T(12))]
    assert hours.times_on(datetime.date(2026, 5, 1)) == []


def test_blocks_refuse_closing_before_opening_and_missing_special_hours():
    weekly = OpeningHoursBlock().child_blocks["weekly"]
    with pytest.raises(StructBlockValidationError) as error:
        weekly.clean(
            weekly.to_python({"days": ["mo"], "opens": "18:00", "closes": "09:00"})
        )
    assert "closes" in error.value.block_errors
    exception = OpeningHoursBlock().child_blocks["exception"]
    with pytest.raises(StructBlockValidationError) as error:
        exception.clean(
            exception.to_python({"date": "2026-05-01", "closed": False, "note": ""})
        )
    assert {"opens", "closes"} <= set(error.value.block_errors)
