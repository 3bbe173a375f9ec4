from unittest import mock

import pytest
from django.db.utils import OperationalError

from home.models import StandardPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_readyz_503_when_database_fails(client):
    with mock.patch(
        "portal.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_readyz_503_when_cache_fails(client):
    with mock.patch("portal.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def test_robots_and_sitemap(client, home):
    page = factories.add_page(home, StandardPage, title="Amt", slug="amt")
    factories.translate(page, title="Administration", slug="administration")
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    body = sitemap.content.decode()
    assert "/amt/" in body
    assert "/en/administration/" in body
