"""Previews of awkward real-world files, and datapackage.json."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from datasets.models import DatasetPage
from datasets.preview import infer_type, preview_csv, preview_json, preview_xlsx
from tests import factories
from tests.datasets import factories as data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the msgids)."""
    with translation.override("en"):
        yield


def csv_preview(data):
    return preview_csv(io.BytesIO(data))


class TestCsv:
    def test_utf8_with_bom_and_semicolons(self):
        data = "\ufeffGemeinde;Einwohner;Fläche km²\r\nBanzkow;2400;38,5\r\n".encode()
        preview = csv_preview(data)
        assert preview.encoding == "UTF-8 (BOM)"
        assert preview.delimiter == ";"
        assert preview.columns == [
            ("Gemeinde", "string"),
            ("Einwohner", "integer"),
            ("Fläche km²", "number"),
        ]
        assert preview.rows == [["Banzkow", "2400", "38,5"]]

    def test_windows_1252_from_excel(self):
        data = "Straße;Größe\r\nMühlenweg;1.200,50\r\n".encode("cp1252")
        preview = csv_preview(data)
        assert preview.encoding == "Windows-1252"
        assert preview.columns[0] == ("Straße", "string")
        assert preview.rows == [["Mühlenweg", "1.200,50"]]
        assert preview.columns[1][1] == "number"

    def test_commas_with_quoted_semicolons(self):
        data = (
            b'name,notiz,datum\n"Plate","a; b; c",2025-01-31\n"Sukow","x",2025-02-01\n'
        )
        preview = csv_preview(data)
        assert preview.delimiter == ","
        assert preview.rows[0] == ["Plate", "a; b; c", "2025-01-31"]
        assert preview.columns[2] == ("datum", "date")

    def test_utf8_character_cut_at_the_head_boundary(self):
        row = "Ort;Wert\r\n" + "Bülow;1\r\n" * 20_000
        preview = csv_preview(row.encode())
        assert preview.encoding == "UTF-8"
        assert preview.truncated and len(preview.rows) == 20
        assert all(cells == ["Bülow", "1"] for cells in preview.rows)

    def test_large_file_is_not_read_whole(self):
        class Counting(io.BytesIO):
            read_total = 0

            def read(self, size=-1):
                chunk = super().read(size)
                Counting.read_total += len(chunk)
                return chunk

        handle = Counting(b"a;b\n" + b"1;2\n" * 2_000_000)  # 8 MB
        preview_csv(handle)
        assert Counting.read_total <= 64 * 1024

    def test_empty_and_binary_files(self):
        assert csv_preview(b"").error == "The file is empty."
        assert csv_preview(b"\x00\x01\x02PK").error == "The file is not a text file."

    def test_ragged_rows_do_not_break(self):
        preview = csv_preview(b"a;b;c\n1\n1;2;3;4\n")
        assert [name for name, _type in preview.columns] == ["a", "b", "c"]
        assert len(preview.rows) == 2


def xlsx_bytes(rows, sheets=1):
    workbook = Workbook()
    workbook.active.title = "Erste"
    for row in rows:
        workbook.active.append(row)
    for number in range(1, sheets):
        workbook.create_sheet(f"Blatt {number}").append(["anderes"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestXlsx:
    def test_first_sheet_with_types(self):
        data = xlsx_bytes(
            [["Jahr", "Betrag", "Ort"], [2024, 12.5, "Crivitz"]], sheets=2
        )
        preview = preview_xlsx(io.BytesIO(data))
        assert preview.columns == [
            ("Jahr", "integer"),
            ("Betrag", "number"),
            ("Ort", "string"),
        ]
        assert preview.rows == [["2024", "12.5", "Crivitz"]]

    def test_zip_bomb_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
        preview = preview_xlsx(io.BytesIO(buffer.getvalue()))
        assert preview.error == "The file unpacks to too much data to preview."

    def test_broken_file(self):
        preview = preview_xlsx(io.BytesIO(b"PK\x03\x04 this is not a workbook"))
        assert preview.error == "The Excel file is broken."


class TestJson:
    def test_geojson_features(self):
        data = json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [11.65, 53.57]},
                        "properties": {"name": "Spielplatz", "barrierefrei": True},
                    }
                ],
            }
        ).encode()
        preview = preview_json(io.BytesIO(data), len(data))
        assert preview.kind == "geojson"
        assert dict(preview.columns) == {
            "geometry": "string",
            "longitude": "number",
            "latitude": "number",
            "name": "string",
            "barrierefrei": "boolean",
        }

    def test_array_of_objects(self):
        data = b'[{"a": 1, "b": "x"}, {"a": 2, "c": [1, 2]}]'
        preview = preview_json(io.BytesIO(data), len(data))
        assert [name for name, _type in preview.columns] == ["a", "b", "c"]
        assert preview.rows[1] == ["2", "", "[1, 2]"]

    def test_broken_and_too_large(self):
        assert preview_json(io.BytesIO(b"{nope"), 5).error == "The JSON file is broken."
        huge = preview_json(io.BytesIO(b"[]"), 50 * 1024 * 1024)
        assert huge.error == "The file is too large to preview."


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "2", ""], "integer"),
        (["1,5", "2"], "number"),
        (["1.5", "2"], "number"),
        (["2025-01-01", "31.12.2024"], "date"),
        (["ja", "nein"], "boolean"),
        (["0049 3863", "x"], "string"),
        ([], "string"),
    ],
)
def test_infer_type(values, expected):
    assert infer_type(values) == expected


@pytest.fixture
def population(data_index):
    """A CSV in Windows-1252 with semicolons, and an Excel workbook."""
    return data.population_dataset()


class TestPagesAndPackages:
    def test_dataset_page_shows_an_accessible_preview(self, client, population):
        html = client.get(population.url).content.decode()
        assert '<table class="preview-table">' in html
        assert (
            '<th scope="col">Einwohner <span class="column-type">Ganzzahl</span>'
            in html
        )
        assert "<caption>" in html

    def test_editor_sees_what_was_detected(self, client, population):
        page = DatasetPage.objects.get(pk=population.pk)
        distribution = page.distributions.first()
        assert distribution.detected["encoding"] == "Windows-1252"
        assert distribution.detected["delimiter"] == ";"
        client.force_login(factories.StaffFactory(is_superuser=True))
        html = client.get(
            reverse("wagtailadmin_pages:edit", args=[page.pk])
        ).content.decode()
        assert "Windows-1252" in html

    def test_datapackage(self, client, population):
        page = DatasetPage.objects.get(pk=population.pk)
        package = client.get(f"/datasets/{page.identifier}/datapackage.json").json()
        assert package["name"] == "einwohner-nach-gemeinden"
        assert package["licenses"][0]["name"] == "dl-by-de/2.0"
        csv_resource, xlsx_resource = package["resources"]
        assert csv_resource["profile"] == "tabular-data-resource"
        assert csv_resource["encoding"] == "windows-1252"
        assert csv_resource["dialect"]["delimiter"] == ";"
        assert csv_resource["hash"].startswith("sha256:")
        assert {"name": "Einwohner", "type": "integer"} in csv_resource["schema"][
            "fields"
        ]
        assert xlsx_resource["format"] == "xlsx"
        missing = client.get(
            "/datasets/00000000-0000-0000-0000-000000000000/datapackage.json"
        )
        assert missing.status_code == 404
