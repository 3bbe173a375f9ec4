"""The directory page: filters and their combinations, search, A–Z, export,
JSON-LD of entries and a query count that does not grow with the entries."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from accounts.permissions import grant_owner
from business.models import BusinessDirectoryPage, BusinessEntryPage
from business.wagtail_hooks import directory_section
from tests import factories

from .factories import entry

pytestmark = pytest.mark.django_db

URL = "/wirtschaft/verzeichnis/"
FILLERS = 22  # a second page of 20 for the search "Hof" too


def build_world():
    """Entries that each filter tells apart, a few in English, and plain
    companies enough for a second page."""
    place = {
        slug: factories.MunicipalityFactory(name=slug.capitalize(), slug=slug)
        for slug in ("crivitz", "banzkow", "cambs", "barnin", "demen", "dobin")
    }
    hours = [
        (
            "weekly",
            {
                "days": ["tu", "fr"],
                "opens": datetime.time(8),
                "closes": datetime.time(12),
            },
        )
    ]
    at = {"latitude": Decimal("53.57"), "longitude": Decimal("11.65")}
    owner = factories.UserFactory(username="ute-owner", first_name="Ute")
    shop = entry(
        "Hofladen Banzkow",
        actor_type="farm",
        sector="A",
        municipality=place["banzkow"],
        direct_sale=True,
        tags=["Honig", "Eier"],
        english={"title": "Hofladen Banzkow"},
        **at,
    )
    grant_owner(shop, owner)
    entry(
        "Fischerei Cambs",
        actor_type="farm",
        sector="A",
        municipality=place["cambs"],
        intro="Frischer und geräucherter Fisch aus dem Schweriner See.",
        street="Fischerweg 1",
        postal_code="19067",
        city="Cambs",
        opening_hours=hours,
        tags=["Fisch"],
        english={"intro": "Fresh and smoked fish from Lake Schwerin."},
        **at,
    )
    entry(
        "Imkerei am Barniner See",
        actor_type="farm",
        sector="A",
        municipality=place["barnin"],
        intro="Honig und Wachs aus Barnin.",
        tags=["Honig"],
        **at,
    )
    entry("Biohof Demen", actor_type="farm", municipality=place["demen"], **at)
    entry("Obsthof Dobin", actor_type="farm", direct_sale=True, **at)
    entry("Tischlerei Möller Plate", sector="C", municipality=place["crivitz"], **at)
    entry("Bauunternehmen Krüger Leezen", sector="F", **at)
    entry("Kanuverleih Störkanal", actor_type="tourism", sector="N", **at)
    entry(
        "SV Crivitz 1920 e. V.",
        slug="sportverein-crivitz",
        actor_type="association",
        sector="R",
        **at,
    )
    entry("Sportfreunde Banzkow", actor_type="association", sector="S", **at)
    entry("Crivitzer Tafel", actor_type="social", sector="Q", **at)
    entry("Bäckerei Lange", sector="C", **at)
    for number in range(FILLERS):
        entry(
            f"Werkstatt {number:02d}",
            intro="Hof und Werkstatt.",
            municipality=place["crivitz"],
            tags=["bio"] if number < 3 else (),
        )
    return SimpleNamespace(place=place, owner=owner)


world = factories.module_data(build_world)


@pytest.fixture(autouse=True)
def _world(world):
    return world


def titles(response):
    return [item.title for item in response.context["listing"]()["entries"]]


def test_directory_lists_published_entries_in_both_languages(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["listing"]()["page_obj"].paginator.count == 12 + FILLERS
    assert "Hofladen Banzkow" in response.content.decode()
    english = client.get("/en/business/directory/")
    assert english.status_code == 200
    assert english.context["listing"]()["page_obj"].paginator.count == 2
    assert titles(english) == ["Fischerei Cambs", "Hofladen Banzkow"]


@pytest.mark.parametrize(
    "query, expected, unexpected",
    [
        ("type=farm", "Biohof Demen", "Tischlerei Möller Plate"),
        ("sector=F", "Bauunternehmen Krüger Leezen", "Hofladen Banzkow"),
        ("municipality=cambs", "Fischerei Cambs", "Hofladen Banzkow"),
        ("tag=honig", "Imkerei am Barniner See", "Fischerei Cambs"),
        ("letter=K", "Kanuverleih Störkanal", "Hofladen Banzkow"),
        ("direct_sale=1", "Obsthof Dobin", "Tischlerei Möller Plate"),
    ],
)
def test_each_filter(client, query, expected, unexpected):
    found = titles(client.get(f"{URL}?{query}"))
    assert expected in found
    assert unexpected not in found


def test_filters_combine(client):
    found = titles(client.get(f"{URL}?type=farm&municipality=banzkow&tag=honig"))
    assert found == ["Hofladen Banzkow"]
    assert titles(client.get(f"{URL}?type=farm&municipality=cambs&sector=F")) == []
    found = titles(client.get(f"{URL}?type=association&sector=R&letter=S"))
    assert found == ["SV Crivitz 1920 e. V."]


def test_unknown_filter_values_are_ignored(client):
    response = client.get(f"{URL}?type=spaceship&sector=Z&letter=%C3%84&page=abc")
    assert response.status_code == 200
    assert response.context["listing"]()["filtered"] is False
    # the other filters still apply
    assert titles(client.get(f"{URL}?q=Honig&type=spaceship&municipality=barnin")) == [
        "Imkerei am Barniner See"
    ]


def test_the_filter_bar_shows_the_filters_and_keeps_the_linked_ones(client):
    html = client.get(f"{URL}?type=farm&direct_sale=1&tag=honig&letter=").content
    form = html.decode().split('<form class="filter-bar', 1)[1].split("</form>")[0]
    assert '<option value="farm" selected>' in form
    assert re.search(r'name="direct_sale" value="1"[^>]*checked', form)
    assert '<input type="hidden" name="tag" value="honig"' in form
    assert 'name="letter"' not in form  # an empty hidden value is left out
    assert '<a class="filter-bar__reset" href="/wirtschaft/verzeichnis/">' in form
    plain = client.get(URL).content.decode()
    assert "filter-bar__reset" not in plain


def test_full_text_search_combines_with_filters(client):
    found = titles(client.get(f"{URL}?q=Honig"))
    assert "Imkerei am Barniner See" in found
    assert "Tischlerei Möller Plate" not in found
    assert titles(client.get(f"{URL}?q=Honig&municipality=barnin")) == [
        "Imkerei am Barniner See"
    ]


def test_pagination(client):
    first = client.get(URL)
    assert len(first.context["listing"]()["entries"]) == 20
    second = client.get(f"{URL}?page=2")
    assert set(titles(first)).isdisjoint(titles(second))


def test_unpublished_entries_are_not_listed_or_exported(client):
    hidden = entry("Verborgener Betrieb", actor_type="company")
    assert "Verborgener Betrieb" in titles(client.get(f"{URL}?letter=V"))
    hidden.unpublish()
    assert "Verborgener Betrieb" not in titles(client.get(f"{URL}?letter=V"))
    exported = client.get(f"{URL}export/json/").json()
    assert "Verborgener Betrieb" not in {row["name"] for row in exported["entries"]}


def test_csv_export_has_published_entries_and_no_owner_data(client):
    response = client.get(f"{URL}export/csv/?type=farm")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    names = {row["name"] for row in rows}
    assert "Hofladen Banzkow" in names
    assert "Tischlerei Möller Plate" not in names
    assert all(row["type"] == "farm" for row in rows)
    assert "ute-owner" not in text
    assert "Ute" not in text


def test_json_export_structure(client, world):
    data = client.get(f"{URL}export/json/?municipality=cambs").json()
    entries = {row["name"]: row for row in data["entries"]}
    fish = entries["Fischerei Cambs"]
    assert fish["sector"] == "A"
    assert fish["municipality"] == world.place["cambs"].ags
    assert "Fisch" in fish["tags"]  # the display name, not the slug
    assert fish["opening_hours"][0]["@type"] == "OpeningHoursSpecification"
    assert fish["url"].endswith("/wirtschaft/verzeichnis/fischerei-cambs/")


def test_geojson(client):
    data = client.get(f"{URL}geojson/?type=social").json()
    assert data["type"] == "FeatureCollection"
    names = {feature["properties"]["name"] for feature in data["features"]}
    assert "Crivitzer Tafel" in names
    assert "Hofladen Banzkow" not in names


def test_entry_page_and_json_ld(client):
    response = client.get("/wirtschaft/verzeichnis/fischerei-cambs/")
    assert response.status_code == 200
    data = response.context["json_ld_data"]
    assert data["@type"] == "LocalBusiness"
    assert data["address"]["streetAddress"] == "Fischerweg 1"
    assert data["geo"]["@type"] == "GeoCoordinates"
    assert data["openingHoursSpecification"]
    association = client.get("/wirtschaft/verzeichnis/sportverein-crivitz/")
    assert association.context["json_ld_data"]["@type"] == "NGO"
    english = client.get("/en/business/directory/fischerei-cambs/")
    assert english.status_code == 200
    assert "Fresh and smoked fish" in english.content.decode()


def test_entry_page_shows_no_edit_link_to_visitors(client):
    html = client.get("/wirtschaft/verzeichnis/fischerei-cambs/").content.decode()
    assert "bearbeiten" not in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


QUERIES = ["", "?type=farm", "?tag=bio&municipality=crivitz", "?q=Hof&page=2"]
# more entries: the farms fill their first page and "Hof" its second, with a
# page behind each
MORE = 19


def test_query_count_does_not_grow_with_entries(client, world):
    """For each listing query, the same number of queries before and after
    more entries (built once for all of them)."""
    logo = factories.ImageFactory(title="Logo für Zähltest")
    # Every entry gets a logo, so the listing shows images in both runs.
    BusinessEntryPage.objects.update(logo=logo)
    small = []
    for query in QUERIES:
        # Warm-up: renditions of logos exist before counting.
        _queries(client, URL + query)
        small.append((query, _queries(client, URL + query)))
    for number in range(MORE):
        entry(
            f"Hof Nummer {number}",
            actor_type="farm",
            municipality=world.place["demen"],
            logo=logo,
            tags=["bio"],
        )
    large = []
    for query in QUERIES:
        _queries(client, URL + query)
        large.append((query, _queries(client, URL + query)))
    assert large == small
    assert all(count <= 20 for _query, count in large), large
    for query in ("?type=farm", "?q=Hof&page=2"):
        page = client.get(URL + query).context["listing"]()["page_obj"]
        assert len(page.object_list) == 20 and page.has_next(), query


def test_directory_count_matches_queryset(client):
    response = client.get(URL)
    assert (
        response.context["listing"]()["page_obj"].paginator.count
        == BusinessEntryPage.objects.live().filter(locale__language_code="de").count()
    )


def test_json_export_is_valid_json_with_utf8(client):
    response = client.get(f"{URL}export/json/?letter=B")
    data = json.loads(response.content.decode("utf-8"))
    assert any(row["name"] == "Bäckerei Lange" for row in data["entries"])


def test_the_home_page_search_box_is_the_one_filter_bar(rf):
    directory = BusinessDirectoryPage.objects.live().get(
        url_path__endswith="/verzeichnis/"
    )
    home = SimpleNamespace(locale=directory.locale)
    section = directory_section(rf.get("/"), home)
    html = render_to_string(section.template, {"section": section})
    assert f'action="{section.more_url}" role="search"' in html
    assert '<label class="kern-label" for="home-directory-q">' in html
    assert 'type="search" name="q"' in html
    assert "filter-bar__reset" not in html
