"""The GeoJSON endpoints and the click-to-load map."""

import json

import pytest
from django.core.cache import cache
from django.template import Context, Template

from portal.maps import tile_origin
from tests import factories
from tests.settings_import import import_settings, settings_environment

from . import factories as tf

WARNOW = [
    (53.6153, 11.6031),
    (53.6200, 11.6200),
    (53.6280, 11.6400),
    (53.6336, 11.6597),
]


def build_world():
    """Four churches in three villages, a beach, three stays, a route."""
    section = tf.tourism_section()
    crivitz, plate = tf.municipality("Crivitz"), tf.municipality("Plate")
    churches = tf.category("kirchen")
    tf.attraction(
        section.index,
        "stadtkirche-crivitz",
        "Stadtkirche Crivitz",
        en={"title": "Crivitz town church"},
        category=churches,
        municipality=crivitz,
        latitude="53.574600",
        longitude="11.649300",
        street="Kirchenstraße 1",
        postal_code="19089",
        city="Crivitz",
    )
    for slug, title, village, lat, lon in (
        ("dorfkirche-plate", "Dorfkirche Plate", plate, "53.5530", "11.5050"),
        ("dorfkirche-leezen", "Dorfkirche Leezen", "Leezen", "53.6650", "11.5000"),
        ("dorfkirche-sukow", "Dorfkirche Sukow", "Sukow", "53.5450", "11.5600"),
    ):
        if isinstance(village, str):
            village = tf.municipality(village)
        tf.attraction(
            section.index,
            slug,
            title,
            en={"title": f"{title} (en)"},
            category=churches,
            municipality=village,
            latitude=lat,
            longitude=lon,
        )
    tf.attraction(
        section.index,
        "badestelle-plate",
        "Badestelle am Störkanal Plate",
        category=tf.category("baden"),
        municipality=plate,
        latitude="53.5510",
        longitude="11.5100",
    )
    for slug, title, kind, village in (
        (
            "ferienwohnung-stoerkanal",
            "Ferienwohnung Am Störkanal",
            "holiday_flat",
            plate,
        ),
        ("campingplatz-pinnower-see", "Campingplatz Pinnower See", "campsite", None),
        ("hotel-am-see", "Hotel am See", "hotel", None),
    ):
        tf.accommodation(
            section.index,
            slug,
            title,
            accommodation_type=kind,
            municipality=village,
            latitude="53.6000",
            longitude="11.5500",
        )
    tf.route(
        section.routes,
        "paddeltour-warnow",
        "Paddeltour auf der Warnow",
        tf.track_line(WARNOW, steps_per_leg=40),
        route_type="paddling",
        start_name="Gneven, Einsetzstelle",
        end_name="Bülow, Anleger",
    )
    return section


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def geojson(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data["features"]


def test_places_geojson_lists_attractions_and_accommodation(client):
    features = geojson(client, "/tourismus/geojson/")
    assert len(features) == 8  # the 5 attractions and 3 stays built above
    church = next(
        f for f in features if f["properties"]["name"] == "Stadtkirche Crivitz"
    )
    assert church["geometry"] == {"type": "Point", "coordinates": [11.6493, 53.5746]}
    assert church["properties"]["url"] == "/tourismus/stadtkirche-crivitz/"
    assert church["properties"]["address"] == "Kirchenstraße 1, 19089 Crivitz"
    assert church["properties"]["detail"] == "Kirchen · Crivitz"
    assert church["properties"]["kind"] == "attractionpage"


def test_places_geojson_filters(client):
    churches = geojson(client, "/tourismus/geojson/", category="kirchen")
    assert {f["properties"]["name"] for f in churches} == {
        "Stadtkirche Crivitz",
        "Dorfkirche Plate",
        "Dorfkirche Leezen",
        "Dorfkirche Sukow",
    }
    plate = geojson(client, "/tourismus/geojson/", municipality="plate")
    assert {f["properties"]["name"] for f in plate} == {
        "Badestelle am Störkanal Plate",
        "Dorfkirche Plate",
        "Ferienwohnung Am Störkanal",
    }
    stays = geojson(client, "/tourismus/geojson/", type="accommodation")
    assert len(stays) == 3
    campsites = geojson(client, "/tourismus/geojson/", category="campsite")
    assert [f["properties"]["name"] for f in campsites] == ["Campingplatz Pinnower See"]


def test_english_geojson_has_english_names_and_urls(client):
    churches = geojson(client, "/en/tourism/geojson/", category="kirchen")
    names = {f["properties"]["name"] for f in churches}
    assert "Crivitz town church" in names
    church = next(
        f for f in churches if f["properties"]["name"] == "Crivitz town church"
    )
    assert church["properties"]["url"] == "/en/tourism/stadtkirche-crivitz/"
    assert church["properties"]["detail"] == "Churches · Crivitz"


def test_route_geojson_has_the_simplified_line(client):
    features = geojson(client, "/tourismus/touren/paddeltour-warnow/geojson/")
    line = features[0]
    assert line["geometry"]["type"] == "LineString"
    coordinates = line["geometry"]["coordinates"]
    assert 2 <= len(coordinates) < 121  # fewer points than the uploaded track
    assert coordinates[0] == pytest.approx([11.6031, 53.6153])
    assert [f["properties"]["kind"] for f in features[1:]] == ["start", "end"]


def render_map(places=()):
    return Template(
        "{% load portal_places %}{% portal_map url places=places %}"
    ).render(Context({"url": "/x/geojson/", "places": places}))


def test_without_tile_server_the_map_is_only_a_list(settings):
    settings.MAP_TILE_URL = ""
    html = render_map([{"name": "Kirche", "url": "/kirche/", "address": "Markt 1"}])
    assert "data-tile-url" not in html
    assert "portal-map__load" not in html
    assert '<a href="/kirche/">Kirche</a>' in html
    assert "Markt 1" in html


def test_with_tile_server_nothing_loads_before_the_click(settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Beispiel"
    html = render_map()
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Beispiel"' in html
    # the button is hidden until map.js shows it; no tile, no Leaflet in the markup
    assert 'portal-map__load" hidden' in html
    assert "<img" not in html and "<script" not in html
    assert "leaflet.js" in html  # only as a data attribute for map.js


def test_tile_origin_for_the_csp():
    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == (
        "https://*.tile.example.org"
    )
    assert tile_origin("http://localhost:8080/tiles/{z}/{x}/{y}.png") == (
        "http://localhost:8080"
    )


def test_csp_allows_no_tile_host_unless_configured(client, settings):
    # The test settings configure no tile server.
    assert settings.MAP_TILE_URL == ""
    policy = client.get("/tourismus/")["Content-Security-Policy"]
    img_src = next(
        part for part in policy.split(";") if part.strip().startswith("img-src")
    )
    assert img_src.split() == ["img-src", "'self'", "data:"]


def test_configured_tile_host_is_added_to_the_csp_img_src():
    # what the settings make of the environment (tests/settings_import.py)
    tiles = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    configured = import_settings(
        "portal.settings.base", settings_environment(MAP_TILE_URL=tiles)
    )
    img_src = configured["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://*.tiles.example.org" in img_src
    plain = import_settings(
        "portal.settings.base", settings_environment(drop={"MAP_TILE_URL"})
    )
    img_src = plain["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "tiles.example.org" not in str(img_src)


def test_the_sentence_above_the_list_says_when_the_list_is_one_page_of_many(
    client, settings, monkeypatch
):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    one_page = client.get("/tourismus/").content.decode()
    assert "Die Liste unten zeigt dieselben Orte." in one_page

    monkeypatch.setattr("tourism.views.PLACES_PER_PAGE", 3)
    cache.clear()  # the places section is cached per content version
    paged = client.get("/tourismus/").content.decode()
    assert "Die Liste unten zeigt dieselben Orte." not in paged
    assert (
        "Die Karte zeigt die Orte aller Ergebnisseiten, die Liste unten die dieser "
        "Seite." in paged
    )
    map_list = paged[paged.index('class="portal-map__list"') :]
    map_list = map_list[: map_list.index("</ul>")]
    assert map_list.count("<li>") == 3
