"""Security headers on every kind of response (HSTS under production settings:
tests/security/test_production.py)."""

import pytest

from tests.world import creatable_page_types, public_pages

pytestmark = pytest.mark.django_db

# one live page of every page type, in both languages; the council and news
# sections make their feeds answer 200: the shared ``world`` fixture
# (tests/world.py, built once for all the sweeps)


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


# HSTS and the redirect to HTTPS under production settings: tests/security/test_production.py
