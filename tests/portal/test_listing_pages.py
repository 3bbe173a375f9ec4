"""Listings that load only what the cache lacks (issue #27): cards of a
``Deferred`` list, pages of primary keys cached per content version, view
restrictions read once per content version."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.models import NewsIndexPage, NewsPage
from portal.fragments import Deferred
from portal.pagination import CachedCountPaginator
from portal.restrictions import private_q
from portal.shell import invalidate
from tests.factories import add_page, home_page

pytestmark = pytest.mark.django_db

CARD = (
    "{% load portal_tags %}"
    '{% include_each "home/includes/news_item.html" items as item %}'
)


def news(index, title, day=4):
    page = NewsPage(title=title, intro="Kurz", date=datetime.date(2026, 5, day))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def render(items):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    return Template(CARD).render(Context({"items": items, "request": request}))


def test_deferred_cards_load_only_what_the_cache_lacks():
    index = add_page(home_page(), NewsIndexPage, title="Aktuelles", slug="aktuelles")
    first, second = news(index, "Erntefest"), news(index, "Kita-Fest")
    asked = []

    def load(pks):
        asked.append(list(pks))
        return NewsPage.objects.in_bulk(pks)

    html = render(Deferred(NewsPage, [second.pk, first.pk], load))
    assert asked == [[second.pk, first.pk]]
    assert html.index("Kita-Fest") < html.index("Erntefest")
    # Cached: nothing is loaded, and a card whose item vanished is skipped.
    assert render(Deferred(NewsPage, [second.pk, first.pk], load)) == html
    assert len(asked) == 1
    assert "Erntefest" in render(Deferred(NewsPage, [first.pk, 0], load))
    assert asked[-1] == [0]
    # Iterating loads everything (for anything else that lists the items).
    assert list(Deferred(NewsPage, [first.pk], load)) == [first]


def test_pages_of_keys_are_cached_until_content_changes():
    index = add_page(home_page(), NewsIndexPage, title="Aktuelles", slug="aktuelles")
    for day in range(1, 6):
        news(index, f"Meldung {day}", day=day)
    listing = NewsPage.objects.child_of(index).order_by("-date", "-pk")

    def page(number):
        paginator = CachedCountPaginator(
            listing.values_list("pk", flat=True), 2, cache_pages=True
        )
        return paginator.get_page(number)

    first = list(page(3).object_list)
    with CaptureQueriesContext(connection) as queries:
        assert list(page(3).object_list) == first
    assert len(queries) == 0
    # A change makes the cached page stale: the new item shifts the pages.
    news(index, "Ganz alt", day=1)
    assert list(page(3).object_list) != first
    assert page(3).paginator.num_pages == 3


def test_private_q_follows_restrictions_after_a_change():
    index = add_page(home_page(), NewsIndexPage, title="Aktuelles", slug="aktuelles")
    item = news(index, "Intern")
    public = Page.objects.filter(pk=item.pk)
    assert public.exclude(private_q()).exists()
    with CaptureQueriesContext(connection) as queries:
        private_q()
    assert len(queries) == 0  # read once per content version
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    assert not public.exclude(private_q()).exists()
    cache.clear()
    invalidate()
    assert not public.exclude(private_q()).exists()
