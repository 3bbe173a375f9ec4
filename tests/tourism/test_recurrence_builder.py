"""The event form's recurrence builder writes the RRULE; nobody types one."""

import datetime

import pytest
from django.utils import translation

from tourism.forms import EventSubmissionForm
from tourism.models import EventPage
from tourism.recurrence import zone
from tourism.recurrence_form import parse_rule

pytestmark = pytest.mark.django_db

DAY = datetime.date(2030, 5, 4)  # a Saturday
BERLIN = zone("Europe/Berlin")


def data(**changes):
    values = {
        "title": "Kräutermarkt",
        "intro": "Kräuter und Tee.",
        "status": "scheduled",
        "start": f"{DAY}T10:00",
        "end": f"{DAY}T14:00",
        "venue_name": "Hofladen",
        "street": "Dorfstraße 3",
        "postal_code": "19079",
        "city": "Banzkow",
        "organiser_name": "Hofladen",
    }
    values.update(changes)
    return values


def cleaned(locale_de, **changes):
    with translation.override("de"):
        form = EventSubmissionForm(data(**changes), locale=locale_de)
        form.is_valid()
    return form


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({}, ""),
        (
            {"repeat": "weekly", "weekdays": ["SA"], "ends": "count", "count": "10"},
            "FREQ=WEEKLY;BYDAY=SA;COUNT=10",
        ),
        (
            {
                "repeat": "weekly",
                "weekdays": ["SU", "SA"],
                "interval": "2",
                "ends": "count",
                "count": "4",
            },
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;COUNT=4",
        ),
        (
            {
                "repeat": "monthly",
                "month_position": "1",
                "month_weekday": "SA",
                "ends": "until",
                "until": "2030-12-31",
            },
            "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20301231T225959Z",
        ),
        (
            {
                "repeat": "monthly",
                "month_position": "-1",
                "month_weekday": "SU",
                "ends": "count",
                "count": "3",
            },
            "FREQ=MONTHLY;BYDAY=-1SU;COUNT=3",
        ),
    ],
)
def test_builder_writes_the_rule(locale_de, changes, rule):
    form = cleaned(locale_de, **changes)
    assert form.cleaned_data["recurrence_rule"] == rule
    assert "recurrence_rule" not in form.errors


def test_exception_dates_come_from_date_boxes(locale_de):
    form = cleaned(
        locale_de,
        repeat="weekly",
        weekdays=["SA"],
        ends="count",
        count="5",
        exceptions_0="2030-05-18",
        exceptions_2="2030-05-11",
    )
    assert form.cleaned_data["recurrence_exceptions"] == "2030-05-11\n2030-05-18"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"repeat": "weekly", "ends": "count", "count": "3"}, "weekdays", "Wochentag"),
        ({"repeat": "weekly", "weekdays": ["SA"]}, "ends", "endet"),
        (
            {"repeat": "weekly", "weekdays": ["SA"], "ends": "until"},
            "until",
            "letzten Tag",
        ),
        ({"exceptions_0": "2030-05-11"}, "exceptions", "Wiederholung"),
        (
            {
                "repeat": "weekly",
                "weekdays": ["SA"],
                "ends": "until",
                "until": "2030-01-01",
            },
            "repeat",
            "",
        ),
    ],
)
def test_incomplete_choices_are_explained_at_the_builder(
    locale_de, changes, field, message
):
    form = cleaned(locale_de, **changes)
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert "recurrence_rule" not in form.errors


def test_the_form_asks_no_rrule_and_no_iso_dates(locale_de):
    with translation.override("de"):
        html = str(EventSubmissionForm(locale=locale_de))
    assert 'type="hidden" name="recurrence_rule"' in html
    assert "FREQ=" not in html
    assert 'name="exceptions_0"' in html
    assert 'type="date"' in html


@pytest.mark.parametrize(
    ("rule", "initial"),
    [
        ("", {"repeat": ""}),
        (
            "FREQ=WEEKLY;BYDAY=SA;COUNT=10",
            {"repeat": "weekly", "weekdays": ["SA"], "ends": "count", "count": 10},
        ),
        (
            "FREQ=MONTHLY;BYDAY=1SU;UNTIL=20271231T225959Z",
            {
                "repeat": "monthly",
                "month_position": "1",
                "month_weekday": "SU",
                "ends": "until",
                "until": datetime.date(2027, 12, 31),
            },
        ),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21", None),
    ],
)
def test_stored_rules_fill_the_builder(rule, initial):
    found = parse_rule(rule, BERLIN)
    if initial is None:
        assert found is None
    else:
        assert {key: found[key] for key in initial} == initial


def test_a_rule_the_builder_cannot_show_is_kept(locale_de):
    event = EventPage(
        title="Sommerfest",
        recurrence_rule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21",
        start=datetime.datetime(2030, 6, 21, 10, tzinfo=BERLIN),
    )
    event.pk = 10**6  # looks saved; nothing is written
    form = EventSubmissionForm(instance=event, locale=locale_de)
    assert form.initial["repeat"] == "keep"
    assert "keep" in dict(form.fields["repeat"].choices)
