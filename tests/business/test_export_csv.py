"""The directory's CSV export as German Excel opens it, and opening hours in
words on the entry page (no demo data)."""

import csv
import datetime
import io

import pytest

from business.models import BusinessDirectoryPage, BusinessEntryPage, BusinessIndexPage
from tests.factories import add_page, translate

pytestmark = pytest.mark.django_db

T = datetime.time


def weekly(days, opens, closes):
    return ("weekly", {"days": days, "opens": opens, "closes": closes})


@pytest.fixture
def directory(home):
    index = add_page(home, BusinessIndexPage, title="Wirtschaft", slug="wirtschaft")
    directory = add_page(
        index, BusinessDirectoryPage, title="Verzeichnis", slug="verzeichnis"
    )
    add_page(
        directory,
        BusinessEntryPage,
        title="Hofladen Seeblick",
        slug="hofladen-seeblick",
        street="Dorfstraße 1; Hof 2",
        postal_code="19089",
        city="Crivitz",
        products="Eier\nKartoffeln",
        opening_hours=[
            weekly(["mo", "tu", "we", "th", "fr"], T(8), T(16)),
            weekly(["sa"], T(9), T(12)),
        ],
    )
    return directory


def test_csv_is_semicolon_separated_utf8_with_bom_and_readable_hours(client, directory):
    response = client.get(directory.url + "export/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = body.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("id;name;url;type;")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "Hofladen Seeblick"
    assert row["street"] == "Dorfstraße 1; Hof 2"  # quoted, not split
    assert row["opening_hours"] == "Mo–Fr 8:00–16:00; Sa 9:00–12:00"
    assert row["products"] == "Eier, Kartoffeln"
    assert "{" not in text  # no JSON left in the cells


def test_english_csv_uses_english_day_names(client, directory):
    translate(directory.get_parent(), title="Business", slug="business")
    translate(directory, title="Directory", slug="directory")
    entry = BusinessEntryPage.objects.get(slug="hofladen-seeblick")
    translate(entry, title="Farm shop Seeblick")
    text = b"".join(
        client.get("/en/business/directory/export/csv/").streaming_content
    ).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["opening_hours"] == "Mon–Fri 8:00–16:00; Sat 9:00–12:00"


def test_json_export_keeps_schema_org_hours(client, directory):
    entry = client.get(directory.url + "export/json/").json()["entries"][0]
    assert entry["opening_hours"][0]["opens"] == "08:00"


def test_entry_page_shows_regular_hours_in_words(client, directory):
    html = client.get(directory.url + "hofladen-seeblick/").content.decode()
    assert "Reguläre Öffnungszeiten:</strong> Mo–Fr 8:00–16:00; Sa 9:00–12:00" in html
