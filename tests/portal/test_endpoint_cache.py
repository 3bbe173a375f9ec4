"""Search, the DCAT catalogue and the CKAN API are cached for anonymous visitors
under the content version: a publish changes the answer, signed-in visitors are
never served (or stored) from the cache, search statistics count every search."""

import pytest
from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query

from datasets.models import DatasetPage
from home.models import StandardPage
from search.models import ZeroResultQuery

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("page_cache_on"),
    pytest.mark.demo,
]

CATALOG = "/catalog.ttl"
PACKAGE_SEARCH = "/api/3/action/package_search?rows=1000"


@pytest.fixture
def page_cache_on():
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
        yield


def dataset():
    return DatasetPage.objects.live().filter(locale__language_code="de").first()


@pytest.mark.parametrize("url", [CATALOG, PACKAGE_SEARCH])
def test_machine_endpoints_are_cached_until_a_dataset_is_published(client, url):
    assert client.get(url)["X-Portal-Cache"] == "miss"
    cached = client.get(url)
    assert cached["X-Portal-Cache"] == "hit"
    assert "Zebrastreifenzählung" not in cached.content.decode()
    page = dataset()
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
    page = StandardPage(title="Zebrastreifen am Markt", slug="zebrastreifen")
    home.add_child(instance=page)
    page.save_revision().publish()
    fresh = client.get(url)
    assert fresh["X-Portal-Cache"] == "miss"
    assert "Zebrastreifen am Markt" in fresh.content.decode()


def test_search_statistics_count_cached_answers_too(client):
    for _ in range(3):
        client.get("/suche/?q=Quarkstrudel")
    assert client.get("/suche/?q=Quarkstrudel")["X-Portal-Cache"] == "hit"
    assert Query.get("quarkstrudel").hits == 4
    assert ZeroResultQuery.objects.get(query_string="quarkstrudel").hits == 4


@pytest.mark.parametrize(
    "url", ["/suche/?q=Gemeinden", CATALOG, PACKAGE_SEARCH, "/en/tourism/"]
)
def test_signed_in_visitors_neither_read_nor_fill_the_cache(
    client, django_user_model, url
):
    user = django_user_model.objects.create_user(
        "zebra-tester-9317", "zebra-9317@example.org", "secret-9317-Pass"
    )
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
