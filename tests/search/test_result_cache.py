"""The site search's cached result sets and its shared page (issue #27).

A search's result set (hits, counts, facets, "did you mean") is the same for
everybody (live, public pages only), so it is kept per query, filters, page and
language under the content version (``search.views.cached_search``), and the
rendered page is shared with signed-in visitors like a Wagtail page. These tests
check that the cache changes nothing a visitor sees, goes stale with a publish,
spares a repeated search its queries, and never shows anybody's private pages,
drafts or personal data to anybody else."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from tests import factories
from tests.search.factories import service_page, synonyms, text_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

# What a results page shows and asks for: plain hits, a second page, a type
# filter, a sort, a typo (did you mean), some of the words (relaxed), nothing,
# a service task (best services first) and a promoted result.
SEARCHES = [
    {"q": "Kita"},
    {"q": "Kita", "page": "2"},
    {"q": "Kita", "page": "99"},
    {"q": "Kita", "type": "home.standardpage"},
    {"q": "Kita", "sort": "title"},
    {"q": "Kitta"},
    {"q": "Kita Quarkstrudel"},
    {"q": "Quarkstrudel"},
    {"q": "Kita Antrag"},
    {"q": "Impressum"},
]
SECRET = "Kita Geheimrat"
DRAFT = "Kita Entwurfsfassung"


def build_world():
    home = factories.home_page()
    for n in range(12):
        text_page(home, f"Kita Sonnenschein {n}", "Betreuung für Kinder.")
    text_page(home, "Impressum", "Angaben zum Anbieter.", slug="impressum")
    service_page(home, "Kita-Platz beantragen", "Antrag auf einen Kita-Platz.")
    SearchPromotion.objects.create(
        query=Query.get("impressum"),
        page=StandardPage.objects.get(slug="impressum"),
        sort_order=0,
        description="Rechtliches",
    )
    # a page only the group "Elternrat" may see, and a draft
    secret = text_page(home, SECRET, "Nur für den Elternrat.", slug="geheimrat")
    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Elternrat")])
    text_page(home, DRAFT, "Noch nicht veröffentlicht.", live=False)


world = factories.module_data(build_world)

RESULT_CACHE = override_settings(PORTAL_SEARCH_CACHE_SECONDS=300)
NO_CACHE = override_settings(PORTAL_SEARCH_CACHE_SECONDS=0)
PAGE_CACHE = override_settings(PORTAL_PAGE_CACHE_SECONDS=300)


def outcome_data(outcome):
    """What a visitor can see of an outcome, in comparable form."""
    facets = [(f.key, str(f.label), f.count, f.selected) for f in outcome.facets]
    places = [
        (f.key, str(f.label), f.count, f.selected) for f in outcome.municipality_facets
    ]
    hits = [
        (hit.url, hit.title, str(hit.snippet), hit.type_label, hit.kind)
        for hit in outcome.ranked_hits
    ]
    flags = (
        outcome.query,
        outcome.total,
        outcome.suggestion,
        outcome.corrected,
        outcome.relaxed,
        outcome.prefix_fallback,
        outcome.exact_matches,
        outcome.date_filtered,
        outcome.page_obj.number,
        outcome.page_obj.paginator.num_pages,
        outcome.page_obj.start_index(),
    )
    return flags, facets, places, hits


def search(client, params):
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response


def signed_in(username, groups=()):
    user = factories.UserFactory(username=username, email=f"{username}@example.org")
    user.groups.set(groups)
    client = Client()
    client.force_login(user)
    return client, user


def test_cached_results_are_those_of_the_search(client):
    """Every search of ``SEARCHES`` is cached first (so that keys that mixed up
    queries, filters or pages would show), then each cached page is compared
    with a search without the cache: the same outcome, the same HTML."""
    with RESULT_CACHE:
        filled = [search(client, params) for params in SEARCHES]
    for params, first in zip(SEARCHES, filled, strict=True):
        with RESULT_CACHE:
            cached = search(client, params)
        with NO_CACHE:
            fresh = search(client, params)
        # the search ran without the cache; the cached one has no pages
        assert all(hit.page for hit in fresh.context["outcome"].ranked_hits)
        assert not any(hit.page for hit in cached.context["outcome"].ranked_hits)
        assert outcome_data(cached.context["outcome"]) == outcome_data(
            fresh.context["outcome"]
        ), params
        assert cached.content == first.content == fresh.content, params
        assert cached["X-Portal-Search-Matches"] == fresh["X-Portal-Search-Matches"]


def test_expected_results_reach_the_page(client):
    """The cached pages show what they must (a guard that the comparison above
    compares something): cards, counts, pager, best service, promotion."""
    with RESULT_CACHE:
        search(client, {"q": "Kita"})
        html = search(client, {"q": "Kita"}).content.decode()
        assert html.count('class="search-hit search-hit--') == 10
        assert "Kita Sonnenschein" in html and 'rel="next"' in html
        second = search(client, {"q": "Kita", "page": "2"}).content.decode()
        assert 'start="11"' in second
        search(client, {"q": "Kita Antrag"})
        task = search(client, {"q": "Kita Antrag"}).content.decode()
        assert task.index("Kita-Platz beantragen") < task.index('class="search-hits"')
        search(client, {"q": "Impressum"})
        promoted = search(client, {"q": "Impressum"}).content.decode()
        assert "search-hit--promoted" in promoted and "Rechtliches" in promoted


def test_a_publish_makes_the_cached_results_stale(client, home):
    with RESULT_CACHE:
        before = search(client, {"q": "Zebrastreifen"}).context["outcome"]
        assert before.total == 0
        assert search(client, {"q": "Zebrastreifen"}).context["outcome"].total == 0
        page = text_page(home, "Zebrastreifen am Markt", "Sicher über die Straße.")
        after = search(client, {"q": "Zebrastreifen"})
        assert after.context["outcome"].total == 1
        assert "Zebrastreifen am Markt" in after.content.decode()
        page.title = "Fußgängerüberweg am Markt"
        page.save_revision().publish()
        renamed = search(client, {"q": "Markt"}).content.decode()
        assert "Fußgängerüberweg am Markt" in renamed
        assert "Zebrastreifen am Markt" not in renamed


def test_a_new_synonym_makes_the_cached_results_stale(client):
    with RESULT_CACHE:
        assert search(client, {"q": "Wichtelstube"}).context["outcome"].total == 0
        synonyms("Wichtelstube, Kita")
        assert search(client, {"q": "Wichtelstube"}).context["outcome"].total >= 12


def test_a_repeated_search_runs_no_search(client):
    """Fresh renders (a signed-in visitor's hard reload, the bench's
    ``Cache-Control: no-cache``) of a repeated query read the result set from the
    cache: the queries left are the session and user (with the user bar's
    permission check) and the statistics; no site (``portal.routing.cached_site``),
    page, index, vocabulary or promotion is read."""
    client, _user = signed_in("kita-mutter")
    params = {"q": "Kita", "type": "home.standardpage", "page": "2"}
    with RESULT_CACHE:
        search(client, params)  # fills the result cache
        with CaptureQueriesContext(connection) as repeated:
            client.get("/suche/", params, HTTP_CACHE_CONTROL="no-cache")
    with NO_CACHE, CaptureQueriesContext(connection) as uncached:
        client.get("/suche/", params, HTTP_CACHE_CONTROL="no-cache")
    allowed = {
        "django_session",
        "accounts_user",
        "auth_permission",  # the user bar's check (not in shared renders)
        "wagtailsearchpromotions_query",  # the statistics
        "wagtailsearchpromotions_querydailyhits",
    }
    tables = [first_table(query["sql"]) for query in repeated.captured_queries]
    assert set(tables) <= allowed, tables
    assert tables.count("wagtailsearchpromotions_query") == 1  # statistics only
    assert len(uncached.captured_queries) >= len(tables) + 4


def first_table(sql):
    return re.search(r'(?:FROM|UPDATE|INTO) "([a-z_]+)"', sql).group(1)


@pytest.mark.parametrize("result_cache", [RESULT_CACHE, NO_CACHE], ids=["on", "off"])
def test_no_private_page_draft_or_personal_data_reaches_anybody(result_cache):
    """Two signed-in visitors, one of them in the group that may see a
    restricted page, and an anonymous one search in turn, with the page cache on:
    nobody finds the restricted page or the draft (search results are public
    pages only, for everybody), and nobody sees the other's name or e-mail."""
    parent, parent_user = signed_in(
        "elternrat-anna", Group.objects.filter(name="Elternrat")
    )
    other, other_user = signed_in("nachbar-bernd")
    anonymous = Client()
    secret = StandardPage.objects.get(slug="geheimrat")
    assert parent.get(secret.url).status_code == 200  # she may see it
    assert other.get(secret.url).status_code != 200
    visitors = [
        (parent, parent_user, other_user),
        (other, other_user, parent_user),
        (anonymous, None, parent_user),
        (parent, parent_user, other_user),
        (anonymous, None, other_user),
        (other, other_user, parent_user),
    ]
    with result_cache, PAGE_CACHE:
        for query in ("Kita", "Geheimrat", "Entwurfsfassung", "Elternrat"):
            for visitor, user, stranger in visitors:
                response = visitor.get("/suche/", {"q": query})
                html = response.content.decode()
                assert SECRET not in html and DRAFT not in html
                assert secret.url not in html
                assert stranger.username not in html and stranger.email not in html
                if user is not None:
                    assert "private" in response.get("Cache-Control", "")
                found = response.context and response.context.get("outcome")
                if found is not None:
                    assert SECRET not in [hit.title for hit in found.ranked_hits]


def test_signed_in_visitors_share_the_cached_page_editors_do_not():
    """The search page is served to signed-in citizens from the shared body
    (page cache, statistics still counted), each with their own CSRF token;
    editors keep their own render (the Wagtail user bar)."""
    first, _ = signed_in("kita-vater")
    second, _ = signed_in("kita-oma")
    editor = Client()
    editor.force_login(factories.StaffFactory(username="redaktion-kita"))
    with PAGE_CACHE, RESULT_CACHE:
        assert search(first, {"q": "Kita"})["X-Portal-Cache"] == "miss"
        assert search(second, {"q": "Kita"})["X-Portal-Cache"] == "hit"
        assert search(Client(), {"q": "Kita"})["X-Portal-Cache"] == "hit"
        assert "X-Portal-Cache" not in search(editor, {"q": "Kita"})
    assert Query.get("kita").hits == 4


def test_a_hit_carries_no_placeholder(client):
    """The shared body's placeholders are filled for every visitor."""
    visitor, _ = signed_in("kita-tante")
    with PAGE_CACHE, RESULT_CACHE:
        search(client, {"q": "Kita"})
        html = search(visitor, {"q": "Kita"}).content.decode()
    assert not re.search(r"portal-(messages|part)-", html)
