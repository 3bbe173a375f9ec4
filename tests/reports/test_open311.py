"""Open311 GeoReport v2 at /open311/v2/, tested with the requests a real client sends.

The client is codeforamerica/three (``three/core.py``): it GETs
``{endpoint}discovery.json``, ``services.json``, ``services/<code>.json``,
``requests.json`` with ``service_code``, ``start_date``/``end_date`` as
``%Y-%m-%dT%H:%M:%SZ``, ``page_size`` and ``jurisdiction_id``,
``requests/<id>.json``, and POSTs ``requests.json`` as multipart form data with
``service_code``, ``address_string``, ``first_name``, ``last_name``, ``phone``,
``description``, ``api_key`` and the photo as the file ``media``. The
urlencoded POST is the example request of the GeoReport v2 text.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree as ET
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from reports.choices import EventKind, Moderation, Status
from reports.models import Report, ReportEvent, ReportPhoto
from reports.photos import clean
from tests import factories
from tests.factories import MunicipalityFactory, locale

from .factories import CategoryFactory, ReportFactory, jpeg_with_exif, png_file

pytestmark = pytest.mark.django_db

BASE = "/open311/v2/"
KEY = "app-key-1234567890"

# The GeoReport v2 field list of GET requests (every field, in both formats).
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}


def w3c(moment):
    """A date as three's ``_split_date`` formats it."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_world():
    """The departments, municipalities and categories, once for the module
    (``module_data``: each test's changes are rolled back)."""
    bauhof = Group.objects.create(name="Bauhof")
    crivitz = MunicipalityFactory(name="Crivitz", slug="crivitz")
    light = CategoryFactory(
        name="Straßenbeleuchtung",
        slug="strassenbeleuchtung",
        description="Defekte Laternen",
        default_department=bauhof,
        sort_order=1,
    )
    english = light.copy_for_translation(locale("en"))
    english.name = "Street lighting"
    english.description = "Broken street lights"
    english.save()
    waste = CategoryFactory(name="Müll", slug="muell", default_department=bauhof)
    built = {"crivitz": crivitz, "light": light, "waste": waste, "bauhof": bauhof}
    return {key: (type(value), value.pk) for key, value in built.items()}


world_rows = factories.module_data(build_world)


@pytest.fixture
def world(db, world_rows):
    """The module's world, fetched afresh for each test (tests change it)."""
    return {key: model.objects.get(pk=pk) for key, (model, pk) in world_rows.items()}


def test_discovery(client):
    response = client.get(BASE + "discovery.json")
    assert response.status_code == 200
    data = response.json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert "application/json" in endpoint["formats"]
    root = ET.fromstring(client.get(BASE + "discovery.xml").content)
    assert root.tag == "discovery"
    assert (
        root.find("endpoints/endpoint/specification").text == endpoint["specification"]
    )


def test_services_in_both_formats_and_languages(client, world):
    data = client.get(BASE + "services.json").json()
    assert [s["service_code"] for s in data] == ["strassenbeleuchtung", "muell"]
    assert set(data[0]) == SERVICE_FIELDS
    assert data[0]["service_name"] == "Straßenbeleuchtung"
    assert data[0]["metadata"] is False
    english = client.get(BASE + "services.json", {"locale": "en"}).json()
    assert english[0]["service_name"] == "Street lighting"
    assert english[0]["description"] == "Broken street lights"
    response = client.get(BASE + "services.xml")
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    services = root.findall("service")
    assert {child.tag for child in services[0]} == SERVICE_FIELDS
    assert services[0].findtext("service_code") == "strassenbeleuchtung"
    assert services[0].findtext("metadata") == "false"


def test_inactive_category_is_no_service(client, world):
    world["waste"].active = False
    world["waste"].save()
    codes = [s["service_code"] for s in client.get(BASE + "services.json").json()]
    assert codes == ["strassenbeleuchtung"]


def test_service_definition_and_unknown_code(client, world):
    data = client.get(BASE + "services/strassenbeleuchtung.json").json()
    assert data == {"service_code": "strassenbeleuchtung", "attributes": []}
    root = ET.fromstring(client.get(BASE + "services/strassenbeleuchtung.xml").content)
    assert root.tag == "service_definition"
    response = client.get(BASE + "services/gibtsnicht.json")
    assert response.status_code == 404
    error = response.json()
    assert set(error[0]) == {"code", "description"}
    assert error[0]["code"] == 404
    assert "gibtsnicht" in error[0]["description"]
    xml_error = ET.fromstring(client.get(BASE + "services/gibtsnicht.xml").content)
    assert xml_error.tag == "errors"
    assert xml_error.findtext("error/code") == "404"


def _public_report(world, **kwargs):
    defaults = {
        "category": world["light"],
        "municipality": world["crivitz"],
        "department": world["bauhof"],
    }
    defaults.update(kwargs)
    return ReportFactory(**defaults)


def test_requests_only_public_without_personal_data(client, world):
    now = timezone.now()
    report = _public_report(
        world,
        public_answer="Wird am Dienstag repariert.",
        status=Status.IN_PROGRESS,
        created_at=now - datetime.timedelta(days=3),
    )
    report.events.create(kind=EventKind.NOTE, text="Intern: Herr Meier prüft.")
    pending = _public_report(world, moderation=Moderation.PENDING, released_at=None)
    unconfirmed = _public_report(world, confirmed_at=None)
    response = client.get(BASE + "requests.json")
    assert response.status_code == 200
    data = response.json()
    assert [item["service_request_id"] for item in data] == [str(report.pk)]
    item = data[0]
    assert set(item) == REQUEST_FIELDS
    assert item["status"] == "open"
    assert item["status_notes"] == "Wird am Dienstag repariert."
    assert item["service_code"] == "strassenbeleuchtung"
    assert item["service_name"] == "Straßenbeleuchtung"
    assert item["address"] == "Schweriner Straße 12, Crivitz"
    assert item["lat"] == pytest.approx(53.576)
    assert item["long"] == pytest.approx(11.6507)
    assert item["media_url"] is None
    assert datetime.datetime.fromisoformat(item["requested_datetime"]) == (
        report.created_at.replace(microsecond=0)
    )
    body = response.content.decode()
    for private in ("melderin@example.org", "Erika Melderin", "Herr Meier", "Bauhof"):
        assert private not in body
    for hidden in (pending, unconfirmed):
        assert client.get(BASE + f"requests/{hidden.pk}.json").status_code == 404
    xml_body = client.get(BASE + "requests.xml").content
    root = ET.fromstring(xml_body)
    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert len(requests) == 1
    assert {child.tag for child in requests[0]} == REQUEST_FIELDS
    assert requests[0].findtext("status") == "open"
    assert requests[0].findtext("service_request_id") == str(report.pk)
    assert b"melderin@example.org" not in xml_body


def test_request_by_id_and_public_photo_url(client, world):
    report = _public_report(world, status=Status.DONE)
    cleaned = clean(png_file())
    internal = ReportPhoto(report=report, public=False, width=1, height=1)
    internal.file.save("a.jpg", cleaned.content)
    data = client.get(BASE + f"requests/{report.pk}.json").json()
    assert len(data) == 1
    assert data[0]["status"] == "closed"
    assert data[0]["media_url"] is None  # the only photo is internal
    public = ReportPhoto(report=report, public=True, width=1, height=1)
    public.file.save("b.jpg", clean(png_file()).content)
    data = client.get(BASE + f"requests/{report.pk}.json").json()
    assert data[0]["media_url"].endswith(public.get_absolute_url())
    assert client.get(urlsplit(data[0]["media_url"]).path).status_code == 200
    missing = client.get(BASE + "requests/999999.xml")
    assert missing.status_code == 404
    assert ET.fromstring(missing.content).findtext("error/code") == "404"


def test_requests_filters_as_three_sends_them(client, world):
    now = timezone.now()
    old_light = _public_report(world, created_at=now - datetime.timedelta(days=120))
    new_light = _public_report(
        world, created_at=now - datetime.timedelta(days=2), status=Status.DONE
    )
    waste = _public_report(
        world, category=world["waste"], created_at=now - datetime.timedelta(days=5)
    )

    def ids(**params):
        response = client.get(BASE + "requests.json", params)
        assert response.status_code == 200, response.content
        return [int(item["service_request_id"]) for item in response.json()]

    # Without dates: the last 90 days (the spec's default window).
    assert ids() == [new_light.pk, waste.pk]
    # three.requests("strassenbeleuchtung")
    assert ids(service_code="strassenbeleuchtung") == [new_light.pk]
    # three.requests(start=..., end=...) -> start_date/end_date
    assert ids(
        start_date=w3c(now - datetime.timedelta(days=200)),
        end_date=w3c(now - datetime.timedelta(days=100)),
    ) == [old_light.pk]
    assert ids(start_date=w3c(now - datetime.timedelta(days=200))) == [
        new_light.pk,
        waste.pk,
        old_light.pk,
    ]
    assert ids(status="closed") == [new_light.pk]
    assert ids(status="open") == [waste.pk]
    assert ids(status="open,closed") == [new_light.pk, waste.pk]
    # service_request_id: the other parameters are ignored (spec)
    assert ids(
        service_request_id=f"{old_light.pk},{waste.pk}", service_code="muell"
    ) == [waste.pk, old_light.pk]
    # count=1 becomes page_size=1; jurisdiction_id is sent by a configured client
    assert ids(page_size="1", jurisdiction_id="amt-crivitz.de") == [new_light.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "gestern"},
        {"end_date": "2026-13-45T00:00:00Z"},
        {"status": "erledigt"},
        {"service_request_id": "12,abc"},
    ],
)
def test_bad_filters_answer_in_the_error_format(client, world, params):
    response = client.get(BASE + "requests.json", params)
    assert response.status_code == 400
    error = response.json()
    assert error[0]["code"] == 400
    assert error[0]["description"]
    xml_response = client.get(BASE + "requests.xml", params)
    assert xml_response.status_code == 400
    assert ET.fromstring(xml_response.content).findtext("error/code") == "400"


@override_settings(REPORTS_OPEN311_JURISDICTION="amt-crivitz.de")
def test_jurisdiction(client, world):
    ok = client.get(BASE + "services.json", {"jurisdiction_id": "amt-crivitz.de"})
    assert ok.status_code == 200
    wrong = client.get(BASE + "services.json", {"jurisdiction_id": "sfgov.org"})
    assert wrong.status_code == 404
    assert "jurisdiction_id" in wrong.json()[0]["description"]


def test_merged_duplicate_only_by_id(client, world):
    main = _public_report(world)
    duplicate = _public_report(world, merged_into=main)
    assert [
        r["service_request_id"] for r in client.get(BASE + "requests.json").json()
    ] == [str(main.pk)]
    item = client.get(BASE + f"requests/{duplicate.pk}.json").json()[0]
    assert str(main.pk) in item["status_notes"]


# --- POST --------------------------------------------------------------------------
def three_post_data(world, **overrides):
    """What ``Three(...).post('strassenbeleuchtung', address=..., name=..., ...)``
    sends (plus lat/long and email, which three passes through unchanged)."""
    data = {
        "service_code": "strassenbeleuchtung",
        "address_string": "Schweriner Straße 12, Crivitz",
        "first_name": "Erika",
        "last_name": "Melderin",
        "phone": "0385 123456",
        "email": "erika@example.org",
        "description": "Die Laterne vor dem Haus ist seit Montag dunkel.",
        "api_key": KEY,
    }
    data.update(overrides)
    return data


@override_settings(REPORTS_OPEN311_API_KEYS=[KEY])
def test_post_multipart_with_photo_like_three(client, world):
    data = three_post_data(world, media=jpeg_with_exif())
    response = client.post(BASE + "requests.json", data)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert set(answer[0]) == {"service_request_id", "service_notice", "account_id"}
    report = Report.objects.get(pk=int(answer[0]["service_request_id"]))
    assert report.source == "open311"
    assert report.category == world["light"]
    assert report.municipality == world["crivitz"]  # named in address_string
    assert report.department == world["bauhof"]
    assert report.reporter_name == "Erika Melderin"
    assert report.reporter_email == "erika@example.org"
    assert report.confirmed_at is None  # double opt-in as with the form
    assert report.moderation == Moderation.PENDING
    photo = report.photos.get()
    with photo.file.open("rb") as handle:
        stored = handle.read()
    assert b"TestCam" not in stored and b"Exif" not in stored
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["erika@example.org"]
    # not public before confirmation and release
    assert client.get(BASE + f"requests/{report.pk}.json").status_code == 404
    assert "0385" not in str(Report.objects.values().get(pk=report.pk))


@override_settings(REPORTS_OPEN311_API_KEYS=[KEY])
def test_post_urlencoded_spec_example_with_position_as_xml(client, world):
    body = (
        f"api_key={KEY}&jurisdiction_id=city.gov&service_code=strassenbeleuchtung"
        "&lat=53.5765&long=11.6510&address_string=Am+Markt"
        "&email=smit333%40example.org&device_id=tt222111&account_id=123456"
        "&first_name=john&last_name=smith&phone=111111111"
        "&description=A+large+sinkhole+is+destroying+the+street"
        "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
        "&attribute[WHISPAWN]=123456"
    )
    response = client.post(
        BASE + "requests.xml",
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )
    assert response.status_code == 200, response.content
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    report = Report.objects.get(pk=int(root.findtext("request/service_request_id")))
    assert report.latitude == Decimal("53.576500")
    assert report.municipality == world["crivitz"]
    assert report.place == "Am Markt"
    assert not report.photos.exists()  # media_url is not fetched


@override_settings(REPORTS_OPEN311_API_KEYS=[KEY])
@pytest.mark.parametrize(
    ("overrides", "status", "needle"),
    [
        ({"api_key": "falsch"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"service_code": "gibtsnicht"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"address_string": ""}, 400, "lat"),
        ({"description": ""}, 400, "description"),
        ({"email": ""}, 400, "email"),
        ({"lat": "54.5", "long": "13.4"}, 400, "address_string"),  # Rügen: outside
        ({"address_string": "Hauptstraße 1, Berlin"}, 400, "address_string"),
    ],
)
def test_post_refusals_store_nothing(client, world, overrides, status, needle):
    response = client.post(BASE + "requests.json", three_post_data(world, **overrides))
    assert response.status_code == status
    errors = response.json()
    assert all(set(error) == {"code", "description"} for error in errors)
    assert errors[0]["code"] == status
    assert any(needle in error["description"] for error in errors)
    assert Report.objects.count() == 0
    assert ReportEvent.objects.count() == 0
    assert mail.outbox == []


@override_settings(REPORTS_OPEN311_API_KEYS=[KEY])
def test_post_photo_that_is_not_an_image(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"no image", content_type="image/jpeg")
    response = client.post(BASE + "requests.json", three_post_data(world, media=fake))
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("media: ")
    assert Report.objects.count() == 0


def test_post_switched_off_without_keys(client, world):
    response = client.post(BASE + "requests.json", three_post_data(world))
    assert response.status_code == 403
    assert Report.objects.count() == 0


@override_settings(REPORTS_OPEN311_API_KEYS=[KEY], REPORTS_RATE_LIMIT=1)
def test_post_rate_limit(client, world):
    assert (
        client.post(BASE + "requests.json", three_post_data(world)).status_code == 200
    )
    second = client.post(BASE + "requests.json", three_post_data(world))
    assert second.status_code == 429
    assert second.json()[0]["code"] == 429
    assert Report.objects.count() == 1


def test_other_methods_refused(client, world):
    assert client.put(BASE + "requests.json").status_code == 405
    assert client.post(BASE + "services.json").status_code == 405


def test_unknown_format_and_hostile_code(client, world):
    response = client.get(BASE + "services.csv")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    assert client.get(BASE + "services/a.b%00c.json").status_code in (400, 404)
    hostile = client.get(BASE + "requests.json", {"service_code": "x\x00y"})
    assert hostile.status_code in (200, 400)


def test_huge_page_number_is_an_empty_page(client, world):
    _public_report(world)
    response = client.get(BASE + "requests.json", {"page": "9" * 30, "page_size": "5"})
    assert response.status_code == 200
    assert response.json() == []
