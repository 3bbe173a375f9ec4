"""Recurrence rules: expansion in wall-clock time, exceptions, impossible rules."""

import calendar
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tourism import recurrence


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


BERLIN = ZoneInfo("Europe/Berlin")
UTC = datetime.UTC


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def test_weekly_rule_keeps_the_local_time_across_the_clock_change():
    start = berlin(2026, 3, 21, 10)
    dates = recurrence.expand(
        start, start + datetime.timedelta(hours=2), "FREQ=WEEKLY;BYDAY=SA;COUNT=3"
    )
    assert [s.astimezone(UTC).hour for s, _e in dates] == [9, 9, 8]
    assert all(s.astimezone(BERLIN).hour == 10 for s, _e in dates)
    assert all(e - s == datetime.timedelta(hours=2) for s, e in dates)


def test_exception_dates_are_left_out_and_count_includes_them():
    start = berlin(2026, 5, 2, 8)
    dates = recurrence.expand(
        start,
        start + datetime.timedelta(hours=4),
        "FREQ=WEEKLY;BYDAY=SA;COUNT=4",
        [datetime.date(2026, 5, 9)],
    )
    assert [s.date() for s, _e in dates] == [
        datetime.date(2026, 5, 2),
        datetime.date(2026, 5, 16),
        datetime.date(2026, 5, 23),
    ]


def test_monthly_first_sunday_and_until_in_utc():
    start = berlin(2026, 1, 4, 14)
    dates = recurrence.expand(
        start, None, "FREQ=MONTHLY;BYDAY=1SU;UNTIL=20260601T000000Z"
    )
    assert [s.date().isoformat() for s, _e in dates] == [
        "2026-01-04",
        "2026-02-01",
        "2026-03-01",
        "2026-04-05",
        "2026-05-03",
    ]


def test_unbounded_rules_stop_at_the_window_and_the_horizon():
    start = berlin(2026, 1, 1, 9)
    window = recurrence.expand(
        start,
        None,
        "FREQ=DAILY",
        window_start=berlin(2026, 2, 1, 0),
        window_end=berlin(2026, 2, 10, 0),
    )
    assert len(window) == 9
    everything = recurrence.expand(start, None, "FREQ=DAILY")
    assert len(everything) == recurrence.MAX_OCCURRENCES


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "produces no date"),
        ("FREQ=SOMETIMES", "yearly, monthly, weekly or daily"),
        ("every saturday", "not a valid recurrence rule"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid recurrence rule"),
        # dateutil would loop for ever (INTERVAL=0) or step through every second
        ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=-2", "INTERVAL must be"),
        ("FREQ=HOURLY;BYHOUR=3", "yearly, monthly, weekly or daily"),
        ("FREQ=SECONDLY", "yearly, monthly, weekly or daily"),
        # never matches on a daily rule: the search is bounded, not run to 9999
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "produces no date"),
        ("FREQ=DAILY;UNTIL=20200101T000000Z", "ends (UNTIL) before"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=DAILY", "only the rule itself"),
    ],
)
def test_impossible_or_malformed_rules_are_refused(rule, message):
    with pytest.raises(ValidationError) as error:
        recurrence.build_rule(rule, datetime.datetime(2026, 3, 1, 10), BERLIN)
    assert message in " ".join(error.value.messages)


def test_exception_dates_must_be_dates():
    assert recurrence.parse_exception_dates("2026-12-24\n\n2026-12-31") == [
        datetime.date(2026, 12, 24),
        datetime.date(2026, 12, 31),
    ]
    with pytest.raises(ValidationError) as error:
        recurrence.parse_exception_dates("2026-12-24\n24.12.2026")
    assert "Line 2" in error.value.messages[0]


@pytest.mark.parametrize(
    "dtstart",
    [
        datetime.datetime(2026, 12, 7, 10),
        datetime.datetime(2028, 2, 29, 18, 30),
        datetime.datetime(2099, 12, 31, 23, 0),
    ],
)
def test_the_first_date_search_runs_on_the_same_calendar_near_the_year_9999(dtstart):
    # dateutil gives up on a rule that never matches only when it runs out of
    # years; the search is moved by whole 400-year cycles so that it runs out soon.
    moved = recurrence.first_date_search_start(dtstart)
    assert datetime.MAXYEAR - moved.year <= recurrence.CALENDAR_CYCLE_YEARS + 6
    assert moved + recurrence.FIRST_DATE_SEARCH < datetime.datetime(
        datetime.MAXYEAR, 12, 31
    )
    assert (moved.year - dtstart.year) % recurrence.CALENDAR_CYCLE_YEARS == 0
    assert (moved.month, moved.day, moved.time()) == (
        dtstart.month,
        dtstart.day,
        dtstart.time(),
    )
    assert moved.weekday() == dtstart.weekday()
    assert calendar.isleap(moved.year) == calendar.isleap(dtstart.year)


@pytest.mark.parametrize(
    ("rule", "accepted"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", True),  # 29 February 2028
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20290101T000000Z", True),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20270101T000000Z", False),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", False),  # next in 2044
        ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3", True),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=SA,SU", True),
    ],
)
def test_rules_are_judged_by_their_dates_in_the_next_five_years(rule, accepted):
    start = datetime.datetime(2026, 3, 1, 10)
    if accepted:
        assert recurrence.build_rule(rule, start, BERLIN)
    else:
        with pytest.raises(ValidationError):
            recurrence.build_rule(rule, start, BERLIN)
