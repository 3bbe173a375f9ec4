"""A 2,000-character page address is cached under a short key (issue #23):
the route cache keys the path (``portal.routing``) and the page cache its
hash (``portal.page_cache``), both through ``portal.shell.versioned_key``."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.test import RequestFactory

from home.models import StandardPage
from portal import routing
from tests import factories
from tests.fresh_render import fresh_client, get_counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def deep_page(home):
    """A page 2,000 characters below the home page (eight 249-character slugs)."""
    page = home
    for n in range(8):
        page = factories.add_page(
            page, StandardPage, title=f"Ebene {n}", slug=f"{n}" + "x" * 248
        )
    return page


def test_a_2000_character_path_is_routed_from_the_cache_without_key_warnings(
    deep_page,
):
    path = deep_page.url
    assert len(path) >= 2000
    key = routing._key(RequestFactory().get(path))
    assert len(key) < 200
    client = fresh_client()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # memcached's rules
        first, first_queries = get_counting(client, path)
        second, second_queries = get_counting(client, path)
    assert first.status_code == second.status_code == 200
    assert "Ebene 7" in second.content.decode()
    assert second_queries < first_queries  # the second came from the cache


def test_a_hostile_2000_character_path_answers_404_without_key_warnings():
    client = fresh_client()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        response = client.get("/" + "%20a" * 500 + "/")
    assert response.status_code == 404
