"""Sorting a frequent word by date when its matches are old and the newest
pages do not match ("Kita" by date at scale: none of its 11,915 matches among
the 20,000 newest pages): ``NewestFirst`` finds nothing in its window of the
newest pages and orders the matches by their ids (``_by_ids``), with the
very pages and order of the plain ORM query (#21)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from search import query
from search.backends import for_language
from search.query import NewestFirst, base_queryset
from tests import factories
from tests.home.factories import news_item, news_section
from tests.search.factories import text_page

WORD = "Kletterwand"


def build():
    """Nine public matches, old and new, two of them published at the same
    moment (the id decides), a newer match that is not live and one under a
    view restriction, and the four newest pages without the word."""
    home = factories.home_page()
    news, _archive = news_section(home, english=False)
    now = timezone.now()
    dated = {}
    for n in range(5):
        page = news_item(news, title=f"{WORD} Nummer {n}", days_ago=n)
        dated[page.pk] = now - datetime.timedelta(days=30 + 7 * n)
    for n in range(4):
        page = text_page(home, f"Sporthalle {n}", intro=f"Dort gibt es eine {WORD}.")
        # the first two at the same moment
        dated[page.pk] = now - datetime.timedelta(days=20 + 10 * max(n, 1))
    hidden = text_page(home, "Alte Halle", intro=f"Die {WORD} ist abgebaut.")
    dated[hidden.pk] = now - datetime.timedelta(days=1)
    private = text_page(home, "Vereinsheim", intro=f"Unsere {WORD} für Mitglieder.")
    dated[private.pk] = now - datetime.timedelta(days=2)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for n in range(4):
        page = text_page(home, f"Schwimmhalle {n}", intro="Ein Becken.")
        dated[page.pk] = now + datetime.timedelta(days=n)
    for pk, moment in dated.items():
        Page.objects.filter(pk=pk).update(first_published_at=moment)
    Page.objects.filter(pk=hidden.pk).update(live=False)
    return {"hidden": hidden, "private": private}


world = factories.module_data(build)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def plain_order():
    """The public, live matches in the ORM's own date order."""
    pages = base_queryset(factories.locale("de"))
    found = get_search_backend().search(WORD, pages, order_by_relevance=False)
    ids = [page.pk for page in found]
    return list(
        pages.filter(pk__in=ids)
        .order_by("-first_published_at", "-id")
        .values_list("pk", flat=True)
    )


def test_the_world_has_old_matches_behind_newer_pages(world):
    order = plain_order()
    assert len(order) == 9
    assert world["hidden"].pk not in order
    assert world["private"].pk not in order
    newest = base_queryset(factories.locale("de")).order_by("-first_published_at")
    assert not set(newest.values_list("pk", flat=True)[:4]) & set(order)


@pytest.mark.parametrize("window", [1, 4, 100])
def test_pages_1_and_2_by_date_are_the_plain_order(client, monkeypatch, window):
    """Four results a page, at most six counted (the cap): pages 1 and 2 are
    those of the ORM's order, whether the window of the newest pages holds
    them (100) or not (1, 4: the newest pages do not match)."""
    monkeypatch.setattr(query, "COUNT_CAP", 6)
    monkeypatch.setattr(query, "PAGE_SIZE", 4)
    monkeypatch.setattr(query, "NEWEST_WINDOW", window)
    urls = {page.pk: page.url for page in Page.objects.all()}
    order = plain_order()
    for number, expected in ((1, order[:4]), (2, order[4:6])):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                "/suche/", {"q": WORD, "sort": "newest", "page": number}
            )
        outcome = response.context["outcome"]
        assert outcome.capped
        assert outcome.total == 6
        assert [hit.url for hit in outcome.hits] == [urls[pk] for pk in expected]
        by_ids = [q for q in queries.captured_queries if "string_agg" in q["sql"]]
        walked = connection.vendor == "postgresql" and window < 100
        assert bool(by_ids) == walked


def test_every_slice_by_ids_is_the_slice_of_all_matches_sorted():
    if connection.vendor != "postgresql":
        pytest.skip("NewestFirst is the PostgreSQL search's")
    pages = base_queryset(factories.locale("de"))
    backend = for_language(get_search_backend(), "de")
    newest = query._ordered_search(backend, WORD, pages, "newest", many=True)
    assert isinstance(newest, NewestFirst)
    everything = [page.pk for page in newest.ordered]
    assert everything == plain_order()
    for start in range(len(everything) + 1):
        for stop in range(start + 1, len(everything) + 3):
            found = [page.pk for page in newest._by_ids(start, stop)]
            assert found == everything[start:stop], (start, stop)
