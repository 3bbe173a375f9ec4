"""The one pager (``portal/includes/pagination.html``), the listing helper
``portal.listing.paginate`` and the redirects from old parameter names."""

import datetime
from html.parser import HTMLParser

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from home.models import NewsIndexPage, NewsPage
from portal.listing import legacy_redirect_url, paginate
from tests.factories import add_page, home_page

PAGER = '{% include "portal/includes/pagination.html" %}'


class Links(HTMLParser):
    """The pager's links as ``(text, href, rel)`` and its current page."""

    def __init__(self):
        super().__init__()
        self.links, self.current, self.nav = [], None, {}
        self._href = self._rel = None
        self._text = ""
        self._in_current = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.nav = attrs
        if tag == "a":
            self._href, self._rel, self._text = attrs["href"], attrs.get("rel"), ""
        if attrs.get("aria-current") == "page":
            self._in_current = True

    def handle_endtag(self, tag):
        if tag == "a":
            self.links.append((" ".join(self._text.split()), self._href, self._rel))
            self._href = None
        if tag == "span" and self._in_current:
            self._in_current = False

    def handle_data(self, data):
        if self._href is not None:
            self._text += data
        if self._in_current:
            self.current = data.strip()


def pager(query, count=100, per_page=10):
    request = RequestFactory().get("/liste/" + query)
    page_obj = paginate(request, list(range(count)), per_page)
    with translation.override("en"):
        html = Template(PAGER).render(RequestContext(request, {"page_obj": page_obj}))
    links = Links()
    links.feed(html)
    return html, links


def test_one_page_renders_no_pager():
    html, _ = pager("", count=10)
    assert html.strip() == ""


def test_pager_marks_the_current_page_and_links_prev_and_next():
    html, links = pager("?page=5")
    assert links.nav == {"class": "pagination", "aria-label": "Pages"}
    assert links.current == "5"
    rel = {rel: href for _, href, rel in links.links if rel}
    assert rel == {"prev": "?page=4", "next": "?page=6"}


def test_long_ranges_are_elided_and_the_first_page_has_no_parameter():
    html, links = pager("?page=10", count=300)
    numbers = [text for text, _, rel in links.links if not rel]
    assert numbers == ["Page 1", "Page 8", "Page 9", "Page 11", "Page 12", "Page 30"]
    assert html.count("…") == 2
    assert 'aria-hidden="true">…' in html
    assert ("Page 1", "?", None) in links.links


def test_links_keep_the_filters_and_change_only_the_page():
    _, links = pager("?municipality=banzkow&q=fest&page=2&category=a&category=b")
    hrefs = {text: href for text, href, _ in links.links}
    assert (
        hrefs["Page 3"] == "?municipality=banzkow&q=fest&page=3&category=a&category=b"
    )
    assert hrefs["Page 1"] == "?municipality=banzkow&q=fest&category=a&category=b"
    assert "&amp;" not in hrefs["Page 3"]  # the parser unescaped the attribute


def test_last_page_has_no_next_and_first_no_prev():
    _, first = pager("")
    _, last = pager("?page=10")
    assert [rel for *_, rel in first.links if rel] == ["next"]
    assert [rel for *_, rel in last.links if rel] == ["prev"]
    assert last.current == "10"


@pytest.mark.parametrize(
    ("value", "number"), [("", 1), ("abc", 1), ("0", 10), ("3", 3), ("999", 10)]
)
def test_paginate_reads_page_and_forgives_bad_numbers(value, number):
    request = RequestFactory().get("/", {"page": value})
    assert paginate(request, list(range(100)), 10).number == number


def test_paginate_ignores_the_old_parameter():
    request = RequestFactory().get("/", {"seite": "3"})
    assert paginate(request, list(range(100)), 10).number == 1


def test_paginate_passes_options_to_the_paginator():
    request = RequestFactory().get("/", {"page": "2"})
    page_obj = paginate(request, list(range(21)), 10, orphans=1)
    assert isinstance(page_obj.paginator, Paginator)
    assert page_obj.paginator.num_pages == 2
    assert len(page_obj.object_list) == 11


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", None),
        ("?page=2", None),
        ("?seite=2", "/liste/?page=2"),
        ("?gemeinde=x&seite=2", "/liste/?page=2&municipality=x"),
        (
            "?q=See&typ=a&von=2026-01-01&bis=2026-02-01",
            "/liste/?q=See&type=a&date_from=2026-01-01&date_to=2026-02-01",
        ),
        ("?partei=CDU&gremium=3", "/liste/?party=CDU&committee=3"),
        (
            "?kategorie=bauen&jahr=2025&nur=news",
            "/liste/?category=bauen&year=2025&only=news",
        ),
        ("?seite=2&page=3", "/liste/?page=3"),
    ],
)
def test_legacy_redirect_url(query, expected):
    request = RequestFactory().get("/liste/" + query)
    assert legacy_redirect_url(request) == expected


@pytest.mark.django_db
class TestPublishedListing:
    @pytest.fixture
    def news_index(self, monkeypatch):
        monkeypatch.setattr("home.views.PAGE_SIZE", 2)
        index = add_page(home_page(), NewsIndexPage, title="Aktuelles", slug="neu")
        for day in range(1, 6):
            page = NewsPage(
                title=f"Meldung {day}",
                intro="Kurz",
                date=datetime.date(2026, 5, day),
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        return index

    def test_old_page_parameter_redirects_permanently(self, client, news_index):
        url = news_index.url
        response = client.get(url + "?seite=2&gemeinde=crivitz")
        assert response.status_code == 301
        assert response["Location"] == url + "?page=2&municipality=crivitz"

    def test_old_filter_names_redirect_on_search_and_feed(self, client):
        response = client.get("/suche/?q=See&typ=home.newspage&von=2026-01-01")
        assert response.status_code == 301
        assert response["Location"] == (
            "/suche/?q=See&type=home.newspage&date_from=2026-01-01"
        )
        response = client.get("/feeds/news.xml?nur=news&gemeinde=plate")
        assert response.status_code == 301
        assert response["Location"] == "/feeds/news.xml?municipality=plate&only=news"

    @pytest.mark.parametrize(
        "url", ["/api/v2/pages/?seite=2", "/api/3/action/package_list?seite=2"]
    )
    def test_machine_endpoints_are_not_redirected(self, client, url):
        assert client.get(url).status_code != 301

    def test_post_is_not_redirected(self, client, news_index):
        response = client.post(news_index.url + "?seite=2")
        assert response.status_code != 301

    def test_listing_pages_through_page(self, client, news_index):
        html = client.get(news_index.url + "?page=2").content.decode()
        links = Links()
        links.feed(html[html.index('<nav class="pagination"') :])
        assert links.current == "2"
        assert ("Weiter", "?page=3", "next") in links.links
        assert ("Zurück", "?", "prev") in links.links
        assert "Meldung 3" in html and "Meldung 5" not in html
