"""The rate limit of the machine interfaces (429 with Retry-After)."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def limited(settings):
    cache.clear()
    settings.OPEN_DATA_RATE_LIMIT = 3
    settings.OPEN_DATA_RATE_WINDOW = 60
    yield
    cache.clear()


def test_api_answers_429_with_retry_after(client, limited):
    for _ in range(3):
        assert client.get("/api/3/action/status_show").status_code == 200
    response = client.get("/api/3/action/status_show")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert response.json()["success"] is False


def test_catalogue_is_limited_separately_and_per_address(client, limited):
    for _ in range(3):
        assert client.get("/catalog.ttl").status_code == 200
    assert client.get("/catalog.ttl").status_code == 429
    # the API has its own budget, and another address is not affected
    assert client.get("/api/3/action/status_show").status_code == 200
    other = client.get("/catalog.ttl", REMOTE_ADDR="192.0.2.10")
    assert other.status_code == 200


def test_pages_for_people_are_not_limited(client, limited, data_index):
    for _ in range(5):
        assert client.get("/daten/").status_code == 200


def test_zero_switches_it_off(client, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    for _ in range(5):
        assert client.get("/api/3/action/status_show").status_code == 200
