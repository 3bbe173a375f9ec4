"""Search statistics are counted per process and written at most every
``PORTAL_SEARCH_STATS_SECONDS``: a results page, cached or not, makes no write
of its own (issue #27), and no search is lost when the process stops."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query

from search import statistics
from search.models import ZeroResultQuery
from tests import factories
from tests.search.factories import text_page

pytestmark = pytest.mark.django_db


def daily_hits(text):
    query = Query.objects.filter(query_string=text).first()
    return sum(day.hits for day in query.daily_hits.all()) if query else 0


@pytest.fixture
def buffered(settings):
    statistics.flush()
    settings.PORTAL_SEARCH_STATS_SECONDS = 60
    settings.PORTAL_SEARCH_CACHE_SECONDS = 300
    yield
    statistics.flush()


def test_searches_are_written_together_later(client, buffered):
    text_page(factories.home_page(), "Wochenmarkt", "Obst und Gemüse.")
    for _ in range(3):
        assert client.get("/suche/", {"q": "Wochenmarkt"}).status_code == 200
    client.get("/suche/", {"q": "Quarkstrudel"})
    client.get("/suche/", {"q": "Quarkstrudel"})
    # nothing written yet: the page itself made no statistics query
    assert daily_hits("wochenmarkt") == 0
    assert not ZeroResultQuery.objects.exists()
    statistics.flush()
    assert daily_hits("wochenmarkt") == 3
    assert daily_hits("quarkstrudel") == 2
    assert ZeroResultQuery.objects.get(query_string="quarkstrudel").hits == 2
    assert not ZeroResultQuery.objects.filter(query_string="wochenmarkt").exists()
    # a second write adds to the day's rows
    client.get("/suche/", {"q": "Wochenmarkt"})
    statistics.flush()
    assert daily_hits("wochenmarkt") == 4


def test_the_first_search_after_the_interval_writes(client, buffered, monkeypatch):
    client.get("/suche/", {"q": "Quarkstrudel"})
    assert daily_hits("quarkstrudel") == 0
    monkeypatch.setattr(statistics, "_last_write", statistics._last_write - 61)
    client.get("/suche/", {"q": "Quarkstrudel"})
    assert daily_hits("quarkstrudel") == 2


def test_a_cached_results_page_makes_no_query(client, buffered):
    text_page(factories.home_page(), "Wochenmarkt", "Obst und Gemüse.")
    client.get("/suche/", {"q": "Wochenmarkt"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/suche/", {"q": "Wochenmarkt"})
    assert response.status_code == 200
    assert len(queries) == 0, [query["sql"] for query in queries]
