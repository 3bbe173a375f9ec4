"""What a search costs in queries, and facet counts that say what a click finds.

A search reads the query against the vocabulary, counts the type facet of the
pages and of the registered objects (proposals, budget projects) in one
grouped SQL query, and builds a results page with one query per page type and
per model (``search.query._hits``): the number of queries does not grow with
the number of hits, proposals or projects (#21).
"""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from consultations.models import BudgetProject, ProposalStatus
from home.models import NewsIndexPage
from search.query import base_queryset, count_matches, object_sources
from tests import factories
from tests.consultations.factories import budget, proposal, proposal_process
from tests.home.factories import news_item, news_section
from tests.search.factories import text_page

WORD = "Kletterturm"


def build_world():
    """Three news in Plate, three in Banzkow and two without a municipality;
    three pages; a process in Plate with three published proposals (and a
    pending one), a budget in Banzkow with three projects: built once for the
    module (``add`` adds more in a test's savepoint)."""
    plate = factories.MunicipalityFactory(name="Plate", slug="plate")
    banzkow = factories.MunicipalityFactory(name="Banzkow", slug="banzkow")
    news, _archive = news_section(factories.home_page(), english=False)
    for n in range(2):
        news_item(news, title=f"{WORD} überall {n}")
    process = proposal_process(municipality=plate)
    proposal(process, title=f"{WORD} geheim", status=ProposalStatus.PENDING)
    budget_page = budget(municipality=banzkow)
    world = SimpleNamespace(
        plate=plate, banzkow=banzkow, news=news, process=process, budget=budget_page
    )
    add(world, 0, 3)
    return world


def add(world, start, more):
    """``more`` of each kind, numbered from ``start``: a news item in Plate and
    one in Banzkow, a page, a published proposal and a budget project."""
    home = factories.home_page()
    news = NewsIndexPage.objects.get(pk=world.news.pk)
    for n in range(start, start + more):
        news_item(news, title=f"{WORD} Plate {n}", municipality=world.plate)
        news_item(news, title=f"{WORD} Banzkow {n}", municipality=world.banzkow)
        text_page(home, f"{WORD} Seite {n}", intro="Ein Turm zum Klettern")
        proposal(world.process, title=f"{WORD} am Spielplatz {n}")
        BudgetProject.objects.create(
            budget=world.budget,
            title=f"{WORD} Projekt {n}",
            description="Ein Turm zum Klettern",
            cost=1000 + n,
            sort_order=n,
        )


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def search(client, **params):
    response = client.get("/suche/", {"q": WORD, **params})
    assert response.status_code == 200
    return response.context["outcome"]


def queries_of(client, **params):
    search(client, **params)  # warm: caches of content types and sites
    with CaptureQueriesContext(connection) as captured:
        search(client, **params)
    return len(captured.captured_queries)


def counts(facets):
    return {facet.key: facet.count for facet in facets}


SELECTIONS = [
    {"type": "home.newspage"},
    {"type": "home.newspage", "municipality": "plate"},
    {"type": "consultations.proposal"},
    {"type": "consultations.budgetproject", "sort": "newest"},
    {"type": "consultations.proposal", "municipality": "plate", "sort": "title"},
]


def test_the_queries_of_a_search_do_not_grow_with_its_hits(client, world):
    """The same kinds of hits on the results page, three or eight of them
    (one per proposal or project would be an N+1 of the registered objects),
    for each selection (the content is built once for all of them)."""
    few = [queries_of(client, **params) for params in SELECTIONS]
    add(world, 3, 5)
    many = [queries_of(client, **params) for params in SELECTIONS]
    assert list(zip(SELECTIONS, many, strict=True)) == list(
        zip(SELECTIONS, few, strict=True)
    )


def test_a_search_with_proposals_and_projects_stays_within_its_queries(
    client, world, django_assert_max_num_queries
):
    add(world, 3, 1)
    search(client)
    # view restrictions 1, vocabulary look-ups 3 (the word with its forms,
    # compounds and possible parts; what is left around them in compounds,
    # the parts "Kletter" + "Turm"; what is left around the parts), facets 2
    # (types and places of pages and objects in one, municipality names),
    # the first page 3 (one tier, NewsPage), promotions and Wagtail's query
    # statistics 5, and the ids of the narrower tier ("Kletterturm" itself
    # before its parts) of the pages and of each model 3 (a list instead of a
    # NOT IN subquery, which PostgreSQL ran over every page of the locale).
    # Before (#21) it was 30, then 23 (11 vocabulary look-ups), then 15 (the
    # pages' places in a query of their own), then 14. On PostgreSQL each
    # expanded query (the whole query, and a tier's) is parsed by the database
    # once, in a query of its own, instead of in every query (#21): the first
    # page stays within 17, the second (which reads the tiers) took 26, now 24
    # as on SQLite: the pages and each model search the same tier objects,
    # each parsed once.
    with django_assert_max_num_queries(17):
        result = search(client)
    assert result.total == 4 + 4 + 4 + 2 + 4 + 4  # news, pages, proposals, projects
    with django_assert_max_num_queries(24):
        last = search(client, page=2)
    kinds = [hit.kind for hit in last.hits]
    # pages first, then the proposals, then the projects
    assert kinds[-6:] == ["proposal"] * 4 + ["budget-project"] * 2


def test_facet_counts_say_what_a_click_finds(client):
    result = search(client)
    types = counts(result.facets)
    assert types == {
        "home.newspage": 8,
        "home.standardpage": 3,
        "consultations.proposal": 3,
        "consultations.budgetproject": 3,
    }
    assert sum(types.values()) == result.total == 17
    assert counts(result.municipality_facets) == {"plate": 3 + 3, "banzkow": 3 + 3}
    for key, count in types.items():
        assert search(client, type=key).total == count
    for slug, count in counts(result.municipality_facets).items():
        assert search(client, municipality=slug).total == count


def test_facets_count_with_the_other_selection(client):
    in_plate = search(client, municipality="plate")
    # the budget (Banzkow) and the pages without a municipality are not there
    assert counts(in_plate.facets) == {
        "home.newspage": 3,
        "consultations.proposal": 3,
    }
    assert in_plate.total == 6
    proposals = search(client, type="consultations.proposal")
    assert counts(proposals.municipality_facets) == {"plate": 3}
    both = search(client, type="consultations.proposal", municipality="banzkow")
    assert both.total == 0 and both.hits == []
    news_in_banzkow = search(client, type="home.newspage", municipality="banzkow")
    assert sorted(hit.title for hit in news_in_banzkow.hits) == [
        f"{WORD} Banzkow {n}" for n in range(3)
    ]


def test_count_matches_is_one_query():
    pages = base_queryset(factories.locale("de"))
    sources = object_sources(pages)
    backend = get_search_backend()
    # warm: the content types of the counts, kept per process (the test ran
    # after other searches in this process, or failed when it ran first)
    count_matches(backend, backend, WORD, pages, "", sources)
    with CaptureQueriesContext(connection) as captured:
        types, places = count_matches(backend, backend, WORD, pages, "", sources)
    assert len(captured.captured_queries) == 1
    assert sum(types.values()) == 17
    # news and proposals in Plate, news and budget projects in Banzkow
    assert places == {"plate": 3 + 3, "banzkow": 3 + 3}
