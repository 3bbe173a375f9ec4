"""The route cache (portal/routing.py): a fresh render of a page finds its site,
page, restrictions, ancestors and language links without the routing queries,
and never serves a route that content changes made stale."""

import pytest
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from portal.shell import content_version
from tests import factories
from tests.fresh_render import fresh_client, get_counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home):
    return factories.add_page(home, StandardPage, title="Verwaltung", slug="verwaltung")


@pytest.fixture
def leaf(section):
    return factories.add_page(
        section, StandardPage, title="Bürgerbüro Öffnungszeiten", slug="buero"
    )


def test_a_repeated_fresh_render_is_routed_from_the_cache(leaf):
    client = fresh_client()
    first, first_queries = get_counting(client, "/verwaltung/buero/")
    second, second_queries = get_counting(client, "/verwaltung/buero/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "Bürgerbüro Öffnungszeiten" in second.content.decode()
    # Breadcrumbs and language links come from the cached ancestors.
    assert 'href="/verwaltung/"' in second.content.decode()
    # site, root, child by slug and specific per segment, restrictions,
    # locale, ancestors and translations: one query for the page instead
    assert first_queries - second_queries >= 8
    assert second_queries <= 2


def test_german_and_english_addresses_are_routed_apart(home_en, section):
    english = factories.translate(section, title="Administration", slug="admin-en")
    client = fresh_client()
    for _ in range(2):
        german = client.get("/verwaltung/")
        english_response = client.get("/en/admin-en/")
    assert german.status_code == english_response.status_code == 200
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english_response.content.decode()
    assert english.title in english_response.content.decode()
    assert "Verwaltung" in german.content.decode()


def test_unpublished_page_is_not_served_from_a_cached_route(leaf):
    client = fresh_client()
    for _ in range(2):
        assert client.get("/verwaltung/buero/").status_code == 200
    leaf.unpublish()
    assert client.get("/verwaltung/buero/").status_code == 404


def test_moved_page_answers_at_its_new_address_only(home, section, leaf):
    client = fresh_client()
    for _ in range(2):
        assert client.get("/verwaltung/buero/").status_code == 200
    leaf.move(home, pos="last-child")
    assert client.get("/buero/").status_code == 200
    assert client.get("/verwaltung/buero/").status_code != 200


def test_a_restriction_added_after_the_route_was_cached_applies(leaf):
    client = fresh_client()
    for _ in range(2):
        assert client.get("/verwaltung/buero/").status_code == 200
    PageViewRestriction.objects.create(
        page=leaf, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for _ in range(2):
        response = client.get("/verwaltung/buero/")
        assert "Bürgerbüro Öffnungszeiten" not in response.content.decode()
        assert 'name="password"' in response.content.decode()


def test_a_restricted_section_stays_restricted_when_routed_from_the_cache(leaf):
    PageViewRestriction.objects.create(
        page=leaf.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="geheim",
    )
    client = fresh_client()
    for _ in range(3):
        response = client.get("/verwaltung/buero/")
        assert 'name="password"' in response.content.decode()
        assert "Bürgerbüro Öffnungszeiten" not in response.content.decode()


def test_the_page_row_comes_from_the_route_cache_after_the_second_render(leaf):
    client = fresh_client()
    first, _ = get_counting(client, "/verwaltung/buero/")
    second, _ = get_counting(client, "/verwaltung/buero/")
    third, third_queries = get_counting(client, "/verwaltung/buero/")
    assert third.status_code == 200
    assert third.content == second.content == first.content
    # the second render kept the page's row: no query for routing at all
    assert third_queries == 0


def test_a_live_page_saved_outside_publishing_is_not_served_stale(leaf):
    client = fresh_client()
    for _ in range(3):
        assert "Bürgerbüro Öffnungszeiten" in client.get("/verwaltung/buero/").text
    leaf.title = "Bürgerbüro Sprechzeiten"
    leaf.save()
    response = client.get("/verwaltung/buero/")
    assert "Bürgerbüro Sprechzeiten" in response.text
    assert "Bürgerbüro Öffnungszeiten" not in response.text


def test_a_saved_draft_keeps_the_cached_route_and_the_live_content(leaf):
    client = fresh_client()
    for _ in range(3):
        client.get("/verwaltung/buero/")
    version = content_version()
    draft = StandardPage.objects.get(pk=leaf.pk)
    draft.title = "Entwurf, noch nicht veröffentlicht"
    draft.save_revision()
    # a draft changes no public content: every cache stays valid
    assert content_version() == version
    response, queries = get_counting(client, "/verwaltung/buero/")
    assert "Bürgerbüro Öffnungszeiten" in response.text
    assert "Entwurf" not in response.text
    assert queries == 0
    draft.get_latest_revision().publish()
    assert "Entwurf, noch nicht veröffentlicht" in client.get("/verwaltung/buero/").text
