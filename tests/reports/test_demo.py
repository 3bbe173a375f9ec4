"""Demo smoke test: the reports demo shows every status, both languages, a duplicate."""

import pytest
from django.urls import reverse

from reports.choices import Moderation, Status
from reports.models import Category, Report

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_demo_reports(client):
    reports = Report.objects.filter(source="demo")
    assert reports.count() == 60
    assert set(reports.values_list("status", flat=True)) == set(Status.values)
    assert reports.filter(moderation=Moderation.PENDING).exists()
    assert reports.filter(merged_into__isnull=False).count() == 1
    assert reports.filter(photos__isnull=False).exists()
    assert reports.values("municipality").distinct().count() >= 10
    assert reports.values("category").distinct().count() == 7
    assert Category.objects.filter(locale__language_code="en").count() == 7
    assert (
        "Straßenbeleuchtung" in client.get("/beteiligung/meldungen/").content.decode()
    )
    english = client.get("/en/participation/reports/").content.decode()
    assert "Street lighting" in english
    assert len(client.get("/open311/v2/requests.json").json()) > 20
    assert client.get(reverse("reports:geojson")).json()["features"]
