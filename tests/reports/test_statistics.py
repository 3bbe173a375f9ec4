"""Public statistics: counts per status, category and municipality, medians."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from reports import statistics
from reports.choices import Moderation, Status
from reports.models import Report
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


def test_per_department_and_per_month():
    now = timezone.localtime()
    this_month = now.replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    last_month = (this_month - DAY).replace(day=1)
    bauhof = Group.objects.create(name="Bauhof")
    ordnung = Group.objects.create(name="Ordnungsamt")
    category = translated_category(name="Licht", slug="licht")
    for days_to_answer, days_to_done in ((1, 3), (3, 7)):
        ReportFactory(
            category=category,
            department=bauhof,
            status=Status.DONE,
            created_at=last_month,
            first_answer_at=last_month + days_to_answer * DAY,
            closed_at=last_month + days_to_done * DAY,
        )
    ReportFactory(category=category, department=ordnung, created_at=this_month)
    ReportFactory(category=category, department=None, created_at=this_month)
    # not counted: a merged duplicate and a report waiting for release
    ReportFactory(
        category=category, department=ordnung, merged_into=Report.objects.first()
    )
    ReportFactory(category=category, department=ordnung, moderation=Moderation.PENDING)

    stats = statistics.compute()
    assert stats["departments"] == [
        {
            "name": "Bauhof",
            "total": 2,
            "open": 0,
            "closed": 2,
            "median_answer_days": 2.0,
            "median_done_days": 5.0,
        },
        {
            "name": "Ordnungsamt",
            "total": 1,
            "open": 1,
            "closed": 0,
            "median_answer_days": None,
            "median_done_days": None,
        },
        {
            "name": None,
            "total": 1,
            "open": 1,
            "closed": 0,
            "median_answer_days": None,
            "median_done_days": None,
        },
    ]
    months = stats["months"]
    assert len(months) == 12
    assert months[-1]["key"] == f"{this_month:%Y-%m}"
    assert (months[-1]["total"], months[-1]["open"]) == (2, 2)
    assert months[-2]["key"] == f"{last_month:%Y-%m}"
    assert months[-2]["total"] == 2
    assert months[-2]["median_answer_days"] == 2.0
    assert months[-2]["median_done_days"] == 5.0
    # months without reports are listed with zero, not left out
    assert [m["total"] for m in months[:-2]] == [0] * 10
    assert months[0]["median_done_days"] is None


def test_department_and_month_tables_in_both_languages(client):
    bauhof = Group.objects.create(name="Bauhof")
    category = translated_category(name="Licht", slug="licht")
    ReportFactory(category=category, department=bauhof, status=Status.DONE)
    body = client.get("/beteiligung/meldungen/statistik/").content.decode()
    for heading in ("Nach Monat des Eingangs", "Nach Zuständigkeit"):
        assert heading in body
    assert 'aria-labelledby="by-department"' in body
    assert 'aria-labelledby="by-month"' in body
    assert '<div class="table-wrap report-stats" role="region" tabindex="0"' in body
    assert '<th scope="row">Bauhof</th>' in body
    month = timezone.localdate()
    assert f'<time datetime="{month:%Y-%m}">' in body
    english = client.get("/en/participation/reports/statistics/").content.decode()
    assert "By month of receipt" in english and "By department" in english
    assert "Reports received in the last 12 months" in english
