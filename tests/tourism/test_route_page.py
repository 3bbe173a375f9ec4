"""The route page names each stage once, with and without the map (issue #20)."""

from decimal import Decimal

import pytest

from tests import factories
from tests.tourism import factories as tf

pytestmark = pytest.mark.django_db

LEEZEN = [(53.60, 11.50), (53.65, 11.55), (53.70, 11.60)]
ROUND = [(53.60, 11.50), (53.65, 11.55), (53.6001, 11.5001)]
STAGES = [
    (
        "stage",
        {
            "title": "Raben Steinfeld – Pinnow",
            "distance_km": Decimal("9.5"),
            "description": "Am Ostufer entlang.",
        },
    ),
    ("stage", {"title": "Pinnow – Leezen", "distance_km": None, "description": ""}),
]


def build_routes():
    section = tf.tourism_section()
    tf.route(
        section.routes,
        "etappentour",
        "Etappentour",
        tf.track_line(LEEZEN),
        start_name="Badestrand",
        end_name="Kirche Leezen",
        stages=STAGES,
    )
    tf.route(
        section.routes,
        "runde",
        "Runde",
        tf.track_line(ROUND),
        start_name="Badestrand",
    )
    return section


routes = factories.module_data(build_routes)


@pytest.fixture
def html(client, routes, settings):
    def get(slug, tiles=""):
        settings.MAP_TILE_URL = tiles
        response = client.get(f"/tourismus/touren/{slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        # what a reader sees: the main content, not the page's JSON-LD
        return html[html.index("<main") : html.index("</main>")]

    return get


@pytest.mark.parametrize("tiles", ["", "https://tiles.example/{z}/{x}/{y}.png"])
def test_each_stage_is_named_once_with_and_without_the_map(html, tiles):
    page = html("etappentour", tiles)
    assert page.count("Raben Steinfeld – Pinnow") == 1
    assert page.count("Pinnow – Leezen") == 1
    assert "9,5 km" in page
    assert "Am Ostufer entlang." in page
    # the map refers to the stages instead of listing them again
    assert "portal-map__list" not in page
    assert "Die Etappen oben beschreiben dieselbe Strecke als Text." in page
    # start and finish as route facts
    assert "<dd>Badestrand</dd>" in page
    assert "<dd>Kirche Leezen</dd>" in page


def test_the_stages_come_before_the_map(html):
    page = html("etappentour")
    assert page.index('id="stages-title"') < page.index('id="map-title"')


def test_a_round_trip_ends_back_at_the_start(html):
    page = html("runde")
    assert "<dd>zurück am Start</dd>" in page
    assert 'id="stages-title"' not in page
    assert "Start und Ziel stehen oben." in page
    assert page.count("Badestrand") == 1
