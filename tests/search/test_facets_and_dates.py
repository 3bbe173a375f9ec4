"""Municipality facet and date filters, combinable with the type facet."""

import datetime

import pytest
from django.utils import timezone

from home.models import NewsPage
from search.query import municipality_fields
from tests import factories
from tests.home import factories as news_factories
from tests.tourism import factories as tf
from tourism.models import AttractionPage, EventPage


def build_world():
    """The tourism calendar (``tests/tourism/factories.calendar``: the weekly
    market in Crivitz, the flea market in Leezen, the lake festival), places in
    Banzkow, Raben Steinfeld, Plate and Crivitz, a route through Banzkow with no
    municipality, and dated news."""
    section = tf.tourism_section()
    tf.calendar(section)
    banzkow = tf.municipality("Banzkow")
    raben = tf.municipality("Raben Steinfeld", "raben-steinfeld")
    plate = tf.municipality("Plate")
    crivitz = tf.municipality("Crivitz")
    leezen = tf.municipality("Leezen")
    sukow = tf.municipality("Sukow")
    tf.attraction(
        section.index,
        "schleuse-banzkow",
        "Schleuse Banzkow",
        intro="Die alte Schleuse an der Stör in Banzkow.",
        municipality=banzkow,
    )
    tf.attraction(
        section.index,
        "muehle-banzkow",
        "Wassermühle",
        intro="Die Wassermühle von Banzkow mahlt wieder.",
        municipality=banzkow,
    )
    tf.route(
        section.routes,
        "wanderung-lewitz-runde",
        "Wanderung Lewitz-Runde",
        tf.track_line([(53.53, 11.52), (53.55, 11.55), (53.53, 11.52)]),
        intro="Ein Rundweg durch die Lewitz, vorbei an Banzkow.",
    )
    for slug, title, place in [
        ("badestelle-raben-steinfeld", "Badestelle am See", raben),
        ("aussicht-raben-steinfeld", "Aussichtspunkt am See", raben),
        ("strand-crivitz", "Strand am See", crivitz),
    ]:
        tf.attraction(section.index, slug, title, municipality=place)
    tf.attraction(
        section.index,
        "dorfkirche-plate",
        "Dorfkirche Plate",
        en={"title": "Plate village church", "intro": "A brick church."},
        municipality=plate,
    )
    tf.attraction(
        section.index,
        "stadtkirche-crivitz",
        "Stadtkirche Crivitz",
        en={"title": "Crivitz town church", "intro": "A brick church."},
        municipality=crivitz,
    )
    news, _archive = news_factories.news_section(factories.home_page())
    news_factories.news_item(
        news,
        days_ago=20,
        title="Neuer Steg am See",
        slug="steg-raben-steinfeld",
        municipality=raben,
    )
    news_factories.news_item(
        news,
        days_ago=10,
        title="Brücke in Banzkow erneuert",
        slug="bruecke-banzkow",
        municipality=banzkow,
    )
    news_factories.news_item(
        news,
        days_ago=3,
        title="Erntefest in Leezen",
        slug="erntefest-leezen",
        municipality=leezen,
    )
    news_factories.news_item(
        news,
        days_ago=30,
        title="Glasfaserausbau in Sukow und Tramm abgeschlossen",
        slug="glasfaser-ausbau-sukow",
        intro="Rund 900 Haushalte können jetzt schnelles Internet buchen.",
        municipality=sukow,
    )


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def outcome(client, url="/suche/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.context["outcome"]


def urls(result):
    return [hit.url for hit in result.hits]


def counts(facets):
    return {facet.key: facet.count for facet in facets}


def test_municipality_fields_are_found_in_every_app():
    found = {(model._meta.label, name) for model, name in municipality_fields()}
    assert ("tourism.EventPage", "municipality") in found
    assert ("home.NewsPage", "municipality") in found
    assert ("datasets.DatasetPage", "municipalities") in found


def test_municipality_facet_counts_and_filters(client):
    everything = outcome(client, q="Banzkow")
    places = counts(everything.municipality_facets)
    assert places["banzkow"] >= 3
    labels = {facet.key: facet.label for facet in everything.municipality_facets}
    assert labels["banzkow"] == "Banzkow"
    only = outcome(client, q="Banzkow", municipality="banzkow")
    assert only.total == places["banzkow"]
    assert "/tourismus/schleuse-banzkow/" in urls(only)
    # The route mentions Banzkow but has no municipality: filtered out.
    assert "/tourismus/touren/wanderung-lewitz-runde/" in urls(everything)
    assert "/tourismus/touren/wanderung-lewitz-runde/" not in urls(only)


def test_facets_combine_and_count_with_the_other_selection(client):
    result = outcome(client, q="See", municipality="raben-steinfeld")
    types = counts(result.facets)
    assert sum(types.values()) == result.total
    attractions = types["tourism.attractionpage"]
    both = outcome(
        client, q="See", municipality="raben-steinfeld", type="tourism.attractionpage"
    )
    assert both.total == attractions
    assert all(isinstance(hit.page, AttractionPage) for hit in both.hits)
    assert all(hit.page.municipality.slug == "raben-steinfeld" for hit in both.hits)
    # The municipality counts follow the type selection.
    places = counts(both.municipality_facets)
    assert places["raben-steinfeld"] == attractions
    assert next(f for f in both.municipality_facets if f.selected).key == (
        "raben-steinfeld"
    )


def test_english_facet_labels_and_filter(client):
    result = outcome(client, "/en/search/", q="church", municipality="plate")
    assert result.hits
    assert all(url.startswith("/en/") for url in urls(result))
    assert "/en/tourism/dorfkirche-plate/" in urls(result)
    assert "/en/tourism/stadtkirche-crivitz/" not in urls(result)
    assert "/en/tourism/stadtkirche-crivitz/" in urls(
        outcome(client, "/en/search/", q="church")
    )


def test_unknown_or_malformed_municipality_is_ignored_or_empty(client):
    assert outcome(client, q="Banzkow", municipality="atlantis").total == 0
    assert outcome(client, q="Banzkow", municipality="x' OR 1=1 --").total == (
        outcome(client, q="Banzkow").total
    )


def event_days(slug):
    """First and last local day of the event's next date."""
    event = EventPage.objects.get(slug=slug, locale__language_code="de")
    start, end = event.next_occurrence()
    last = (end - datetime.timedelta(seconds=1)) if event.all_day else end
    return start.astimezone(event.zone).date(), last.astimezone(event.zone).date()


def event_day(slug):
    return event_days(slug)[0]


def test_date_filter_finds_events_on_their_dates(client):
    day, last_day = event_days("seefest-raben-steinfeld")
    found = outcome(
        client, q="Seefest", date_from=day.isoformat(), date_to=day.isoformat()
    )
    assert urls(found) == ["/tourismus/veranstaltungen/seefest-raben-steinfeld/"]
    assert found.date_filtered
    assert outcome(client, q="Seefest", date_from=last_day.isoformat()).total == 1
    later = last_day + datetime.timedelta(days=1)
    assert outcome(client, q="Seefest", date_from=later.isoformat()).total == 0
    # A later date of a series counts, not only the first one.
    market = EventPage.objects.get(
        slug="wochenmarkt-crivitz", locale__language_code="de"
    )
    third = market.occurrences(window_start=timezone.now(), limit=3)[-1][0]
    week = third.astimezone(market.zone).date().isoformat()
    assert "/tourismus/veranstaltungen/wochenmarkt-crivitz/" in urls(
        outcome(client, q="Wochenmarkt", date_from=week, date_to=week)
    )


def test_date_filter_finds_news_and_hides_undated_content(client):
    news = NewsPage.objects.get(slug="erntefest-leezen", locale__language_code="de")
    day = news.date.isoformat()
    found = outcome(client, q="Leezen", date_from=day, date_to=day)
    assert "/aktuelles/erntefest-leezen/" in urls(found)
    # Attractions, datasets and pages have no date: not shown with a date filter.
    assert set(counts(found.facets)) <= {
        "home.newspage",
        "home.announcementpage",
        "tourism.eventpage",
    }
    assert outcome(client, q="Leezen").total > found.total


def test_dates_combine_with_the_municipality_and_type(client):
    day = event_day("flohmarkt-leezen")
    params = {
        "q": "Flohmarkt",
        "date_from": day.isoformat(),
        "date_to": day.isoformat(),
    }
    assert urls(
        outcome(client, municipality="leezen", type="tourism.eventpage", **params)
    ) == ["/tourismus/veranstaltungen/flohmarkt-leezen/"]
    assert outcome(client, municipality="crivitz", **params).total == 0
    assert outcome(client, type="home.newspage", **params).total == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"date_from": "2026-12-24", "date_to": "2026-12-01"},
            "nicht vor dem Anfangsdatum",
        ),
        ({"date_from": "morgen"}, "Datum wie 2026-12-24"),
        ({"date_to": "9999-12-31"}, "zwischen 1900 und 2200"),
    ],
)
def test_bad_dates_get_a_clear_message(client, params, message):
    response = client.get("/suche/", {"q": "Markt", **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#search-' in html
    # The typed query is kept.
    assert 'value="Markt"' in html


def test_word_beginnings_are_tried_when_nothing_matches_whole_words(client):
    from search.models import ZeroResultQuery

    response = client.get("/suche/", {"q": "Glasfaser"})
    result = response.context["outcome"]
    assert "/aktuelles/glasfaser-ausbau-sukow/" in urls(result)
    if not result.exact_matches:  # SQLite; PostgreSQL's stemmer may match
        assert result.prefix_fallback
        assert "als ganzes Wort" in response.content.decode()
        assert ZeroResultQuery.objects.filter(query_string="glasfaser").exists()


def test_a_dataset_is_in_each_municipality_of_its_coverage(client):
    """A many-to-many field counts for the facet and the filter alike, and a
    page of another type with the same word is not taken for one (#21: the
    filter asks each page's own row)."""
    from tests.datasets import factories as data_factories

    plate = tf.municipality("Plate")
    raben = tf.municipality("Raben Steinfeld", "raben-steinfeld")
    data_factories.dataset(
        "badestellen-see", title="Badestellen am See", municipalities=[plate, raben]
    )
    dataset_url = "/daten/badestellen-see/"
    for place in ("plate", "raben-steinfeld"):
        found = outcome(client, q="See", municipality=place)
        assert dataset_url in urls(found) or found.total > len(found.hits)
        assert counts(found.facets)["datasets.datasetpage"] == 1
        assert counts(outcome(client, q="See").municipality_facets)[place] >= 1
    elsewhere = outcome(client, q="See", municipality="crivitz")
    assert "datasets.datasetpage" not in counts(elsewhere.facets)
    assert urls(elsewhere) == ["/tourismus/strand-crivitz/"]


@pytest.mark.parametrize("sort", ["newest", "title"])
def test_sorting_orders_every_match_with_the_selections(client, sort):
    """Sorted by date or title: every match in that order (on PostgreSQL the
    matching ids come from the index entries alone, #21), with a municipality
    selected too; ties in date or title by id."""
    everything = outcome(client, q="See")
    pages = [hit.page for hit in everything.hits]
    assert everything.total == len(pages) > 3
    assert all(page.first_published_at for page in pages)

    def ordered(found):
        if sort == "newest":
            return sorted(
                found,
                key=lambda page: (-page.first_published_at.timestamp(), -page.pk),
            )
        return sorted(found, key=lambda page: (page.title, page.pk))

    by_sort = outcome(client, q="See", sort=sort)
    assert urls(by_sort) == [page.url for page in ordered(pages)]
    in_place = outcome(client, q="See", sort=sort, municipality="raben-steinfeld")
    assert urls(in_place) == [
        page.url
        for page in ordered(pages)
        if getattr(page, "municipality", None) is not None
        and page.municipality.slug == "raben-steinfeld"
    ]
