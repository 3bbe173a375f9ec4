"""Public pages: only released reports, never reporter data; photos after release."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports.choices import Moderation
from reports.models import ReportPhoto
from reports.photos import clean

from .factories import ReportFactory, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_pending_report_is_not_public(client):
    report = ReportFactory(moderation=Moderation.PENDING, released_at=None)
    assert client.get(report.get_absolute_url()).status_code == 404
    listing = client.get(reverse("reports:list")).content.decode()
    assert report.get_absolute_url() not in listing
    geojson = client.get(reverse("reports:geojson")).json()
    assert geojson["features"] == []


def test_unconfirmed_report_is_not_public(client):
    report = ReportFactory(confirmed_at=None)
    assert client.get(report.get_absolute_url()).status_code == 404


def test_released_report_is_public_without_reporter_data(client):
    report = ReportFactory(public_answer="Wird am Dienstag repariert.")
    for url in (
        report.get_absolute_url(),
        reverse("reports:list"),
        reverse("reports:geojson"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "melderin@example.org" not in body
        assert "Erika Melderin" not in body
    detail = client.get(report.get_absolute_url()).content.decode()
    assert "Wird am Dienstag repariert." in detail
    assert "Schweriner Straße 12" in detail


def test_staff_edited_public_text_replaces_the_submitted_one(client):
    report = ReportFactory(
        description="Herr Müller aus Nr. 5 hat die Laterne beschädigt.",
        public_description="Die Laterne ist beschädigt.",
    )
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Die Laterne ist beschädigt." in body
    assert "Herr Müller" not in body


def _photo(report):
    cleaned = clean(png_file())
    photo = ReportPhoto(report=report, width=cleaned.width, height=cleaned.height)
    photo.file.save("x.jpg", cleaned.content)
    return photo


def test_photo_only_after_release(client):
    report = ReportFactory(moderation=Moderation.PENDING)
    photo = _photo(report)
    assert client.get(photo.get_absolute_url()).status_code == 404
    report.moderation = Moderation.RELEASED
    report.save()
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    photo.public = False
    photo.save()
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_list_filters(client):
    light = ReportFactory(place="Lampe am Markt")
    other = ReportFactory(place="Müll am See", status="done")
    response = client.get(reverse("reports:list"), {"status": "done"})
    body = response.content.decode()
    assert other.place in body
    assert light.place not in body
    response = client.get(
        reverse("reports:list"), {"category": light.category.slug, "status": "x"}
    )
    assert response.status_code == 200


def test_english_pages(client):
    report = ReportFactory()
    with translation.override("en"):
        url = reverse("reports:detail", args=[report.pk])
    assert url.startswith("/en/participation/reports/")
    assert client.get(url).status_code == 200
