"""The site shell is cached per site and language and dropped when content changes
(no demo data)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import StandardPage
from portal.models import PortalSettings
from tests import factories
from tests.council.factories import council_section
from tests.datasets import factories as datasets
from tests.home import factories as news
from tests.tourism import factories as tourism

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def build_world():
    """Every kind of public page, once (listed pages with their teaser image,
    as the scale data has them): content and legal pages in both
    languages (the legal ones in the footer), the news section with a news item
    and an announcement, the tourism section with a place, a lodging, an event
    and a route, a dataset and the council calendar."""
    home = factories.home_page()
    for slug, title, en_slug, en_title in (
        ("amt", "Amt & Gemeinden", "administration", "Administration"),
        ("impressum", "Impressum", "imprint", "Imprint"),
        ("barrierefreiheit", "Barrierefreiheit", "accessibility", "Accessibility"),
    ):
        page = factories.add_page(
            home, StandardPage, title=title, slug=slug, intro=f"{title}."
        )
        factories.translate(page, title=en_title, slug=en_slug)
    portal_settings = PortalSettings.for_site(home.get_site())
    portal_settings.imprint_page = home.get_children().get(slug="impressum")
    portal_settings.accessibility_page = home.get_children().get(
        slug="barrierefreiheit"
    )
    portal_settings.save()
    plate = factories.translated_municipality(name="Plate", slug="plate")
    section, archive = news.news_section(home)
    news.news_item(
        section,
        title="Neue Kita in Plate",
        category=news.category("Schule und Kita", "bildung", "Schools"),
        municipality=plate,
        teaser_image=factories.ImageFactory(),
    )
    news.announcement(archive, title="Satzung über die Straßenreinigung")
    places = tourism.tourism_section()
    tourism.attraction(
        places.index,
        "badestelle",
        "Badestelle am See",
        en={"title": "Bathing spot"},
        category=tourism.category("baden"),
        municipality=plate,
        teaser_image=factories.ImageFactory(),
    )
    tourism.accommodation(
        places.index,
        "pension",
        "Pension am See",
        teaser_image=factories.ImageFactory(),
    )
    tourism.event(
        places.events,
        "seefest",
        "Seefest",
        tourism.day_at(10),
        en={"title": "Lake festival"},
        municipality=plate,
    )
    tourism.route(
        places.routes,
        "seerunde",
        "Seerunde",
        tourism.track_line([(53.55, 11.50), (53.56, 11.52)]),
    )
    datasets.dataset(title="Einwohner", files=[("einwohner.csv", "jahr;anzahl\n")])
    factories.translate(datasets.data_index(), title="Open data", slug="data")
    council_section(home)


world = factories.module_data(build_world)
# Not built here: the business directory and the consultations (their own tests).
SKIP = ("business", "consultations")

QUERY_BUDGET = 20

# Every kind of public page: home, sections, listings (first and a deep page
# once the scale data is there), details, feeds. Detail pages are looked up by
# type so the list follows the demo content.
PAGES = [
    "/",
    "/en/",
    "/amt/",
    "/en/administration/",
    "/barrierefreiheit/",
    "/aktuelles/",
    "/aktuelles/?page=9",
    "/aktuelles/bekanntmachungen/",
    "/tourismus/",
    "/tourismus/?page=9",
    "/tourismus/veranstaltungen/",
    "/tourismus/veranstaltungen/?page=9",
    "/tourismus/touren/",
    "/daten/",
    "/daten/?page=9",
    "/gremien/",
    "/events.ics",
    # English listings resolve categories, municipalities and venues that
    # translated pages still reference in German.
    "/en/news/",
    "/en/tourism/",
    "/en/tourism/events/",
    "/en/data/",
]
DETAIL_TYPES = [
    "home.NewsPage",
    "home.AnnouncementPage",
    "tourism.AttractionPage",
    "tourism.AccommodationPage",
    "tourism.EventPage",
    "tourism.RoutePage",
    "datasets.DatasetPage",
]


def detail_urls():
    from django.apps import apps

    urls = []
    for label in DETAIL_TYPES:
        model = apps.get_model(label)
        page = model.objects.live().filter(locale__language_code="de").first()
        urls.append(page.url)
    return urls


def query_counts(client, urls):
    counts = {}
    for url in urls:
        client.get(url)  # warm the shell and fragment caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = (len(queries), [q["sql"][:150] for q in queries])
    return counts


def load_scale_data(monkeypatch, count=60, skip=()):
    """The apps' load_scale with smaller numbers: enough for several pages of
    every listing; ``skip`` names generators not to run (the business and
    consultations generators need their sections; the consultations bring their
    own questionnaire, bench/scale/questionnaire.yaml)."""
    from functools import partial

    from bench.scale import business, consultations, datasets, news, tourism
    from portal.demo import Demo
    from portal.management.commands.load_demo import Command

    monkeypatch.setattr(news, "SCALE_NEWS", count * 3)
    monkeypatch.setattr(tourism, "SCALE_EVENTS", count * 3)
    monkeypatch.setattr(tourism, "SCALE_ATTRACTIONS", count * 2)
    monkeypatch.setattr(tourism, "SCALE_ACCOMMODATIONS", count * 2)
    monkeypatch.setattr(datasets, "SCALE_DATASETS", count * 3)
    monkeypatch.setattr(
        business, "load_scale", partial(business.load_scale, count=count)
    )
    monkeypatch.setattr(
        consultations,
        "load_scale",
        partial(consultations.load_scale, consultations=3, responses=count * 5),
    )
    generators = {"business": business, "consultations": consultations}
    for name in skip:
        monkeypatch.setattr(generators[name], "load_scale", lambda demo, rng: None)
    Command().load_scale(Demo(), 13)


def test_public_pages_stay_within_the_query_budget_whatever_the_content(
    client, monkeypatch
):
    urls = PAGES + detail_urls()
    small = query_counts(client, urls)
    over = {url: count for url, (count, _sql) in small.items() if count > QUERY_BUDGET}
    assert not over, over
    load_scale_data(monkeypatch, skip=SKIP)
    large = query_counts(client, urls)
    grown = {
        url: (small[url][0], count)
        for url, (count, _sql) in large.items()
        if count > small[url][0]
    }
    assert not grown, grown


def test_listings_reuse_prefetched_renditions(client, monkeypatch):
    """Once a listing's renditions exist, rendering it creates none and looks
    them up together with the images (the query budget above bounds the rest)."""
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    load_scale_data(monkeypatch, count=30, skip=SKIP)
    for url in ("/aktuelles/", "/tourismus/", "/", "/daten/"):
        client.get(url)
        before = rendition_model.objects.count()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        inserts = [q for q in queries if q["sql"].startswith("INSERT")]
        assert not inserts, (url, inserts)
        assert rendition_model.objects.count() == before


def test_new_menu_page_appears_after_publishing(client, home):
    client.get("/")
    page = StandardPage(title="Wahlen", slug="wahlen", show_in_menus=True, live=False)
    home.add_child(instance=page)
    assert ">Wahlen</a>" not in client.get("/").content.decode()  # draft: not in menu
    page.save_revision().publish()
    assert ">Wahlen</a>" in client.get("/").content.decode()
    page.refresh_from_db()  # publish() worked on the revision's copy of the page
    page.unpublish()
    assert ">Wahlen</a>" not in client.get("/").content.decode()


def test_settings_change_shows_at_once(client, site):
    client.get("/")
    portal_settings = PortalSettings.for_site(site)
    portal_settings.phone = "0385 123456"
    portal_settings.save()
    assert "0385 123456" in client.get("/").content.decode()


def test_languages_have_their_own_shell(client):
    german = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'href="/impressum/"' in german and 'href="/en/imprint/"' not in german
    assert 'href="/en/imprint/"' in english
