"""Anonymous page cache: hits, purge on change, never personal content (no demo
data)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from home.models import StandardPage
from portal.models import Municipality
from tests import factories
from tests.home.factories import news_section
from tests.tourism import factories as tourism

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("world", "page_cache_on"),
]


def build_world():
    """A content page in both languages, a municipality, the news section and
    the event calendar with one event."""
    home = factories.home_page()
    amt = factories.add_page(
        home,
        StandardPage,
        title="Amt & Gemeinden",
        slug="amt",
        intro="Das Amt und seine Gemeinden.",
    )
    factories.translate(amt, title="Administration & villages", slug="administration")
    factories.translated_municipality(name="Crivitz", slug="crivitz")
    news_section(home)
    section = tourism.tourism_section()
    tourism.event(
        section.events,
        "seefest",
        "Seefest am Strand",
        tourism.day_at(10),  # ten days after the day the world is built
    )


world = factories.module_data(build_world)


@pytest.fixture
def admin_user():
    return factories.StaffFactory(is_superuser=True, first_name="Ada")


@pytest.fixture
def page_cache_on():
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
        yield


def test_second_anonymous_request_is_served_from_the_cache(client):
    assert client.get("/amt/")["X-Portal-Cache"] == "miss"
    response = client.get("/amt/")
    assert response["X-Portal-Cache"] == "hit"
    assert "Amt &amp; Gemeinden" in response.content.decode()
    # Security headers are added to cached responses too.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_language_variants_are_kept_apart(client):
    client.get("/amt/")
    client.get("/en/administration/")
    german = client.get("/amt/")
    english = client.get("/en/administration/")
    assert german["X-Portal-Cache"] == english["X-Portal-Cache"] == "hit"
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_publishing_purges(client):
    client.get("/amt/")
    page = StandardPage.objects.get(slug="amt")
    page.intro = "Neue Einleitung für alle"
    page.save_revision().publish()
    response = client.get("/amt/")
    assert response["X-Portal-Cache"] == "miss"
    assert "Neue Einleitung für alle" in response.content.decode()


def test_unpublish_and_move_purge(client, home):
    child = StandardPage(title="Kurzlebig", slug="kurzlebig")
    home.add_child(instance=child)
    child.save_revision().publish()
    assert client.get("/kurzlebig/").status_code == 200
    child.unpublish()
    assert client.get("/kurzlebig/").status_code == 404
    child.save_revision().publish()
    client.get("/kurzlebig/")
    child.move(StandardPage.objects.get(slug="amt"), pos="last-child")
    assert client.get("/amt/kurzlebig/").status_code == 200
    # The old address redirects to the new one instead of serving the cached page.
    old = client.get("/kurzlebig/")
    assert old.status_code == 301
    assert old["Location"] == "/amt/kurzlebig/"


def test_snippet_change_purges(client):
    client.get("/amt/")
    municipality = Municipality.objects.get(slug="crivitz", locale__language_code="de")
    municipality.population = 5000
    municipality.save()
    assert client.get("/amt/")["X-Portal-Cache"] == "miss"


def test_editors_never_get_or_fill_the_shared_cache(client, admin_user):
    client.get("/amt/")
    client.force_login(admin_user)
    response = client.get("/amt/")
    assert "X-Portal-Cache" not in response
    html = response.content.decode()
    assert "wagtail-userbar" in html  # personal: the editor's toolbar
    client.logout()
    anonymous = client.get("/amt/")
    assert anonymous["X-Portal-Cache"] == "hit"
    assert "wagtail-userbar" not in anonymous.content.decode()
    assert "Ada" not in anonymous.content.decode()


def test_anonymous_requests_with_cookies_are_served_from_the_cache(client):
    client.get("/amt/")
    client.cookies["csrftoken"] = "abc"
    assert client.get("/amt/")["X-Portal-Cache"] == "hit"


def test_pages_store_a_placeholder_for_the_csrf_token_and_never_messages(rf, home):
    """The CSRF cookie and messages are added by middleware after the page hook ran:
    the hook must look at the request, not only at the response. A form's token
    is stored as a placeholder (filled in for each visitor)."""
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import engines
    from django.template.response import TemplateResponse

    from portal.page_cache import cache_key, csrf_slot, serve_from_cache

    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    def serve_with_form(page, request, args, kwargs):
        return TemplateResponse(request, template, {})

    request = rf.get("/formular/")
    request.session = SessionStore()
    response = serve_from_cache(serve_with_form)(home, request, (), {})
    _headers, stored, _audience, _parts = cache.get(cache_key(request))
    assert csrf_slot().encode() in stored
    assert csrf_slot() not in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()

    def serve_with_message(page, request, args, kwargs):
        messages.info(request, "Danke!")
        return TemplateResponse(request, engines["django"].from_string("ok"), {})

    request = rf.get("/danke/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    serve_from_cache(serve_with_message)(home, request, (), {})
    assert cache.get(cache_key(request)) is None


@override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
def test_cache_can_be_switched_off(client):
    client.get("/amt/")
    assert "X-Portal-Cache" not in client.get("/amt/")


def test_cache_hit_is_answered_before_routing_without_a_query(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/aktuelles/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/aktuelles/")
    assert response["X-Portal-Cache"] == "hit"
    assert len(queries) == 0, [q["sql"][:100] for q in queries]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_adding_a_view_restriction_purges(client):
    from wagtail.models import PageViewRestriction

    client.get("/amt/")
    page = StandardPage.objects.get(slug="amt")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/amt/")
    assert response.status_code == 302  # to the login, not the cached page
    assert "X-Portal-Cache" not in response


def test_event_feed_is_cached_for_anonymous_visitors_and_purged(client):
    from tourism.models import EventPage

    first = client.get("/events.ics")
    assert first["X-Portal-Cache"] == "miss"
    assert client.get("/events.ics")["X-Portal-Cache"] == "hit"
    event = EventPage.objects.live().filter(locale__language_code="de").first()
    event.title = "Neuer Titel im Kalender"
    event.save_revision().publish()
    response = client.get("/events.ics")
    assert response["X-Portal-Cache"] == "miss"
    assert "Neuer Titel im Kalender" in response.content.decode()


def test_home_sections_are_shared_by_anonymous_visitors_only(client):
    from django.core.cache import cache as shared

    client.cookies["consent"] = "1"  # not served from the page cache
    client.get("/")
    keys = [key for key in shared._cache if "portal-home-sections" in key]
    assert keys, "the rendered sections are cached for anonymous visitors"
    shared.clear()
    client.force_login(factories.UserFactory())
    # A fresh render for a signed-in visitor (the page cache's shared render
    # is an anonymous one and may keep the sections).
    assert client.get("/", HTTP_CACHE_CONTROL="no-cache").status_code == 200
    assert not [key for key in shared._cache if "portal-home-sections" in key]
