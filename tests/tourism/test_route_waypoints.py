"""The route without the map: start, stages and finish as text (issue #20)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tourism.models import RoutePage

pytestmark = pytest.mark.django_db

STAGES = [
    ("stage", {"title": "Raben Steinfeld – Pinnow", "distance_km": Decimal("9.5")}),
    ("stage", {"title": "Pinnow – Leezen", "distance_km": None}),
]


def route(**fields):
    values = {
        "title": "Tour",
        "slug": "tour",
        "start_name": "Badestrand",
        "end_name": "Kirche Leezen",
        "start_latitude": 53.6,
        "start_longitude": 11.5,
        "end_latitude": 53.7,
        "end_longitude": 11.6,
        "stages": STAGES,
    }
    values.update(fields)
    return RoutePage(**values)


def rendered(points):
    return Template(
        "{% load portal_places %}{% portal_map '/x/' places=places %}"
    ).render(Context({"places": points}))


def test_the_map_list_names_start_stages_and_finish_in_order():
    with translation.override("de"):
        points = [(p["name"], str(p["detail"])) for p in route().waypoints()]
    assert points == [
        ("Badestrand", "Start"),
        ("Raben Steinfeld – Pinnow", "Etappe 1 · 9,5 km"),
        ("Pinnow – Leezen", "Etappe 2"),
        ("Kirche Leezen", "Ziel"),
    ]


def test_a_round_trip_ends_back_at_the_start():
    page = route(end_latitude=53.6, end_longitude=11.5, stages=[])
    with translation.override("en"):
        points = [(p["name"], str(p["detail"])) for p in page.waypoints()]
        html = rendered(page.waypoints())
    assert points == [("Badestrand", "Start"), ("Badestrand", "back at the start")]
    assert html.count("<li>") == 2
    assert "back at the start" in html
