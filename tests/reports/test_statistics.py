"""Public statistics: counts per status, category and municipality, medians."""

import datetime

import pytest
from django.utils import timezone

from reports import statistics
from reports.choices import Moderation, Status
from tests.factories import MunicipalityFactory

from .factories import ReportFactory, translated_category

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_counts_and_medians():
    now = timezone.now()
    light = translated_category(name="Licht", slug="licht")
    waste = translated_category(name="Müll", slug="muell")
    crivitz = MunicipalityFactory(name="Crivitz")
    plate = MunicipalityFactory(name="Plate")
    start = now - 30 * DAY
    for days_to_done in (2, 4, 9):
        ReportFactory(
            category=light,
            municipality=crivitz,
            status=Status.DONE,
            created_at=start,
            first_answer_at=start + DAY,
            closed_at=start + days_to_done * DAY,
        )
    ReportFactory(category=light, municipality=plate, status=Status.IN_PROGRESS)
    main = ReportFactory(category=waste, municipality=plate, status=Status.REJECTED)
    # not counted: waiting for release, unconfirmed, merged duplicate
    ReportFactory(category=waste, moderation=Moderation.PENDING, released_at=None)
    ReportFactory(category=waste, confirmed_at=None)
    ReportFactory(category=waste, merged_into=main)

    stats = statistics.compute()
    assert stats["total"] == 5
    counts = {row["value"]: row["count"] for row in stats["statuses"]}
    assert counts == {
        "received": 0,
        "in_progress": 1,
        "done": 3,
        "forwarded": 0,
        "rejected": 1,
    }
    assert stats["median_done_days"] == 4.0
    assert stats["median_answer_days"] == 1.0
    light_row = stats["categories"][0]
    assert light_row == {
        "name": "Licht",
        "total": 4,
        "open": 1,
        "closed": 3,
        "median_answer_days": 1.0,
        "median_done_days": 4.0,
    }
    assert stats["categories"][1]["median_done_days"] is None
    assert [(m["name"], m["total"], m["open"]) for m in stats["municipalities"]] == [
        ("Crivitz", 3, 0),
        ("Plate", 2, 1),
    ]


def test_page_in_both_languages_without_javascript(client):
    category = translated_category(name="Licht", slug="licht")
    ReportFactory(category=category, status=Status.DONE)
    response = client.get("/beteiligung/meldungen/statistik/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<caption>" in body and 'scope="col"' in body
    assert "Licht" in body
    assert "Bürgermeldungen in Zahlen" in body
    english = client.get("/en/participation/reports/statistics/").content.decode()
    assert "Citizen reports in figures" in english
    assert "Licht (en)" in english
    assert "<script" not in body.split("<main", 1)[-1].split("</main>", 1)[0]


def test_empty_page(client):
    response = client.get("/beteiligung/meldungen/statistik/")
    assert response.status_code == 200
    assert "Noch keine Meldungen." in response.content.decode()
