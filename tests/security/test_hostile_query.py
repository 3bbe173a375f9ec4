"""Hostile query parameters and paths on every public page type and machine endpoint.

Every page type (one live page per type and language, ``tests/world.py``) and every
language-neutral endpoint gets each hostile value in every query parameter the
portal reads. The answer is never a 500, and an HTML answer never contains the
markup unescaped. Percent-encoded bytes that are not UTF-8 in paths and query
strings are answered with 4xx or a page, never with a 500.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.world import creatable_page_types, one_page_per_type

from .hostile import (
    FORMULA,
    INVALID_UTF8,
    PAYLOADS,
    SQL,
    XSS_ATTRIBUTE,
    XSS_CLOSE_SCRIPT,
    XSS_SCRIPT,
    assert_no_raw_markup,
    assert_not_500,
)

pytestmark = pytest.mark.django_db

# ``world``: one page of every page type, shared with the other sweeps (tests/world.py)

# Every query parameter a view of the portal reads (grep request.GET, filter forms).
PARAMETERS = [
    "q",
    "page",
    "seite",
    "status",
    "topic",
    "municipality",
    "gemeinde",
    "kategorie",
    "typ",
    "jahr",
    "type",
    "category",
    "from",
    "to",
    "date_from",
    "date_to",
    "von",
    "bis",
    "sort",
    "lang",
    "page_id",
    "section",
    "tags",
    "groups",
    "res_format",
    "organization",
    "license",
    "format",
    "level",
    "next",
    "letter",
    "direct_sale",
    "tag",
    "sector",
]

# Language-neutral endpoints and views outside Wagtail's page tree.
ENDPOINTS = [
    "/suche/",
    "/en/search/",
    "/suche/autocomplete/",
    "/events.ics",
    "/sitzungen.ics",
    "/feeds/news.xml",
    "/catalog.jsonld",
    "/catalog.ttl",
    "/api/3",
    "/api/3/action/package_search",
    "/api/3/action/package_show",
    "/api/3/action/package_list",
    "/api/3/action/organization_show",
    "/api/3/action/group_show",
    "/api/3/action/tag_list",
    "/api/3/action/resource_show",
    "/api/v2/pages/",
    "/sitemap.xml",
    "/newsletter/",
]

HOSTILE_PATHS = [
    f"/{INVALID_UTF8}/",
    f"/suche/{INVALID_UTF8}",
    f"/api/3/action/{INVALID_UTF8}",
    f"/events/{INVALID_UTF8}.ics",
    f"/datasets/{INVALID_UTF8}",
    f"/datasets/download/{INVALID_UTF8}/",
    f"/newsletter/bestaetigen/{INVALID_UTF8}/",
    f"/newsletter/abmelden/{INVALID_UTF8}/",
    "/%3Cscript%3Ealert(1)%3C/script%3E/",
    "/x" * 2000 + "/",
    "/api/v2/pages/%ff/",
    "/images/%ff/1/original/",  # a bad signature: 403
    "/documents/%ff/",
]


@pytest.fixture
def no_rate_limits(world):
    with override_settings(OPEN_DATA_RATE_LIMIT=0, CONSULTATION_RATE_LIMIT=0):
        yield


# Combined, so that one request per page carries several kinds of hostile value.
MARKUP = XSS_SCRIPT + XSS_ATTRIBUTE + XSS_CLOSE_SCRIPT
INJECTION = f"{SQL} {FORMULA}"


@pytest.mark.parametrize("value", [MARKUP, INJECTION], ids=["markup", "injection"])
def test_every_page_type_survives_hostile_parameters(client, no_rate_limits, value):
    failures = []
    urls = one_page_per_type()
    # every page type, most in both languages
    assert len(urls) > len(creatable_page_types()) + 20
    for url in urls + ENDPOINTS:
        response = client.get(url, dict.fromkeys(PARAMETERS, value))
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
        elif "html" in response.get("Content-Type", ""):
            try:
                assert_no_raw_markup(response.content, url)
            except AssertionError as error:
                failures.append(str(error))
    assert not failures, failures


def test_listings_and_endpoints_survive_long_and_nul_parameters(client, no_rate_limits):
    """Every other parameter 100,000 characters long, the others with a NUL."""
    values = [PAYLOADS["long"], PAYLOADS["nul"]]
    params = {name: values[i % 2] for i, name in enumerate(PARAMETERS)}
    failures = []
    listing_pages = [url for url in one_page_per_type() if url.count("/") <= 3]
    for url in listing_pages + ENDPOINTS:
        response = client.get(url, params)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, failures


def test_invalid_utf8_in_every_query_string(client, no_rate_limits):
    failures = []
    query = "&".join(f"{name}={INVALID_UTF8}" for name in PARAMETERS)
    for url in one_page_per_type() + ENDPOINTS:
        response = client.get(f"{url}?{query}")
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, failures


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths(client, no_rate_limits, path):
    response = client.get(path)
    assert_not_500(response, path)
    assert response.status_code in (301, 302, 400, 403, 404), response.status_code
    if "html" in response.get("Content-Type", ""):
        assert_no_raw_markup(response.content, path)


@pytest.mark.parametrize("value", [XSS_ATTRIBUTE, SQL, "x" * 5000, "%ff", "a\x00b"])
def test_hostile_references_in_signed_in_paths(client, value):
    """Application references and newsletter tokens in paths: never a 500."""
    client.force_login(factories.UserFactory())
    with translation.override("de"):
        urls = [
            reverse("services:application", args=[value]),
            reverse("services:receipt", args=[value]),
            reverse("services:file", args=[value, 1]),
            reverse("newsletter:confirm", args=[value]),
            reverse("newsletter:unsubscribe", args=[value]),
        ]
    for url in urls:
        response = client.get(url)
        assert_not_500(response, url)
        # services: not found; newsletter: a page that says the link is invalid
        expected = (400, 404) if "newsletter" not in url else (200, 400, 404, 410)
        assert response.status_code in expected, (url, response.status_code)
        assert_no_raw_markup(response.content, url)


@pytest.mark.parametrize(
    "url",
    [
        "/beteiligung/?municipality=a%00b",
        "/newsletter/abmelden/a%00b/",
        "/newsletter/bestaetigen/a%00b/",
        "/suche/?q=%00",
    ],
)
def test_nul_never_reaches_the_database(client, world, url):
    """PostgreSQL refuses NUL in text; on SQLite these pass either way, on
    PostgreSQL a NUL reaching a lookup is a 500."""
    response = client.get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code)
