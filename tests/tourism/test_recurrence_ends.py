"""COUNT and UNTIL in one rule: RFC 5545 (3.3.10) forbids it. Editors (admin)
and providers (their event form) are refused with one message; a rule stored
before keeps rendering, ending with whichever comes first, as it always did."""

import datetime
import warnings

import pytest
from django.utils import translation
from icalendar import Calendar

from tests import factories
from tourism import recurrence
from tourism.forms import EventSubmissionForm
from tourism.models import EventPage

from .factories import tourism_section
from .helpers import add_event, berlin, event_index
from .test_validation import admin_form, errors_of, event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("section")]

section = factories.module_data(tourism_section)

MESSAGE_EN = "not both"
MESSAGE_DE = "nicht beides"
BOTH = "FREQ=WEEKLY;BYDAY=SA;COUNT=10;UNTIL=20270515T215959Z"  # until Sat 15 May
COUNT_FIRST = "FREQ=WEEKLY;BYDAY=SA;COUNT=2;UNTIL=20270515T215959Z"


def test_the_model_refuses_count_with_until():
    errors = errors_of(event(recurrence_rule=BOTH))
    assert MESSAGE_EN in errors["recurrence_rule"][0]
    for one_end in (
        "FREQ=WEEKLY;BYDAY=SA;COUNT=10",
        "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270515",
    ):
        page = event(recurrence_rule=one_end)
        page.clean()


def test_the_admin_refuses_count_with_until_in_german(admin_client):
    client = admin_client
    url, data = admin_form(client, EventPage, event_index())
    data.update(
        {
            "title": "Doppelt",
            "slug": "doppelt",
            "venue_name": "Dorfplatz",
            "start": "2027-05-01 10:00",
            "recurrence_rule": BOTH,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert MESSAGE_DE in response.content.decode()
    assert not EventPage.objects.filter(slug="doppelt").exists()


def stored_with_both(slug, rule=BOTH, **fields):
    """An event whose rule was saved before both ends were refused."""
    page = add_event(
        event_index(),
        slug,
        berlin(2027, 5, 1, 10),
        end=berlin(2027, 5, 1, 12),
        recurrence_rule="FREQ=WEEKLY;BYDAY=SA;COUNT=10",
        **fields,
    )
    EventPage.objects.filter(pk=page.pk).update(recurrence_rule=rule)
    page.refresh_from_db()
    page.sync_occurrences()
    return page


def test_the_provider_form_asks_which_end_of_a_stored_rule(locale_de):
    page = stored_with_both("markt-alt")
    with translation.override("de"):
        form = EventSubmissionForm(instance=page, locale=locale_de)
    assert form.initial["repeat"] == "weekly"
    assert form.initial["count"] == 10
    assert form.initial["until"] == datetime.date(2027, 5, 15)
    assert form.initial["ends"] == ""  # not chosen: the provider picks one
    data = {
        "title": page.title,
        "intro": "Markt.",
        "status": "scheduled",
        "start": "2027-05-01T10:00",
        "end": "2027-05-01T12:00",
        "venue_name": "Dorfplatz",
        "city": "Crivitz",
        "repeat": "weekly",
        "weekdays": ["SA"],
        "count": "10",
        "until": "2027-05-15",
    }
    with translation.override("de"):
        unchanged = EventSubmissionForm(data, instance=page, locale=locale_de)
        assert not unchanged.is_valid()
        assert "ends" in unchanged.errors
        chosen = EventSubmissionForm(
            {**data, "ends": "until"}, instance=page, locale=locale_de
        )
        assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["recurrence_rule"] == (
        "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270515T215959Z"
    )


def test_a_stored_rule_with_both_is_kept_but_not_typed_again(locale_de):
    """Saving the page again keeps the stored rule (an editor changing the
    title, the portal publishing or approving a revision); a provider may keep
    a rule the builder cannot show; typing another rule with both is refused."""
    rule = "FREQ=YEARLY;BYMONTH=5;COUNT=3;UNTIL=20300101T000000Z"
    page = stored_with_both("sommerfest-alt", rule=rule)
    page.title = "Sommerfest am See"
    page.save_revision().publish()  # full_clean on a live page
    page.refresh_from_db()
    assert page.recurrence_rule == rule
    data = {
        "title": page.title,
        "intro": "Fest.",
        "status": "scheduled",
        "start": "2027-05-01T10:00",
        "venue_name": "Dorfplatz",
        "city": "Crivitz",
        "repeat": "keep",
    }
    with translation.override("de"):
        form = EventSubmissionForm(data, instance=page, locale=locale_de)
        assert form.initial["repeat"] == "keep"
        assert form.is_valid(), form.errors
    assert form.cleaned_data["recurrence_rule"] == rule
    page.recurrence_rule = rule.replace("COUNT=3", "COUNT=4")
    errors = errors_of(page)
    assert MESSAGE_EN in errors["recurrence_rule"][0]


def test_a_stored_rule_with_both_ends_with_whichever_comes_first():
    start = berlin(2027, 5, 1, 10)
    end = start + datetime.timedelta(hours=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's deprecation of both
        until_first = recurrence.expand(start, end, BOTH)
        count_first = recurrence.expand(start, end, COUNT_FIRST)
        exceptions = recurrence.expand(
            start, end, COUNT_FIRST, [datetime.date(2027, 5, 8)]
        )
    assert [s.date().day for s, _e in until_first] == [1, 8, 15]
    assert [s.date().day for s, _e in count_first] == [1, 8]
    # COUNT counts the skipped date too (RFC 5545), as before
    assert [s.date().day for s, _e in exceptions] == [1]


def test_a_stored_rule_with_both_still_renders_and_feeds_one_end(client):
    page = stored_with_both("flohmarkt-alt")
    dates = [
        d.astimezone(page.zone).date()
        for d in page.dates.values_list("start", flat=True)
    ]
    assert dates == [datetime.date(2027, 5, day) for day in (1, 8, 15)]
    assert client.get(page.url).status_code == 200
    calendar = Calendar.from_ical(client.get(f"/events/{page.pk}.ics").content)
    (item,) = calendar.walk("VEVENT")
    assert "COUNT" not in item["RRULE"]
    (until,) = item["RRULE"]["UNTIL"]
    assert until == datetime.datetime(2027, 5, 15, 8, tzinfo=datetime.UTC)
