"""The Atom feed of news and announcements, parsed back (no demo data)."""

import pytest
from defusedxml import ElementTree as ET

from home.models import AnnouncementKind, AnnouncementStatus
from tests import factories

from .factories import announcement, category, news_item, news_section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def build_world():
    """Two municipalities, two categories, news in both languages and three
    announcements (one repealed, one tender)."""
    home = factories.home_page()
    news, archive = news_section(home)
    news_en = news.get_translation(factories.locale("en"))
    sukow = factories.translated_municipality(name="Sukow", slug="sukow")
    plate = factories.translated_municipality(name="Plate", slug="plate")
    building = category("Bauen und Verkehr", "bauen", "Building and transport")
    school = category("Schule", "schule", "School")
    items = {
        "road": news_item(
            news,
            1,
            title="Ortsdurchfahrt Sukow wird saniert",
            category=building,
            municipality=sukow,
        ),
        "fibre": news_item(
            news,
            5,
            title="Glasfaser in Sukow verlegt",
            category=building,
            municipality=sukow,
        ),
        "kita": news_item(
            news,
            3,
            title="Neue Kita in Plate",
            slug="neue-kita-plate",
            category=school,
            municipality=plate,
        ),
        "office": news_item(news, 4, title="Bürgerbüro: längere Öffnungszeiten"),
        "kita_en": news_item(news_en, 3, title="New day-care centre in Plate"),
        "statute": announcement(
            archive,
            2,
            title="Satzung über die Straßenreinigung",
            kind=AnnouncementKind.STATUTE,
        ),
        "repealed": announcement(
            archive,
            10,
            title="Satzung über Hundesteuer",
            kind=AnnouncementKind.STATUTE,
            status=AnnouncementStatus.REPEALED,
            status_reason="Durch die neue Satzung ersetzt.",
        ),
        "tender": announcement(
            archive,
            6,
            title="Winterdienst",
            kind=AnnouncementKind.TENDER,
            municipality=plate,
        ),
    }
    return items


world = factories.module_data(build_world)


def parse(client, query=""):
    response = client.get("/feeds/news.xml" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed


def entries(feed):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def titles(feed):
    return [item["title"] for item in entries(feed)]


def test_feed_is_valid_atom_with_news_and_announcements(client, world):
    feed = parse(client)
    # Required Atom feed elements (RFC 4287 §4.1.1).
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}title") == "Testamt – Aktuelles und Bekanntmachungen"
    assert feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Testamt"
    self_link = [
        link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    assert self_link[0].get("href").endswith("/feeds/news.xml")
    items = entries(feed)
    for item in items:
        assert item["id"] and item["updated"] and item["summary"]
        assert item["link"].startswith("http://testserver/aktuelles/")
    # Newest first, news and announcements merged; German only.
    assert [item["title"] for item in items] == [
        "Ortsdurchfahrt Sukow wird saniert",
        "Satzung: Satzung über die Straßenreinigung",
        "Neue Kita in Plate",
        "Bürgerbüro: längere Öffnungszeiten",
        "Glasfaser in Sukow verlegt",
        "Ausschreibung: Winterdienst",
        "Satzung (aufgehoben): Satzung über Hundesteuer",
    ]


def test_english_feed(client, world):
    feed = parse(client, "?lang=en")
    assert titles(feed) == ["New day-care centre in Plate"]
    assert "News and announcements" in feed.findtext(f"{ATOM}title")
    assert entries(feed)[0]["link"].startswith("http://testserver/en/news/")


def test_municipality_feed_includes_association_wide_items(client, world):
    assert titles(parse(client, "?municipality=plate")) == [
        "Satzung: Satzung über die Straßenreinigung",
        "Neue Kita in Plate",
        "Bürgerbüro: längere Öffnungszeiten",
        "Ausschreibung: Winterdienst",
        "Satzung (aufgehoben): Satzung über Hundesteuer",
    ]


def test_category_feed_has_only_news_of_that_category(client, world):
    items = entries(parse(client, "?category=bauen"))
    assert [item["title"] for item in items] == [
        "Ortsdurchfahrt Sukow wird saniert",
        "Glasfaser in Sukow verlegt",
    ]
    assert all("Bauen und Verkehr" in item["categories"] for item in items)


def test_combined_municipality_and_category_feed(client, world):
    assert titles(parse(client, "?municipality=plate&category=schule")) == [
        "Neue Kita in Plate"
    ]
    assert titles(parse(client, "?municipality=plate&category=bauen")) == []


def test_announcement_only_feed_by_type(client, world):
    assert titles(parse(client, "?only=announcements&type=tender")) == [
        "Ausschreibung: Winterdienst"
    ]
    assert titles(parse(client, "?only=news&municipality=sukow")) == [
        "Ortsdurchfahrt Sukow wird saniert",
        "Bürgerbüro: längere Öffnungszeiten",
        "Glasfaser in Sukow verlegt",
    ]


@pytest.mark.parametrize(
    "query",
    ["?municipality=atlantis", "?category=nix", "?type=x", "?lang=fr", "?only=y"],
)
def test_unknown_filters_are_404(client, world, query):
    assert client.get("/feeds/news.xml" + query).status_code == 404


def test_news_pages_announce_the_feed(client, world):
    for url in (
        "/aktuelles/",
        "/aktuelles/bekanntmachungen/",
        "/aktuelles/neue-kita-plate/",
    ):
        html = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml"' in html
            and 'href="/feeds/news.xml"' in html
        ), url


def test_feed_links_to_the_news_section(client, world):
    def alternate(feed):
        return next(
            link.get("href")
            for link in feed.findall(f"{ATOM}link")
            if link.get("rel") == "alternate"
        )

    assert alternate(parse(client)) == "http://testserver/aktuelles/"
    assert alternate(parse(client, "?lang=en")) == "http://testserver/en/news/"
