"""Every datapackage.json validates with Frictionless (frictionless-py 5), the
reference implementation, against the files the portal serves (issue #22)."""

import hashlib
import io
import json
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from frictionless import Package
from openpyxl import Workbook

from tests import factories
from tests.datasets import factories as data

pytestmark = pytest.mark.django_db


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def served(client, dataset, tmp_path):
    """The package descriptor with each resource's path pointing at a copy of
    the file the download address serves (so Frictionless reads the real bytes)."""
    response = client.get(f"/datasets/{dataset.translation_key}/datapackage.json")
    assert response.status_code == 200
    descriptor = response.json()
    for resource in descriptor["resources"]:
        download = client.get(urlsplit(resource["path"]).path)
        assert download.status_code == 200
        filename = f"{resource['name']}.{resource['format']}"
        (tmp_path / filename).write_bytes(b"".join(download.streaming_content))
        resource["path"] = filename
    return descriptor


def problems(report):
    """The report's errors, without one the library cannot judge: its JSON
    parser (ijson) stops reading at the closing bracket, so frictionless-py
    never measures a JSON table's size or hash ('actual is "None"');
    :func:`validate` checks those against the served bytes itself."""
    return [
        error
        for error in report.flatten(["type", "note", "rowNumber", "fieldName"])
        if not (
            error[0] in {"byte-count", "hash-count"} and 'actual is "None"' in error[1]
        )
    ]


def validate(client, dataset, tmp_path):
    descriptor = served(client, dataset, tmp_path)
    report = Package(descriptor, basepath=str(tmp_path)).validate()
    assert not problems(report), json.dumps(descriptor["resources"])
    for resource in descriptor["resources"]:
        content = (tmp_path / resource["path"]).read_bytes()
        assert resource["bytes"] == len(content)
        assert resource["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}"
    return descriptor


GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [11.6, 53.6]},
                "properties": {"name": "Pegel", "hoehe": 12.5},
            }
        ],
    }
)


CASES = {
    "csv-semicolon-decimal-comma": (
        "pegel.csv",
        "datum;stand;abfluss;messstelle\n2026-01-01;1,52;1.234,5;Crivitz\n"
        "2026-01-02;1,48;987,0;Barnin\n2026-01-03;;12,0;\n",
    ),
    "csv-comma": ("punkte.csv", "a,b,c\n1.5,2,true\n2.5,3,false\n"),
    "csv-bom": ("bom.csv", "\ufeffname;anzahl\nAmt;3\nGemeinde;4\n"),
    "csv-windows-1252": (
        "alt.csv",
        "straße;größe\nBahnhofstraße;1,5\nMühlenweg;2\n".encode("cp1252"),
    ),
    "csv-german-dates-booleans": (
        "termine.csv",
        "tag;offen;anzahl\n01.02.2026;ja;1\n2.3.2026;nein;-2\n",
    ),
    "csv-mixed-dates": ("gemischt.csv", "tag\n2026-01-01\n02.03.2026\n"),
    "tsv": ("tab.tsv", "a\tb\n1\tx\n2\ty\n"),
    "json-records": (
        "liste.json",
        json.dumps(
            [{"name": "A", "wert": 1.5, "aktiv": True}, {"name": "B", "wert": 2}]
        ),
    ),
    "json-wrapped": (
        "wrapped.json",
        json.dumps({"meta": {"stand": "2026"}, "daten": [{"name": "A", "n": 1}]}),
    ),
    "json-ragged": (
        "ragged.json",
        json.dumps([{"a": 1}, {"a": 2, "b": "x"}, {"b": "y", "a": None}]),
    ),
    "json-mixed": ("mixed.json", json.dumps([{"a": "x"}, {"a": 1}, {"a": "ja"}])),
    "json-german-strings": (
        "strings.json",
        json.dumps([{"tag": "01.02.2026", "ok": "ja", "wert": "1,5"}]),
    ),
    "json-scalars": ("zahlen.json", json.dumps([1, 2, 3])),
    "json-object": ("objekt.json", json.dumps({"name": "A", "n": 1})),
    "json-nested": (
        "nested.json",
        json.dumps([{"name": "A", "ort": {"lat": 1, "lon": 2}, "tags": ["x"]}]),
    ),
    "geojson": ("orte.geojson", GEOJSON),
    "xlsx": (
        "tabelle.xlsx",
        xlsx(
            [
                ["datum", "zeit", "anzahl", "wert", "name", "ok"],
                [date(2026, 1, 1), datetime(2026, 1, 1, 8, 30), 3, 1.5, "A", True],
                [date(2026, 1, 2), datetime(2026, 1, 2, 9, 0), 4, 2, None, False],
            ]
        ),
    ),
    "xlsx-mixed": (
        "gemischt.xlsx",
        xlsx([["wert", "text"], [1, "1,5"], ["k. A.", "2,5"], [None, "ja"]]),
    ),
    "broken-json": ("kaputt.json", "{not json"),
    "pdf": ("bericht.pdf", b"%PDF-1.4\n%%EOF\n"),
}


# What the descriptor must say (None: not a table), beyond being valid.
EXPECTED = {
    "csv-semicolon-decimal-comma": {
        "stand": {"type": "number", "decimalChar": ","},
        "abfluss": {"type": "number", "decimalChar": ",", "groupChar": "."},
    },
    "csv-windows-1252": {"größe": {"type": "number", "decimalChar": ","}},
    "csv-german-dates-booleans": {
        "tag": {"type": "date", "format": "%d.%m.%Y"},
        "offen": {"type": "boolean"},
    },
    "csv-mixed-dates": {"tag": {"type": "string"}},
    "json-records": {"wert": {"type": "number"}, "aktiv": {"type": "boolean"}},
    "json-mixed": {"a": {"type": "any"}},
    "json-nested": {"ort": {"type": "object"}, "tags": {"type": "array"}},
    "json-german-strings": {
        "tag": {"format": "%d.%m.%Y"},
        "wert": {"decimalChar": ","},
    },
    "xlsx": {
        "datum": {"type": "date"},
        "zeit": {"type": "datetime"},
        "anzahl": {"type": "integer"},
        "ok": {"type": "boolean"},
    },
    "xlsx-mixed": {"wert": {"type": "any"}, "text": {"type": "string"}},
    "json-wrapped": None,
    "json-ragged": None,
    "json-scalars": None,
    "json-object": None,
    "geojson": None,
    "broken-json": None,
    "pdf": None,
}


SEVERAL = ("csv-bom", "xlsx", "geojson", "json-records")


def build_datasets():
    """One dataset per kind of file, the wrongly declared one and one of
    several files, by slug."""
    datasets = {
        f"fl-{case}": data.dataset(f"fl-{case}", files=[CASES[case]]) for case in CASES
    }
    datasets["fl-falsch"] = data.dataset(
        "fl-falsch", files=[CASES["csv-semicolon-decimal-comma"]]
    )
    datasets["fl-alles"] = data.dataset(
        "fl-alles", files=[CASES[case] for case in SEVERAL]
    )
    return datasets


datasets = factories.module_data(build_datasets)


@pytest.mark.parametrize("case", CASES)
def test_each_kind_of_file_validates(client, tmp_path, datasets, case):
    dataset = datasets[f"fl-{case}"]
    (resource,) = validate(client, dataset, tmp_path)["resources"]
    expected = EXPECTED.get(case, {})
    if expected is None:
        assert resource["profile"] == "data-resource"
        assert "schema" not in resource
        return
    assert resource["profile"] == "tabular-data-resource"
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    for name, properties in expected.items():
        assert properties.items() <= fields[name].items(), fields[name]


def test_a_wrong_declaration_is_caught(client, tmp_path, datasets):
    """The check reads the data: a column declared as integer that holds
    decimal commas fails (the finding of #22 on wasserstand-plate)."""
    dataset = datasets["fl-falsch"]
    descriptor = served(client, dataset, tmp_path)
    fields = descriptor["resources"][0]["schema"]["fields"]
    for field in fields:
        field.pop("decimalChar", None)
        field.pop("groupChar", None)
    report = Package(descriptor, basepath=str(tmp_path)).validate()
    assert {"type-error"} == {error[0] for error in problems(report)}


def test_a_package_of_several_files_validates(client, tmp_path, datasets):
    dataset = datasets["fl-alles"]
    descriptor = validate(client, dataset, tmp_path)
    assert [r["profile"] for r in descriptor["resources"]] == [
        "tabular-data-resource",
        "tabular-data-resource",
        "data-resource",
        "tabular-data-resource",
    ]
