"""Every URL pattern the portal mounts, third-party ones included, with hostile values.

The sweep walks Django's URL resolver (the portal's own views, Wagtail's admin,
API and document views, the CKAN API, the DCAT catalogue, feeds, allauth, SAML,
payments), builds a concrete URL for each pattern and sends:

* path parameters filled with integers beyond 64 bits, negative numbers, ``NaN``,
  ``1e400``, full-text syntax and very long values (where the pattern accepts them);
* every query parameter the portal or a mounted library reads, all at once, with
  each hostile value (numbers, full-text syntax, NUL, 10,000 characters).

No answer may be a 500. It runs on the test database (SQLite by default, PostgreSQL
with ``DATABASE_URL``), without the demo: a dataset and its pages are made here,
once for the module.

One collapse, where the code path is provably the same: most patterns are Wagtail
admin views wrapped in ``require_admin_access`` (with only ``never_cache`` and
``display_custom_404`` around it). For an anonymous request that wrapper answers
with ``reject_request`` (a redirect to the admin login carrying the full path)
before the view runs or reads any parameter, the same function for every one of
them. The hostile query values go to one of them (and to every other URL); every
one of them still gets its hostile path values, and the path sweep checks that
each answers an anonymous request with that redirect.
"""

import functools
import re
from urllib.parse import quote

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404

from portal.listing import LEGACY_QUERY_PARAMETERS, NOT_REDIRECTED
from tests import factories
from tests.datasets import factories as data

from .hostile import assert_not_500

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # beyond 64 bits
NUMBERS = {
    "huge": HUGE,
    "huge-negative": "-" + HUGE,
    "negative": "-1",
    "nan": "NaN",
    "1e400": "1e400",
    "infinity": "inf",
    "float": "2.5",
}
FULL_TEXT = {
    "fts-quote": '"unterminated',
    "fts-syntax": 'a) OR (b* AND NEAR(c, "d") NOT e^2 col:"x"',
    "fts-brackets": "[{(<>)}] ' \" - + * : ^ ~",
    "fts-operators": "AND OR NOT",
    "fts-star": "*",
}
OTHER = {"nul": "a\x00b", "long": "x" * 10_000, "empty": ""}
VALUES = {**NUMBERS, **FULL_TEXT, **OTHER}

# Query parameters read by the portal's views, the CKAN API, Wagtail's API and
# admin, allauth and the feeds. Only today's names: with an old public name
# (``LEGACY_QUERY_PARAMETERS``) in the query, LegacyQueryParameterMiddleware
# answers a 301 before any view reads a parameter (test_old_names_with_hostile_
# values_redirect covers those).
PARAMETERS = [
    # paging and limits
    "start", "offset", "rows", "limit", "page", "p", "per_page",
    "facet.limit", "facet.mincount",
    # search and filters
    "q", "fq", "search", "search_operator", "sort", "order", "ordering", "fields",
    "type", "child_of", "descendant_of", "ancestor_of", "locale", "translation_of",
    "id", "name", "query", "html_path", "slug", "show_in_menus", "all_fields",
    "include_datasets", "facet", "facet.field", "fl",
    # the portal's filter forms
    "status", "topic", "municipality", "category", "year", "only", "party",
    "committee", "from", "to", "date_from", "date_to", "lang",
    "page_id", "section", "tags", "groups", "res_format", "organization",
    "license", "format", "level", "letter", "tag", "sector", "kind",
    # redirects and admin
    "next", "collection_id", "parent_page_id",
]  # fmt: skip


dataset = factories.module_data(
    lambda: data.dataset("hostile-test", files=[("werte.csv", "a;b\n1;2\n")])
)


@pytest.fixture(autouse=True)
def no_rate_limits(dataset, db, settings):
    settings.OPEN_DATA_RATE_LIMIT = 0
    settings.CONSULTATION_RATE_LIMIT = 0


def _view(request):
    return None


# the code of the wrappers around Wagtail's admin views (wagtail.admin.urls)
ADMIN_GUARD = require_admin_access(_view).__code__
AROUND_THE_GUARD = {never_cache(_view).__code__, display_custom_404(_view).__code__}


def admin_guarded(callback):
    """Whether an anonymous request to this view ends in ``require_admin_access``'s
    refusal: the wrappers down to it (``__wrapped__``) are that guard, or only
    ``never_cache`` and ``display_custom_404`` in front of it, which pass the
    request on unchanged."""
    layer = callback
    while layer is not None:
        code = getattr(layer, "__code__", None)
        if code is ADMIN_GUARD:
            return True
        if code not in AROUND_THE_GUARD:
            return False
        layer = getattr(layer, "__wrapped__", None)
    return False


def _template(pattern):
    """The pattern as text with ``{name:regex}`` holes, or None if unsupported."""
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        route = str(pattern._route)
        return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "{%s}" % (m[1] or "str"), route)
    return pattern._regex


def walk(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + _template(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, text)
        else:
            yield text, entry


def _groups(text):
    """Split a regex into literal parts and top-level groups."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0:
                parts.append(("literal", text[start:i]))
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                group = text[start : i + 1]
                quantifier = text[i + 1 : i + 2]
                if quantifier in ("*", "+", "?"):
                    i += 1
                parts.append(("group", group))
                start = i + 1
        i += 1
    parts.append(("literal", text[start:]))
    return parts


CONVERTER_SAMPLES = {
    "int": ["1", HUGE],
    "str": ["x", quote(FULL_TEXT["fts-syntax"], safe=""), "NaN", "x" * 300],
    "slug": ["x", "NaN", "x" * 300],
    "path": ["x/y", quote(FULL_TEXT["fts-brackets"], safe="")],
    "uuid": ["12345678-1234-5678-1234-567812345678"],
}
REGEX_SAMPLES = ["1", HUGE, "x", "live", "ttl", "x-y", "x/", "a1-b2"]


def _fill(text, hostile):
    """A URL for the pattern: ordinary values, or the most hostile it accepts."""
    text = text.replace("^", "").replace("$", "")

    def converter(match):
        samples = CONVERTER_SAMPLES.get(match[1], ["1", "x"])
        return samples[-1] if hostile else samples[0]

    text = re.sub(r"\{(\w+)\}", converter, text)
    result = ""
    for kind, part in _groups(text):
        if kind == "literal":
            part = part.replace(".*", "x").replace(".+", "x")
            result += re.sub(r"\\(.)", r"\1", part)
            continue
        inner = re.sub(r"^\((\?P<\w+>|\?:)?", "(", part)
        candidates = [*REGEX_SAMPLES[::-1]] if hostile else REGEX_SAMPLES
        for sample in candidates:
            if re.fullmatch(inner, sample):
                result += sample
                break
        else:
            return None
    return "/" + result


def resolved(url):
    return resolve(url.split("?")[0] if "%" not in url else url)


def urls(hostile):
    """The sweep's URLs (URL -> pattern) and the patterns it cannot fill; built
    once per test process and language (the language prefix), as the URL
    patterns do not change. Callers do not change the answer."""
    return _urls(hostile, get_language())


@functools.cache
def _urls(hostile, language):
    built, skipped = {}, []
    for text, _entry in walk():
        url = _fill(text, hostile)
        try:
            if url is None:
                raise Resolver404
            resolved(url)
        except Resolver404:
            skipped.append(text)
            continue
        built.setdefault(url, text)
    return built, skipped


def test_the_sweep_reaches_almost_every_pattern():
    patterns = list(walk())
    built, skipped = urls(hostile=False)
    assert len(patterns) > 300  # Wagtail's admin alone mounts hundreds
    assert len(skipped) <= len(patterns) // 50, skipped
    for expected in [
        "/api/v2/pages/",
        "/api/3/action/x",
        "/catalog.ttl",
        "/events.ics",
        "/feeds/news.xml",
        "/admin/login/",
        "/api/util/status",
    ]:
        assert expected in built, sorted(built)


@pytest.fixture
def sweeper():
    """A client that reports a server error as a 500 instead of raising it."""
    return Client(raise_request_exception=False)


def test_hostile_path_values(sweeper):
    """Every pattern with the most hostile values it accepts; the admin views
    behind ``require_admin_access`` answer with the redirect to the admin login."""
    client = sweeper
    built, _skipped = urls(hostile=True)
    login = reverse("wagtailadmin_login")
    failures, guarded = [], 0
    for url, pattern in built.items():
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{pattern} -> {url[:120]}: {response.status_code}")
        elif admin_guarded(resolved(url).func):
            guarded += 1
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(login):
                failures.append(f"{pattern}: {response.status_code} {location[:80]}")
    assert not failures, failures
    assert guarded > len(built) // 2, guarded  # the admin is most of the sweep


def query_sweep_urls():
    """Every URL of the sweep, but of the admin views refused alike before the
    view (``admin_guarded``) only the first; once per test process and language."""
    return _query_sweep_urls(get_language())


@functools.cache
def _query_sweep_urls(language):
    built, _skipped = urls(hostile=False)
    swept, guard_seen = {}, False
    for url, pattern in built.items():
        if admin_guarded(resolved(url).func):
            if guard_seen:
                continue
            guard_seen = True
        swept[url] = pattern
    assert guard_seen
    return swept


@pytest.mark.parametrize("value", list(VALUES.values()), ids=list(VALUES))
def test_hostile_query_values_on_every_url(sweeper, value):
    client = sweeper
    # What client.get(url, params) sends, encoded once rather than for every URL
    # (10,000 characters times every parameter for "long").
    query = urlencode(dict.fromkeys(PARAMETERS, value), doseq=True)
    failures = []
    for url, pattern in query_sweep_urls().items():
        response = client.get(url, QUERY_STRING=query)
        if response.status_code >= 500:
            failures.append(f"{pattern} -> {url}: {response.status_code}")
    assert not failures, failures


def test_the_sweep_sends_no_old_parameter_name():
    # An old name would be answered by the redirect, so the views would never
    # see the hostile values (89 of 125 URLs did, before).
    assert not set(PARAMETERS) & set(LEGACY_QUERY_PARAMETERS)


@pytest.mark.parametrize("value", list(VALUES.values()), ids=list(VALUES))
def test_old_names_with_hostile_values_redirect(sweeper, value):
    """Every old public parameter name with a hostile value: each URL outside the
    protocols and the admin answers a 301 to itself with today's names and the
    values unchanged (the sweep above sends those to the views). A NUL in the
    query is refused before that, with a 400, as under today's names, and so is
    a redirect longer than Django allows (16,384 characters)."""
    client = sweeper
    query = urlencode(dict.fromkeys(LEGACY_QUERY_PARAMETERS, value), doseq=True)
    expected = {new: [value] for new in LEGACY_QUERY_PARAMETERS.values()}
    checked = 0
    for url in query_sweep_urls():
        if url.startswith(NOT_REDIRECTED):
            continue
        response = client.get(url, QUERY_STRING=query)
        if "\x00" in value or len(query) > 16_384:
            assert response.status_code == 400, (url, response.status_code)
            checked += 1
            continue
        assert response.status_code == 301, (url, response.status_code)
        path, _, new_query = response["Location"].partition("?")
        assert path == url
        assert dict(QueryDict(new_query).lists()) == expected, url
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("name", ["start", "offset", "rows", "limit"])
@pytest.mark.parametrize("value", list(NUMBERS.values()), ids=list(NUMBERS))
@pytest.mark.parametrize(
    "url",
    [
        "/api/3/action/package_search",
        "/api/3/action/package_list",
        "/api/3/action/organization_list",
        "/api/3/action/current_package_list_with_resources",
        "/api/v2/pages/",
    ],
)
def test_bad_numbers_are_client_errors(client, url, name, value):
    response = client.get(url, {name: value})
    assert_not_500(response, url)
    if response.status_code != 200:
        assert response.status_code in (400, 409)
        assert response.json()  # a JSON error with a message


@pytest.mark.parametrize("value", list(FULL_TEXT.values()), ids=list(FULL_TEXT))
def test_wagtail_api_search_syntax(client, value):
    response = client.get("/api/v2/pages/", {"search": value})
    assert response.status_code in (200, 400), response.content[:300]
    response = client.get("/api/v2/pages/", {"search": value, "search_operator": "or"})
    assert response.status_code in (200, 400), response.content[:300]
