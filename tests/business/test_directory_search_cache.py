"""The directory's full-text search runs once per content version and query
(issue #27): a fresh render of a search result reads the matches from the cache,
and a newly published entry is found at once."""

import pytest
from django.core.cache import cache

from tests.fresh_render import fresh_client, get_counting

from .factories import entry

pytestmark = pytest.mark.django_db

URL = "/wirtschaft/verzeichnis/"


def titles(response):
    return [page.title for page in response.context["listing"]()["entries"]]


def test_search_matches_come_from_the_cache_until_content_changes():
    entry("Hofladen Banzkow", actor_type="farm")
    entry("Tischlerei Möller")
    client = fresh_client()
    first, _ = get_counting(client, f"{URL}?q=Hofladen")
    assert titles(first) == ["Hofladen Banzkow"]
    again, queries = get_counting(client, f"{URL}?q=Hofladen")
    assert queries <= 1  # the page only: matches, count and cards cached
    assert again.content == first.content
    entry("Hofladen Plate", actor_type="farm")  # published: a new content version
    assert titles(client.get(f"{URL}?q=Hofladen")) == [
        "Hofladen Banzkow",
        "Hofladen Plate",
    ]


@pytest.mark.parametrize("query", ["", "?type=farm", "?letter=H&page=1&x=1"])
def test_the_directory_is_a_fragment_per_content_version_and_query(query):
    entry("Hofladen Banzkow", actor_type="farm", latitude="53.6", longitude="11.5")
    entry("Tischlerei Möller")
    client = fresh_client()
    first, _ = get_counting(client, URL + query)
    again, queries = get_counting(client, URL + query)
    assert queries <= 1  # the page only
    assert again.content == first.content
    entry("Hofkäserei Plate", actor_type="farm")  # published: a new content version
    html = client.get(URL + query).content.decode()
    assert "Hofkäserei Plate" in html
    cache.clear()
    assert fresh_client().get(URL + query).content.decode() == html
