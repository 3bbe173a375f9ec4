"""datapackage.json: decimal commas and GeoJSON, without the demo."""

import json

import pytest

from tests.datasets import factories as data

pytestmark = pytest.mark.django_db

GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [11.6, 53.6]},
                "properties": {"name": "Pegel"},
            }
        ],
    }
)


def package(client, dataset):
    response = client.get(f"/datasets/{dataset.translation_key}/datapackage.json")
    assert response.status_code == 200
    return response.json()


def test_decimal_commas_are_declared(client, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    csv = "datum;stand;abfluss\n2026-01-01;1,52;1.234,5\n2026-01-02;1,48;987,0\n"
    dataset = data.dataset("pegel", files=[("pegel.csv", csv)])
    fields = package(client, dataset)["resources"][0]["schema"]["fields"]
    by_name = {field["name"]: field for field in fields}
    assert by_name["stand"]["type"] == "number"
    assert by_name["stand"]["decimalChar"] == ","
    assert by_name["abfluss"]["decimalChar"] == ","
    assert by_name["abfluss"]["groupChar"] == "."
    assert "decimalChar" not in by_name["datum"]


def test_decimal_points_need_nothing(client, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    dataset = data.dataset("punkte", files=[("punkte.csv", "a,b\n1.5,2\n2.5,3\n")])
    fields = package(client, dataset)["resources"][0]["schema"]["fields"]
    assert all("decimalChar" not in field for field in fields)


def test_geojson_is_not_tabular(client, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    dataset = data.dataset("pegel-orte", files=[("orte.geojson", GEOJSON)])
    resource = package(client, dataset)["resources"][0]
    assert resource["profile"] == "data-resource"
    assert "schema" not in resource
