"""View-restricted events stay out of every listing for visitors who may not see
them (issue #19, finding 7): the event calendar, the home page, the tourism page,
a venue's page, iCalendar, the pages API, the sitemap and the site search.

The HTML calendar shows a restricted event to a signed-in visitor who passes its
restriction (login, group or password), as Wagtail does when serving the event;
teasers, feeds, iCalendar, the API and the sitemap show public events only.
No demo: the module builds its own calendar, once (``module_data``).
"""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from tests import factories
from tourism.models import AttractionPage, EventIndexPage, EventPage, TourismIndexPage

pytestmark = pytest.mark.django_db

PUBLIC = "Offenes Dorffest"
SECRET = "Geheime Vorstandssitzung"
SECRET_VENUE = "Hinterzimmer Krug"


def _event(parent, title, days, **fields):
    start = datetime.datetime.now(ZoneInfo("Europe/Berlin")).replace(
        microsecond=0
    ) + datetime.timedelta(days=days)
    fields.setdefault("venue_name", "Dorfplatz")
    event = EventPage(
        title=title,
        slug=factories.unique_slug("event"),
        start=start,
        city="Crivitz",
        locale=parent.locale,
        **fields,
    )
    parent.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def build_calendar():
    tourism = factories.add_page(
        factories.home_page(), TourismIndexPage, title="Tourismus"
    )
    events = factories.add_page(tourism, EventIndexPage, title="Veranstaltungen")
    public = _event(events, PUBLIC, 3)
    secret = _event(events, SECRET, 2, venue_name=SECRET_VENUE)
    pages = {"tourism": tourism, "events": events, "public": public, "secret": secret}
    return {key: page.pk for key, page in pages.items()}


calendar_pages = factories.module_data(build_calendar)


@pytest.fixture
def calendar(calendar_pages):
    """The module's calendar (built once, each test's changes rolled back),
    fetched afresh for each test."""
    return {key: Page.objects.get(pk=pk).specific for key, pk in calendar_pages.items()}


def restrict(page, kind=PageViewRestriction.LOGIN, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    restriction.groups.set(groups)
    return restriction


@pytest.fixture(params=["login", "groups", "password"])
def restricted(request, calendar):
    """The secret event below each kind of view restriction."""
    group = Group.objects.create(name="Vorstand")
    kind = {
        "login": PageViewRestriction.LOGIN,
        "groups": PageViewRestriction.GROUPS,
        "password": PageViewRestriction.PASSWORD,
    }[request.param]
    restriction = restrict(
        calendar["secret"],
        kind,
        groups=[group] if request.param == "groups" else [],
        password="geheim" if request.param == "password" else "",
    )
    return {
        **calendar,
        "kind": request.param,
        "group": group,
        "restriction": restriction,
    }


def shows(html, title=SECRET):
    return title in html


# --- anonymous: absent from every surface ------------------------------------------------


def test_anonymous_calendar_leaves_out_title_date_and_venue(client, restricted):
    secret = restricted["secret"]
    assert client.get(secret.url).status_code in (302, 200)  # Wagtail guards the page
    html = client.get(restricted["events"].url).content.decode()
    assert shows(html, PUBLIC)
    assert not shows(html) and SECRET_VENUE not in html
    assert secret.url not in html


def test_restriction_on_an_ancestor_hides_the_events_below_it(client, calendar, home):
    # a restricted sub-calendar (e.g. an association's internal dates)
    internal = factories.add_page(
        calendar["tourism"], EventIndexPage, title="Intern", slug="intern"
    )
    _event(internal, "Interne Probe", 4)
    restrict(internal)
    html = client.get(calendar["events"].url).content.decode()
    assert shows(html, PUBLIC)
    home_html = client.get("/").content.decode()
    assert "Interne Probe" not in home_html
    assert "Interne Probe" not in client.get("/events.ics").content.decode()


def test_home_page_teaser(client, restricted):
    html = client.get("/").content.decode()
    assert shows(html, PUBLIC)
    assert not shows(html) and SECRET_VENUE not in html


def test_tourism_page_upcoming_events(client, restricted):
    html = client.get(restricted["tourism"].url).content.decode()
    assert shows(html, PUBLIC)
    assert not shows(html)


def test_venue_page_events_here(client, restricted):
    venue = factories.add_page(
        restricted["tourism"], AttractionPage, title="Alter Krug"
    )
    for event in (restricted["public"], restricted["secret"]):
        event.venue_page = venue
        event.save_revision().publish()
    html = client.get(venue.url).content.decode()
    assert shows(html, PUBLIC)
    assert not shows(html)


def test_icalendar_collection_and_single_event(client, restricted):
    body = client.get("/events.ics").content.decode()
    assert PUBLIC in body
    assert SECRET not in body and SECRET_VENUE not in body
    assert client.get(f"/events/{restricted['secret'].pk}.ics").status_code == 404
    assert client.get(f"/events/{restricted['public'].pk}.ics").status_code == 200


def test_icalendar_is_public_only_for_signed_in_users_too(client, restricted):
    """A calendar is subscribed to and shared: never restricted events."""
    user = factories.UserFactory()
    user.groups.add(restricted["group"])
    client.force_login(user)
    assert SECRET not in client.get("/events.ics").content.decode()
    assert client.get(f"/events/{restricted['secret'].pk}.ics").status_code == 404


def test_pages_api_list_detail_and_search(client, restricted):
    listing = client.get("/api/v2/pages/", {"type": "tourism.EventPage"}).json()
    titles = {item["title"] for item in listing["items"]}
    assert PUBLIC in titles and SECRET not in titles
    found = client.get("/api/v2/pages/", {"search": "Vorstandssitzung"}).json()
    assert SECRET not in {item["title"] for item in found["items"]}
    detail = client.get(f"/api/v2/pages/{restricted['secret'].pk}/")
    assert detail.status_code == 404
    assert client.get(f"/api/v2/pages/{restricted['public'].pk}/").status_code == 200


def test_sitemap(client, restricted):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert restricted["public"].url in sitemap
    assert restricted["secret"].url not in sitemap


def test_site_search_and_autocomplete(client, restricted):
    html = client.get("/suche/", {"q": "Dorffest"}).content.decode()
    assert shows(html, PUBLIC)
    html = client.get("/suche/", {"q": "Vorstandssitzung"}).content.decode()
    assert not shows(html)
    public = client.get("/suche/autocomplete/", {"q": "Dorffest"}).json()
    assert PUBLIC in json.dumps(public, ensure_ascii=False)
    secret = client.get("/suche/autocomplete/", {"q": "Vorstand"}).json()
    assert SECRET not in json.dumps(secret, ensure_ascii=False)


def test_editors_recommendations_leave_out_restricted_pages(
    client, calendar, restricted
):
    """A search promotion of a restricted page shows no title (the results page is
    the same for everyone); the public page promoted beside it stays."""
    query = Query.get("Dorfleben")
    for order, page in enumerate((calendar["secret"], calendar["public"])):
        SearchPromotion.objects.create(query=query, page=page, sort_order=order)
    html = client.get("/suche/", {"q": "Dorfleben"}).content.decode()
    assert shows(html, PUBLIC)
    assert not shows(html)


# --- visitors who pass the restriction: the HTML calendar shows the event ------------------


def test_allowed_visitor_sees_the_event_on_the_calendar(client, restricted):
    kind = restricted["kind"]
    user = factories.UserFactory()
    if kind == "groups":
        user.groups.add(restricted["group"])
    client.force_login(user)
    if kind == "password":
        # Wagtail's own password form marks the restriction as passed
        response = client.post(
            reverse(
                "wagtailcore_authenticate_with_password",
                args=[restricted["restriction"].pk, restricted["secret"].pk],
            ),
            {"password": "geheim", "return_url": restricted["secret"].url},
        )
        assert response.status_code == 302
    assert client.get(restricted["secret"].url).status_code == 200
    html = client.get(restricted["events"].url).content.decode()
    assert shows(html) and SECRET_VENUE in html
    assert shows(html, PUBLIC)


def test_signed_in_visitor_without_group_or_password(client, restricted):
    """Signing in is all a login restriction asks; a group or password
    restriction still hides the event from a user without either."""
    client.force_login(factories.UserFactory())
    html = client.get(restricted["events"].url).content.decode()
    assert shows(html, PUBLIC)
    assert shows(html) is (restricted["kind"] == "login")


def test_superuser_passes_a_group_restriction(client, calendar):
    restrict(calendar["secret"], PageViewRestriction.GROUPS, groups=[])
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    assert shows(client.get(calendar["events"].url).content.decode())


def test_teasers_stay_public_for_allowed_visitors(client, restricted):
    """The home page and the tourism page are shared by everyone (and cached):
    they list public events only, whoever looks."""
    user = factories.UserFactory()
    user.groups.add(restricted["group"])
    client.force_login(user)
    assert not shows(client.get("/").content.decode())
    assert not shows(client.get(restricted["tourism"].url).content.decode())


# --- one read of the restrictions --------------------------------------------------------


def test_calendar_reads_the_restrictions_once_whatever_their_number(client, calendar):
    url = calendar["events"].url
    restrict(calendar["secret"])

    def count():
        client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    one = count()
    for number in range(8):
        restrict(_event(calendar["events"], f"Intern {number}", 5 + number))
    assert count() == one
    html = client.get(url).content.decode()
    assert "Intern 3" not in html and shows(html, PUBLIC)
