"""Demo smoke test: every page of the demo answers in both languages, in the
design, without other hosts, and the home page greets in the demo's words.

The same checks on pages built by factories: ``test_public_pages.py``."""

import functools
from collections import defaultdict

import pytest
from django.utils import translation
from wagtail.models import Page

from consultations.models import ConsultationPage, ImplementationPage, TrackedItem
from tests.utils import fetched_hosts, public_page_urls

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_demo_has_pages_in_both_languages():
    urls = public_page_urls()
    assert any(url.startswith("/en/") for url in urls)
    assert any(not url.startswith("/en/") for url in urls)


@functools.cache
def sweep_urls():
    """``public_page_urls()`` with a page's translations side by side (they show
    the same pictures), the groups sorted by their first URL. Once per test
    process, not once per shard: the demo is the same for every test (each
    test's changes are rolled back)."""
    groups = defaultdict(list)
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        groups[page.translation_key].append(page.get_url())
    return tuple(url for group in sorted(map(sorted, groups.values())) for url in group)


# The sweep is the demo session's longest test (about 25 s of CPU, half of it
# making the pictures' renditions, which every test makes afresh): it runs as
# SHARDS tests, so that both pytest-xdist workers share it. Shard i checks the
# i-th of SHARDS contiguous slices of ``sweep_urls()``: every page exactly once,
# and a page's translations in the same shard (interleaved slices made each shard
# render the same pictures again: 50 s of CPU in all instead of 28).
SHARDS = 8


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_demo_page_answers_200_and_loads_nothing_from_other_hosts(client, shard):
    urls = sweep_urls()
    assert len(set(urls)) == len(urls)  # no page fetched twice
    size = -(-len(urls) // SHARDS)
    shard_urls = urls[shard * size : (shard + 1) * size]
    assert shard_urls
    for url in shard_urls:
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


def test_home_page_greets_in_both_languages(client):
    german = client.get("/")
    english = client.get("/en/")
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert "Willkommen im Amt Crivitz" in german.content.decode()
    assert "Welcome to Amt Crivitz" in english.content.decode()


def test_demo_has_consultations_in_every_phase_and_rule():
    """(the same on factory pages: ``tests/consultations/test_pages.py``)"""
    pages = ConsultationPage.objects.filter(locale__language_code="de")
    assert {p.participation for p in pages} == {
        "anyone",
        "account",
        "identity",
        "residents",
    }
    assert {p.phase for p in pages} >= {"open", "evaluation", "results"}
    results = pages.get(slug="dorfplatz-banzkow")
    assert results.responses.count() >= 100
    assert results.statements.exclude(reply_text="").exists()


def test_demo_shows_what_became_of_participation_in_both_languages(client):
    items = TrackedItem.objects.filter(is_public=True)
    assert items.count() >= 5
    assert {i.status for i in items} >= {"planned", "in_progress", "done", "rejected"}
    for language in ("de", "en"):
        page = ImplementationPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            listing = client.get(page.url)
            detail = client.get(f"{page.url}{items.first().pk}/")
            feed = client.get(f"{page.url}feed/")
        assert listing.status_code == detail.status_code == feed.status_code == 200
        assert items.first().title in listing.content.decode()
