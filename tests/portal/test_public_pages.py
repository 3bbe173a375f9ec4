"""Every public page answers in both languages, in the design, without other hosts.

The pages are the compact world of ``tests/world.py``: one page of every page
type an editor can create. The demo's own pages: ``test_public_pages_demo.py``.
"""

import pytest

from tests.utils import fetched_hosts
from tests.world import creatable_page_types, public_pages

pytestmark = pytest.mark.django_db

# ``world``: one page of every page type, shared with the sweeps (tests/world.py)

LEGAL = {
    "de": ("/impressum/", "/datenschutz/", "/barrierefreiheit/"),
    "en": ("/en/imprint/", "/en/privacy/", "/en/accessibility/"),
}


def test_world_has_every_page_type_in_both_languages(world):
    pages = public_pages()
    assert {type(page) for page in pages} == creatable_page_types()
    urls = [page.url for page in pages]
    assert any(url.startswith("/en/") for url in urls)
    assert any(not url.startswith("/en/") for url in urls)


def test_every_page_answers_200_and_loads_nothing_from_other_hosts(client, world):
    for page in public_pages():
        url = page.url
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert fetched_hosts(html) == set(), url
        # The legal links are on every page.
        for path in LEGAL["en" if url.startswith("/en/") else "de"]:
            assert f'href="{path}"' in html, (url, path)


def test_anonymous_visitor_gets_no_cookie(client, world):
    for url in ("/", "/en/", "/impressum/", "/en/imprint/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cookies == {}, url


def test_german_is_default_without_prefix_and_english_under_en(client, world):
    german = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert '<html lang="de"' in german
    assert '<html lang="en"' in english
    assert "Willkommen" in german and "Welcome" not in german
    assert "Welcome" in english


def test_ui_strings_are_translated_to_german(client, world):
    html = client.get("/").content.decode()
    assert "Zum Inhalt springen" in html
    assert "Skip to main content" not in html
    assert "Skip to main content" in client.get("/en/").content.decode()


def test_404_page_is_in_the_design(client, world):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-footer"' in html
    assert "Seite nicht gefunden" in html


def test_page_has_json_ld(client, world):
    html = client.get(world.legal.imprint.url).content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "WebPage"' in html
