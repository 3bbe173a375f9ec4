"""The Atom feed of news and announcements, parsed back."""

import pytest
from defusedxml import ElementTree as ET

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

ATOM = "{http://www.w3.org/2005/Atom}"


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


def test_feed_is_valid_atom_with_news_and_announcements(client):
    feed = parse(client)
    # Required Atom feed elements (RFC 4287 §4.1.1).
    assert feed.findtext(f"{ATOM}id")
    assert feed.findtext(f"{ATOM}title").startswith("Amt Crivitz")
    assert feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Amt Crivitz"
    self_link = [
        link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    assert self_link[0].get("href").endswith("/feeds/news.xml")
    items = entries(feed)
    titles = [item["title"] for item in items]
    assert "Ortsdurchfahrt Banzkow wird ab März saniert" in titles
    assert any(title.startswith("Satzung") for title in titles)
    assert any("(aufgehoben)" in title for title in titles)
    for item in items:
        assert item["id"] and item["updated"] and item["summary"]
        assert item["link"].startswith("http://testserver/aktuelles/")
    # Newest first: the latest news item (24 Nov) comes first.
    assert titles[0] == "Ortsdurchfahrt Banzkow wird ab März saniert"


def test_english_feed(client):
    feed = parse(client, "?lang=en")
    titles = [item["title"] for item in entries(feed)]
    assert "New day-care centre opens in Plate in January" in titles
    assert all("Ortsdurchfahrt" not in title for title in titles)
    assert "News and announcements" in feed.findtext(f"{ATOM}title")
    items = entries(feed)
    assert all(item["link"].startswith("http://testserver/en/news/") for item in items)


def test_municipality_feed_includes_association_wide_items(client):
    items = entries(parse(client, "?gemeinde=plate"))
    titles = [item["title"] for item in items]
    assert "Neue Kita in Plate öffnet im Januar" in titles
    assert "Bürgerbüro: längere Öffnungszeiten am Dienstag" in titles  # whole Amt
    assert all("Banzkow" not in title for title in titles)


def test_category_feed_has_only_news_of_that_category(client):
    items = entries(parse(client, "?kategorie=bauen"))
    assert {item["title"] for item in items} == {
        "Ortsdurchfahrt Banzkow wird ab März saniert",
        "Glasfaserausbau in Sukow und Tramm abgeschlossen",
    }
    assert all("Bauen und Verkehr" in item["categories"] for item in items)


def test_combined_municipality_and_category_feed(client):
    items = entries(parse(client, "?gemeinde=sukow&kategorie=bauen"))
    assert [item["title"] for item in items] == [
        "Glasfaserausbau in Sukow und Tramm abgeschlossen"
    ]


def test_announcement_only_feed_by_type(client):
    items = entries(parse(client, "?nur=bekanntmachungen&typ=tender"))
    assert [item["title"] for item in items] == [
        "Ausschreibung: Ausschreibung: Winterdienst auf Gemeindestraßen 2026/27"
    ]


@pytest.mark.parametrize(
    "query", ["?gemeinde=atlantis", "?kategorie=nix", "?typ=x", "?lang=fr", "?nur=y"]
)
def test_unknown_filters_are_404(client, query):
    assert client.get("/feeds/news.xml" + query).status_code == 404


def test_news_pages_announce_the_feed(client):
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


def test_feed_links_to_the_news_section(client):
    def alternate(feed):
        return next(
            link.get("href")
            for link in feed.findall(f"{ATOM}link")
            if link.get("rel") == "alternate"
        )

    assert alternate(parse(client)) == "http://testserver/aktuelles/"
    assert alternate(parse(client, "?lang=en")) == "http://testserver/en/news/"
