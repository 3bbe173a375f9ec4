"""Endless series stay listed: the daily roll-forward stores dates two years ahead."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from tourism import recurrence
from tourism.models import EventOccurrence, EventPage

from .helpers import add_event, berlin, fresh_event_index

pytestmark = pytest.mark.django_db


def test_is_open_ended():
    assert recurrence.is_open_ended("FREQ=WEEKLY;BYDAY=SA")
    assert recurrence.is_open_ended("RRULE:freq=daily")
    assert not recurrence.is_open_ended("FREQ=WEEKLY;COUNT=3")
    assert not recurrence.is_open_ended("FREQ=DAILY;UNTIL=20270101T000000Z")
    assert not recurrence.is_open_ended("")


def test_horizon_counts_from_now_and_the_limit_from_the_window():
    start = berlin(2020, 1, 1, 9)
    now = berlin(2026, 6, 1, 12)
    dates = recurrence.expand(
        start, None, "FREQ=DAILY", window_start=now, horizon_from=now, limit=1000
    )
    # Six years after the start there are still two years of daily dates.
    assert dates[0][0] == berlin(2026, 6, 2, 9)
    assert dates[-1][0].date() == (now + datetime.timedelta(days=730)).date()
    # Without horizon_from the series ended two years after its start.
    assert recurrence.expand(start, None, "FREQ=DAILY", window_start=now) == []


def stored(event):
    return list(
        EventOccurrence.objects.filter(event=event).values_list("start", flat=True)
    )


def test_roll_forward_extends_endless_series_and_leaves_finished_ones():
    index = fresh_event_index()
    then = berlin(2024, 1, 6, 12)
    endless = add_event(
        index, "wochenmarkt", berlin(2024, 1, 6, 8), recurrence_rule="FREQ=WEEKLY"
    )
    finished = add_event(
        index,
        "kurs",
        berlin(2024, 1, 6, 8),
        recurrence_rule="FREQ=WEEKLY;COUNT=4",
    )
    # As stored two years ago: dates up to the start of 2026 only.
    endless.sync_occurrences(now=then)
    finished.sync_occurrences(now=then)
    assert max(stored(endless)) < berlin(2026, 1, 10)

    now = berlin(2026, 11, 28, 6)
    assert EventPage.roll_forward(now=now) >= 1
    dates = stored(endless)
    assert max(dates) > now + datetime.timedelta(days=720)
    # Only a year of past dates is kept for an endless series.
    assert min(dates) >= now - datetime.timedelta(days=recurrence.KEEP_PAST_DAYS)
    assert len(stored(finished)) == 4

    # Nothing is due right after a roll: a second run changes nothing.
    before = stored(endless)
    EventPage.roll_forward(now=now)
    assert stored(endless) == before


def test_rolled_series_shows_up_in_the_listing(client):
    index = fresh_event_index()
    event = add_event(
        index,
        "seniorentreff",
        berlin(2023, 3, 1, 15),
        recurrence_rule="FREQ=WEEKLY;BYDAY=WE",
    )
    event.sync_occurrences(now=berlin(2023, 3, 2))  # stored long ago: dry now
    assert not EventOccurrence.listing(event.locale, within=index).exists()
    out = StringIO()
    call_command("roll_event_dates", stdout=out)
    assert "Rolled" in out.getvalue()
    upcoming = EventOccurrence.listing(event.locale, within=index)
    assert upcoming.filter(event=event).exists()
