"""Bad input: a clear message next to the field, nothing saved half-way."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from tourism.gpx import build_gpx
from tourism.models import AttractionPage, EventPage, RouteIndexPage, RoutePage

from .factories import tourism_section
from .helpers import berlin, event_index, tourism_index

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("section")]

section = factories.module_data(tourism_section)


@pytest.fixture
def admin(client):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def errors_of(page):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        page.full_clean()
    with translation.override("en"):
        return error.value.message_dict


def event(**fields):
    values = {
        "title": "Test",
        "slug": "test",
        "start": berlin(2027, 5, 1, 10),
        "venue_name": "Dorfplatz",
        "locale": event_index().locale,
    }
    values.update(fields)
    return EventPage(**values)


def test_coordinates_out_of_range():
    page = AttractionPage(
        title="X", slug="x", latitude=95, longitude=200, locale=tourism_index().locale
    )
    errors = errors_of(page)
    assert errors["latitude"] == ["The latitude must be between -90 and 90 degrees."]
    assert errors["longitude"] == [
        "The longitude must be between -180 and 180 degrees."
    ]
    lonely = AttractionPage(
        title="X", slug="x", latitude=53.5, locale=tourism_index().locale
    )
    assert "longitude" in errors_of(lonely)


def test_end_before_start():
    errors = errors_of(event(end=berlin(2027, 5, 1, 9)))
    assert errors["end"] == ["The end must not be before the start."]


def test_impossible_and_malformed_rules():
    errors = errors_of(event(recurrence_rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31"))
    assert "produces no date" in errors["recurrence_rule"][0]
    errors = errors_of(event(recurrence_rule="jeden Samstag"))
    assert "not a valid recurrence rule" in errors["recurrence_rule"][0]
    errors = errors_of(event(recurrence_exceptions="24.12.2027"))
    assert "Line 1" in errors["recurrence_exceptions"][0]
    errors = errors_of(event(recurrence_exceptions="2027-12-24"))
    assert "only make sense for a repeating event" in errors["recurrence_exceptions"][0]


def test_a_good_rule_is_normalised():
    page = event(recurrence_rule="rrule:freq=weekly;byday=sa;count=3")
    page.clean()
    assert page.recurrence_rule == "FREQ=WEEKLY;BYDAY=SA;COUNT=3"


def test_event_needs_a_venue_or_an_online_address():
    errors = errors_of(event(venue_name=""))
    assert "venue_name" in errors
    errors = errors_of(event(status="moved_online", venue_name=""))
    assert errors["online_url"] == ["Enter the online address of the event."]


def test_free_attraction_has_no_prices():
    page = AttractionPage(
        title="X",
        slug="x",
        free_entry=True,
        locale=tourism_index().locale,
        prices=[("price", {"label": "Erwachsene", "amount": "3.00"})],
    )
    assert "prices" in errors_of(page)


def route_with(content, name="track.gpx"):
    return RoutePage(
        title="Tour",
        slug="tour",
        locale=tourism_index().locale,
        gpx_file=SimpleUploadedFile(name, content),
    )


def test_malformed_gpx_is_refused_on_the_field():
    errors = errors_of(route_with(b"<gpx><trk>"))
    assert "not a readable GPX track" in errors["gpx_file"][0]


@override_settings(TOURISM_GPX_MAX_SIZE=2048)
def test_huge_gpx_is_refused_on_the_field():
    points = [(53.5 + i * 0.001, 11.5, 20) for i in range(200)]
    errors = errors_of(route_with(build_gpx("Lang", points).encode()))
    assert "too large" in errors["gpx_file"][0]


def test_good_gpx_fills_the_computed_fields():
    points = [(53.5 + i * 0.001, 11.5, 20 + i) for i in range(11)]
    page = route_with(build_gpx("Gut", points).encode())
    page.clean()
    assert page.length_m == pytest.approx(1113, rel=0.01)
    assert page.elevation_gain_m == 10
    assert page.track[0] == [53.5, 11.5]


# --- through the admin: the message sits next to the field and nothing is saved ---
def admin_form(client, model, parent):
    url = reverse(
        "wagtailadmin_pages:add", args=("tourism", model._meta.model_name, parent.pk)
    )
    data = querydict_from_html(
        client.get(url).content.decode(), form_id="page-edit-form"
    )
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    data["action-publish"] = "action-publish"
    return url, data


def test_admin_shows_end_before_start_and_saves_nothing(client, admin):
    url, data = admin_form(client, EventPage, event_index())
    data.update(
        {
            "title": "Kaputt",
            "slug": "kaputt",
            "venue_name": "Dorfplatz",
            "start": "2027-05-01 10:00",
            "end": "2027-05-01 09:00",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not EventPage.objects.filter(slug="kaputt").exists()


def test_admin_shows_bad_coordinates_and_saves_nothing(client, admin):
    url, data = admin_form(client, AttractionPage, tourism_index())
    data.update(
        {"title": "Irgendwo", "slug": "irgendwo", "latitude": "95", "longitude": "11.5"}
    )
    response = client.post(url, data)
    html = response.content.decode()
    assert "Die geographische Breite muss zwischen -90 und 90 Grad liegen." in html
    assert not AttractionPage.objects.filter(slug="irgendwo").exists()


def test_admin_refuses_a_broken_gpx_upload(client, admin):
    parent = RouteIndexPage.objects.get(locale__language_code="de")
    url, data = admin_form(client, RoutePage, parent)
    data.update({"title": "Kaputte Tour", "slug": "kaputte-tour"})
    data["gpx_file"] = SimpleUploadedFile(
        "kaputt.gpx", b"<gpx><trk", "application/gpx+xml"
    )
    response = client.post(url, data)
    assert "Diese Datei ist kein lesbarer GPX-Track" in response.content.decode()
    assert not RoutePage.objects.filter(slug="kaputte-tour").exists()


def test_admin_creates_a_recurring_event(client, admin):
    url, data = admin_form(client, EventPage, event_index())
    data.update(
        {
            "title": "Chorprobe",
            "slug": "chorprobe",
            "venue_name": "Gemeindehaus",
            "start": "2027-01-06 19:00",
            "end": "2027-01-06 21:00",
            "recurrence_rule": "FREQ=WEEKLY;BYDAY=WE;COUNT=4",
            "recurrence_exceptions": "2027-01-13",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EventPage.objects.get(slug="chorprobe")
    assert page.live
    dates = [
        d.astimezone(page.zone).date()
        for d in page.dates.values_list("start", flat=True)
    ]
    assert dates == [
        datetime.date(2027, 1, 6),
        datetime.date(2027, 1, 20),
        datetime.date(2027, 1, 27),
    ]
