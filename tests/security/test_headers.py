"""Security headers on every kind of response, and HSTS under production settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.world import creatable_page_types, public_pages

pytestmark = pytest.mark.django_db

# one live page of every page type, in both languages; the council and news
# sections make their feeds answer 200: the shared ``world`` fixture
# (tests/world.py, built once for all the sweeps)


ROOT = Path(__file__).resolve().parents[2]

MACHINE_PATHS = [
    "/healthz",
    "/readyz",
    "/robots.txt",
    "/sitemap.xml",
    "/api/v2/pages/",
    "/api/3/action/package_list",
    "/catalog.ttl",
    "/events.ics",
    "/feeds/news.xml",
    "/sitzungen.ics",
    "/gibt-es-nicht/",  # 404
]


def assert_common_headers(response, path):
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert "camera=()" in response["Permissions-Policy"], path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp, path
    assert "base-uri 'self'" in csp, path


def public_policy(csp):
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in csp.split(";")
        if part.strip()
    )
    return directives


def test_every_live_page_type_has_strict_headers(client, world):
    """One live page of every page type, in both languages."""
    seen = set()
    for page in public_pages():
        key = (type(page), page.locale_id)
        if key in seen:
            continue
        seen.add(key)
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert_common_headers(response, page.url)
        assert response["X-Frame-Options"] == "DENY", page.url
        policy = public_policy(response["Content-Security-Policy"])
        assert policy["script-src"] == "'self'", page.url
        assert "unsafe-inline" not in policy["style-src"], page.url
        assert policy["frame-ancestors"] == "'none'", page.url
        assert "<script>" not in response.content.decode(), page.url
    assert {page_type for page_type, _locale in seen} == creatable_page_types()
    assert len({locale for _type, locale in seen}) == 2


@pytest.mark.parametrize("path", MACHINE_PATHS)
def test_machine_endpoints_and_errors_have_headers(client, world, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    assert_common_headers(response, path)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_admin_is_never_framed_by_another_site(client):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "DENY"
    ancestors = public_policy(response["Content-Security-Policy"])["frame-ancestors"]
    assert set(ancestors.split()) <= {"'none'", "'self'"}


PRODUCTION_PROBE = """
import json
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True, headers={"host": "portal.example"})
plain = client.get("/amt/", headers={"host": "portal.example"})
health = client.get("/healthz", headers={"host": "portal.example"})
print(json.dumps({
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "health_status": health.status_code,
}))
"""


def test_production_sends_hsts_and_redirects_to_https():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 30 + "-headers-test-key-" + "q" * 20,
        "ALLOWED_HOSTS": "portal.example",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    environment.pop("REDIS_URL", None)
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    assert result["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert result["plain_status"] == 301
    assert result["plain_location"] == "https://portal.example/amt/"
    # Load balancers probe the health check over plain HTTP.
    assert result["health_status"] == 200
