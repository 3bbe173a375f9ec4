"""The report form: routing, area check, photos, double opt-in, honeypot, rate limit."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from PIL import Image

from reports.choices import EventKind, Moderation
from reports.models import Report, ReportPhoto
from tests import factories
from tests.factories import MunicipalityFactory, UserFactory

from .factories import (
    CategoryFactory,
    ResponsibilityFactory,
    jpeg_with_exif,
    png_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def build_world():
    """The departments, municipalities and categories, once for the module
    (``module_data``: each test's changes are rolled back)."""
    bauhof = Group.objects.create(name="Bauhof")
    ordnungsamt = Group.objects.create(name="Ordnungsamt")
    crivitz = MunicipalityFactory(name="Crivitz", slug="crivitz")
    banzkow = MunicipalityFactory(
        name="Banzkow",
        slug="banzkow",
        latitude=Decimal("53.5260"),
        longitude=Decimal("11.5250"),
    )
    light = CategoryFactory(name="Straßenbeleuchtung", default_department=bauhof)
    waste = CategoryFactory(name="Müll", default_department=ordnungsamt)
    ResponsibilityFactory(category=light, municipality=banzkow, department=ordnungsamt)
    built = {
        "bauhof": bauhof,
        "ordnungsamt": ordnungsamt,
        "crivitz": crivitz,
        "banzkow": banzkow,
        "light": light,
        "waste": waste,
    }
    return {key: (type(value), value.pk) for key, value in built.items()}


world_rows = factories.module_data(build_world)


@pytest.fixture
def world(db, world_rows):
    """The module's world, fetched afresh for each test (tests change it)."""
    return {key: model.objects.get(pk=pk) for key, (model, pk) in world_rows.items()}


def form_data(world, **overrides):
    data = {
        "category": world["light"].pk,
        "municipality": "crivitz",
        "place": "Schweriner Straße 12",
        "description": "Die Laterne vor dem Haus ist seit Montag dunkel.",
        "email": "Melderin@Example.org",
        "name": "Erika Melderin",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, data):
    return client.post(reverse("reports:new"), data)


def test_form_url_in_both_languages():
    assert reverse("reports:new") == "/beteiligung/meldungen/neu/"
    with translation.override("en"):
        assert reverse("reports:new") == "/en/participation/reports/new/"
        assert reverse("reports:list") == "/en/participation/reports/"


def test_form_renders_without_javascript(client, world):
    response = client.get(reverse("reports:new"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="municipality"' in html
    assert 'name="place"' in html
    assert "Straßenbeleuchtung" in html
    assert 'enctype="multipart/form-data"' in html


def test_english_form_shows_translated_category(client, world):
    from .factories import translated_category

    category = translated_category(name="Spielplatz")
    with translation.override("en"):
        response = client.get(reverse("reports:new"))
    assert f'<option value="{category.pk}">Spielplatz (en)</option>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("category", "municipality", "department"),
    [
        ("light", "crivitz", "bauhof"),  # the category's default department
        ("light", "banzkow", "ordnungsamt"),  # a municipality-specific responsibility
        ("waste", "banzkow", "ordnungsamt"),
        ("waste", "crivitz", "ordnungsamt"),
    ],
)
def test_routing_per_category_and_municipality(
    client, world, category, municipality, department
):
    response = post(
        client,
        form_data(world, category=world[category].pk, municipality=municipality),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.department == world[department]
    assert report.municipality == world[municipality]


def test_anonymous_report_waits_for_double_opt_in(client, world):
    response = post(client, form_data(world))
    assert response["Location"] == reverse("reports:sent")
    report = Report.objects.get()
    # the acknowledgement names the report's number (quoted in enquiries)
    sent = client.get(response["Location"]).content.decode()
    assert f'class="report-number">{report.pk}</strong>' in sent
    assert report.confirmed_at is None
    assert report.reporter_email == "melderin@example.org"
    assert report.moderation == Moderation.PENDING
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    # GET shows a button only (mail scanners follow links); POST confirms
    assert client.get(link).status_code == 200
    report.refresh_from_db()
    assert report.confirmed_at is None
    assert client.post(link).status_code == 200
    report.refresh_from_db()
    assert report.confirmed_at is not None
    assert report.events.filter(kind=EventKind.CONFIRMED).exists()


def test_forged_confirmation_link_is_refused(client, world):
    response = client.get(reverse("reports:confirm", args=["not-a-token"]))
    assert response.status_code == 400
    assert "nicht gültig" in response.content.decode()


def test_signed_in_user_needs_no_confirmation(client, world):
    user = UserFactory()
    client.force_login(user)
    response = post(client, form_data(world, email="", name=""))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter == user
    assert report.confirmed_at is not None
    assert report.reporter_email == ""
    assert mail.outbox == []


def test_anonymous_needs_an_email_address(client, world):
    response = post(client, form_data(world, email=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geben Sie Ihre E-Mail-Adresse ein" in html
    # what was typed is kept
    assert "Die Laterne vor dem Haus ist seit Montag dunkel." in html
    assert Report.objects.count() == 0


def test_empty_description_is_refused(client, world):
    response = post(client, form_data(world, description="   "))
    assert response.status_code == 400
    assert "Beschreiben Sie das Problem" in response.content.decode()
    assert Report.objects.count() == 0


def test_without_pin_municipality_and_place_are_needed(client, world):
    response = post(client, form_data(world, municipality="", place=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Wählen Sie die Gemeinde" in html
    assert "Nennen Sie die Straße oder den Ort" in html


def test_pin_inside_the_area_picks_the_nearest_municipality(client, world):
    response = post(
        client,
        form_data(
            world, municipality="", place="", latitude="53.5265", longitude="11.5260"
        ),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.municipality == world["banzkow"]
    assert report.latitude == Decimal("53.526500")


def test_pin_outside_the_area_is_refused(client, world):
    # Berlin: far from every member municipality
    response = post(client, form_data(world, latitude="52.52", longitude="13.405"))
    assert response.status_code == 400
    assert "außerhalb unseres Gebiets" in response.content.decode()
    assert Report.objects.count() == 0


def test_configured_area_polygon(client, world, settings, tmp_path):
    area = tmp_path / "area.geojson"
    # a small square around Crivitz only
    area.write_text(
        '{"type": "Polygon", "coordinates": [[[11.6, 53.55], [11.7, 53.55], '
        "[11.7, 53.6], [11.6, 53.6], [11.6, 53.55]]]}"
    )
    settings.REPORTS_AREA_GEOJSON = str(area)
    inside = post(client, form_data(world, latitude="53.576", longitude="11.65"))
    assert inside.status_code == 302
    outside = post(client, form_data(world, latitude="53.5265", longitude="11.526"))
    assert outside.status_code == 400


def test_garbled_coordinates_are_refused(client, world):
    response = post(client, form_data(world, latitude="abc", longitude="11.6"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_photo_is_stored_without_exif_and_gps(client, world):
    response = post(client, form_data(world, photos=[jpeg_with_exif()]))
    assert response.status_code == 302
    photo = ReportPhoto.objects.get()
    with photo.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert max(image.size) == 1600  # resized from 2400 × 1800
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert b"TestCam" not in data
    assert b"Model X100" not in data


def test_photo_position_as_location(client, world):
    response = post(
        client,
        form_data(
            world,
            municipality="",
            place="",
            use_photo_location="on",
            photos=[jpeg_with_exif()],
        ),
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.latitude == Decimal("53.576000")
    assert report.longitude == Decimal("11.650700")
    assert report.municipality == world["crivitz"]


def test_more_than_three_photos_are_refused(client, world):
    photos = [png_file(f"p{i}.png") for i in range(4)]
    response = post(client, form_data(world, photos=photos))
    assert response.status_code == 400
    assert "höchstens 3 Fotos" in response.content.decode()
    assert Report.objects.count() == 0
    assert ReportPhoto.objects.count() == 0


def test_a_file_that_is_not_an_image_is_refused(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("rechnung.jpg", b"%PDF-1.4 not an image")
    response = post(client, form_data(world, photos=[fake]))
    assert response.status_code == 400
    assert "rechnung.jpg" in response.content.decode()
    assert Report.objects.count() == 0


def test_decompression_bomb_is_refused(client, world, settings):
    settings.REPORTS_MAX_IMAGE_PIXELS = 1000
    response = post(client, form_data(world, photos=[png_file(size=(100, 100))]))
    assert response.status_code == 400
    assert "zu viele Pixel" in response.content.decode()
    assert Report.objects.count() == 0


def test_too_large_file_is_refused(client, world, settings):
    settings.REPORTS_MAX_UPLOAD_MB = 0
    response = post(client, form_data(world, photos=[png_file()]))
    assert response.status_code == 400
    assert "größer als" in response.content.decode()


def test_honeypot_refuses_bots(client, world):
    response = post(client, form_data(world, website="http://spam.example"))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_burst_from_one_address_is_limited(client, world, settings):
    settings.REPORTS_RATE_LIMIT = 2
    for _ in range(2):
        assert post(client, form_data(world)).status_code == 302
    response = post(client, form_data(world))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Die Laterne vor dem Haus" in response.content.decode()
    assert Report.objects.count() == 2


def test_category_without_pre_moderation_is_public_after_confirmation(client, world):
    world["waste"].pre_moderation = False
    world["waste"].save()
    user = UserFactory()
    client.force_login(user)
    post(client, form_data(world, category=world["waste"].pk))
    report = Report.objects.get()
    assert report.is_public


TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


def test_the_pin_map_says_it_loads_after_consent_and_what_to_fill_in_instead(
    client, world, settings
):
    settings.MAP_TILE_URL = TILES
    html = client.get(reverse("reports:new")).content.decode()
    pin = html[html.index('class="report-pin"') :]
    pin = pin[: pin.index("</section>")]
    assert "Markierung auf der Karte setzen (freiwillig)" in pin
    assert "erst von tiles.example.org geladen, wenn Sie „Karte anzeigen“" in pin
    assert "Gemeinde und Straße oder Ort oben reichen aus." in pin
    assert "<noscript>" in pin and "braucht JavaScript" in pin
    assert 'portal-map__load" hidden' in pin  # shown by map.js only
    assert "GeoJSON" not in pin  # a place to set, not a list of reports
    # the map's styles (consent box, canvas height) come with the page
    assert "portal/css/places.css" in html
    assert "Nicht nötig, wenn Sie eine Markierung" in html


def test_without_a_tile_server_the_form_does_not_mention_a_map(client, world, settings):
    settings.MAP_TILE_URL = ""
    html = client.get(reverse("reports:new")).content.decode()
    assert "report-pin" not in html
    assert "Karte" not in html[html.index("<main") : html.index("</main>")]
    response = post(client, form_data(world, municipality="", place=""))
    errors = response.context["form"].errors
    assert errors["municipality"] == ["Wählen Sie die Gemeinde."]
    assert errors["place"] == ["Nennen Sie die Straße oder den Ort."]


def test_with_a_tile_server_the_errors_offer_the_pin(client, world, settings):
    settings.MAP_TILE_URL = TILES
    response = post(client, form_data(world, municipality="", place=""))
    errors = response.context["form"].errors
    assert errors["municipality"] == [
        "Wählen Sie die Gemeinde oder setzen Sie eine Markierung auf der Karte."
    ]
