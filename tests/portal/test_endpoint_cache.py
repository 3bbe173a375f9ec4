"""Search, the DCAT catalogue and the CKAN API are cached for anonymous visitors
under the content version: a publish changes the answer, signed-in visitors are
never served (or stored) from the cache, search statistics count every search."""

import pytest
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query

from home.models import StandardPage
from search.models import ZeroResultQuery
from tests import factories
from tests.datasets import factories as data_factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

CATALOG = "/catalog.ttl"
PACKAGE_SEARCH = "/api/3/action/package_search?rows=1000"


@pytest.fixture
def page_cache_on():
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
        yield


@pytest.mark.parametrize("url", [CATALOG, PACKAGE_SEARCH])
def test_machine_endpoints_are_cached_until_a_dataset_is_published(client, url):
    page = data_factories.dataset(title="Badestellen")
    assert client.get(url)["X-Portal-Cache"] == "miss"
    cached = client.get(url)
    assert cached["X-Portal-Cache"] == "hit"
    assert "Zebrastreifenzählung" not in cached.content.decode()
    page.title = "Zebrastreifenzählung"
    page.save_revision().publish()
    fresh = client.get(url)
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Zebrastreifenzählung" in fresh.content.decode()
    assert fresh["Content-Type"] == cached["Content-Type"]


def test_search_is_cached_until_a_page_is_published(client, home):
    url = "/suche/?q=Zebrastreifen"
    first = client.get(url)
    assert (
        first["X-Portal-Cache"] == "miss" and "Keine Treffer" in first.content.decode()
    )
    assert client.get(url)["X-Portal-Cache"] == "hit"
    factories.add_page(home, StandardPage, title="Zebrastreifen am Markt")
    fresh = client.get(url)
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Zebrastreifen am Markt" in fresh.content.decode()


def test_search_statistics_count_cached_answers_too(client):
    for _ in range(3):
        client.get("/suche/?q=Quarkstrudel")
    assert client.get("/suche/?q=Quarkstrudel")["X-Portal-Cache"] == "hit"
    assert Query.get("quarkstrudel").hits == 4
    assert ZeroResultQuery.objects.get(query_string="quarkstrudel").hits == 4


@pytest.mark.parametrize("url", [CATALOG, PACKAGE_SEARCH])
def test_signed_in_visitors_neither_read_nor_fill_the_cache(client, home, url):
    """Machine endpoints (APIs) are cached for cookieless requests only;
    Wagtail pages and the search page are shared with signed-in visitors
    (tests/portal/test_signed_in_page_cache.py, tests/search/test_result_cache.py)."""
    page = factories.add_page(home, StandardPage, title="Gemeinden", slug="gemeinden")
    factories.translate(page, title="Information", slug="information")
    data_factories.dataset(title="Gemeinden")
    user = factories.UserFactory(username="zebra-tester-9317")
    client.force_login(user)
    signed_in = client.get(url)
    assert "X-Portal-Cache" not in signed_in
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url)
    assert anonymous["X-Portal-Cache"] == "miss"
    assert not anonymous.cookies
    body = anonymous.content.decode()
    assert user.username not in body and (not user.email or user.email not in body)
    assert "csrfmiddlewaretoken" not in body
