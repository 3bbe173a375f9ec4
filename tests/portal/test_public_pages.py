"""Every demo page answers in both languages, in the design, without other hosts."""

import pytest

from tests.utils import fetched_hosts, public_page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_demo_has_pages_in_both_languages():
    urls = public_page_urls()
    assert any(url.startswith("/en/") for url in urls)
    assert any(not url.startswith("/en/") for url in urls)


def test_every_demo_page_answers_200_and_loads_nothing_from_other_hosts(client):
    for url in public_page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert fetched_hosts(html) == set(), url
        # The legal links are on every page.
        for path in (
            ("/impressum/", "/datenschutz/", "/barrierefreiheit/")
            if not url.startswith("/en/")
            else ("/en/imprint/", "/en/privacy/", "/en/accessibility/")
        ):
            assert f'href="{path}"' in html, (url, path)


def test_anonymous_visitor_gets_no_cookie(client):
    for url in ("/", "/en/", "/amt/", "/en/administration/"):
        response = client.get(url)
        assert response.cookies == {}, url


def test_german_is_default_without_prefix_and_english_under_en(client):
    german = client.get("/")
    english = client.get("/en/")
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert "Willkommen im Amt Crivitz" in german.content.decode()
    assert "Welcome to Amt Crivitz" in english.content.decode()


def test_ui_strings_are_translated_to_german(client):
    html = client.get("/").content.decode()
    assert "Zum Inhalt springen" in html
    assert "Skip to main content" not in html
    assert "Skip to main content" in client.get("/en/").content.decode()


def test_404_page_is_in_the_design(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-footer"' in html
    assert "Seite nicht gefunden" in html


def test_page_has_json_ld(client):
    html = client.get("/amt/").content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "WebPage"' in html
