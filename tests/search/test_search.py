import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.models import StandardPage
from search.models import ZeroResultQuery
from tests import factories
from tests.search.factories import service_page, text_page


def build_world():
    home = factories.home_page()
    # "Gemeinden" only in the plural (the stemming test looks for the singular)
    amt = text_page(
        home, "Amt & Gemeinden", "Die Verwaltung und ihre Gemeinden.", slug="amt"
    )
    factories.translate(
        amt,
        slug="administration",
        title="Administration & villages",
        intro="The administration and its villages.",
    )
    text_page(
        home, "Impressum", "Angaben zum Anbieter dieser Seiten.", slug="impressum"
    )
    service_page(home, "Meldebescheinigung", "Für Einwohner aller Gemeinden.")
    text_page(
        home,
        "Wochenmarkt Crivitz",
        "Obst und Gemüse jeden Samstag.",
        slug="wochenmarkt-crivitz",
    )


world = factories.module_data(build_world)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

on_postgres = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="PostgreSQL feature; CI runs the suite on PostgreSQL too",
)


def hits(response):
    return [hit.url for hit in response.context["outcome"].hits]


def test_finds_german_pages_and_only_german_ones(client):
    response = client.get("/suche/", {"q": "Gemeinden"})
    assert response.status_code == 200
    assert "/amt/" in hits(response)
    assert all(not url.startswith("/en/") for url in hits(response))


def test_english_search_finds_english_pages(client):
    response = client.get("/en/search/", {"q": "villages"})
    assert "/en/administration/" in hits(response)
    assert all(url.startswith("/en/") for url in hits(response))


def test_search_url_is_translated():
    from django.utils import translation

    with translation.override("de"):
        assert reverse("search:search") == "/suche/"
    with translation.override("en"):
        assert reverse("search:search") == "/en/search/"


def test_content_type_facets_count_and_filter(client):
    response = client.get("/suche/", {"q": "Gemeinden"})
    facets = {facet.key: facet.count for facet in response.context["outcome"].facets}
    assert facets["home.standardpage"] == 1
    assert facets["services.servicepage"] == 1
    filtered = client.get("/suche/", {"q": "Gemeinden", "type": "home.standardpage"})
    assert hits(filtered) == ["/amt/"]
    assert all(
        type(hit.page) is StandardPage for hit in filtered.context["outcome"].hits
    )


def test_highlighted_snippet_escapes_content(client, home):
    page = StandardPage(
        title="Badestelle", slug="badestelle", intro="<b>Baden</b> im See"
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/suche/", {"q": "Badestelle Baden"}).content.decode()
    assert "&lt;b&gt;<mark>Baden</mark>&lt;/b&gt;" in html


def test_zero_results_page_helps_and_is_recorded(client):
    response = client.get("/suche/", {"q": "Quarkstrudel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Keine Treffer" in html
    assert "Prüfen Sie die Schreibweise" in html
    assert ZeroResultQuery.objects.get(query_string="quarkstrudel").hits == 1


def test_queries_are_counted_without_personal_data(client):
    client.get("/suche/", {"q": "Gemeinden"})
    client.get("/suche/", {"q": "gemeinden "})
    assert Query.get("gemeinden").hits == 2
    field_names = {field.name for field in ZeroResultQuery._meta.get_fields()}
    assert field_names == {"id", "query_string", "language", "date", "hits"}


def test_promoted_results_come_first(client, home):
    target = StandardPage.objects.get(slug="impressum")
    SearchPromotion.objects.create(
        query=Query.get("gemeinden"),
        page=target,
        sort_order=0,
        description="Rechtliches",
    )
    html = client.get("/suche/", {"q": "Gemeinden"}).content.decode()
    assert html.index("search-hit--promoted") < html.index('class="search-hits"')
    assert "Rechtliches" in html


def test_autocomplete_json(client):
    response = client.get("/suche/autocomplete/", {"q": "Gem"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["suggestions"]]
    assert "Amt & Gemeinden" in titles
    english = client.get("/en/search/autocomplete/", {"q": "Adm"}).json()["suggestions"]
    assert {
        "title": "Administration & villages",
        "url": "/en/administration/",
    } in english


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 500},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1; DROP TABLE wagtailcore_page; --"},
        {"q": "\x01\x7f amt"},
        {"q": "Gemeinden", "page": "99999"},
        {"q": "Gemeinden", "page": "-1"},
        {"q": "Gemeinden", "page": "abc"},
        {"q": "Gemeinden", "type": "nope"},
        {"q": "Gemeinden", "sort": "evil"},
        {"q": 'AND OR NOT ( ) " * :'},
    ],
)
def test_hostile_input_never_breaks(client, params):
    response = client.get("/suche/", params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_over_long_query_gets_a_clear_message(client):
    html = client.get("/suche/", {"q": "x" * 500}).content.decode()
    assert "höchstens 200 Zeichen" in html


@on_postgres
def test_german_stemming_on_postgres(client):
    # "Gemeinde" (singular) finds the page that only says "Gemeinden".
    assert "/amt/" in hits(client.get("/suche/", {"q": "Gemeinde"}))


def test_did_you_mean_shows_the_results_of_the_correction(client):
    outcome = client.get("/suche/", {"q": "Gemeinnden Amd"}).context["outcome"]
    # "Amd" is no word of the content and has no close one: left out.
    assert outcome.suggestion == "Gemeinden"
    assert outcome.corrected and not outcome.exact_matches
    assert "/amt/" in [hit.url for hit in outcome.hits]


def test_zero_result_report_for_editors(client):
    client.get("/suche/", {"q": "Quarkstrudel"})
    client.force_login(factories.StaffFactory(is_superuser=True))
    response = client.get("/admin/reports/search-zero-results/")
    assert response.status_code == 200
    assert "quarkstrudel" in response.content.decode()
    export = client.get("/admin/reports/search-zero-results/", {"export": "csv"})
    assert "quarkstrudel" in b"".join(export.streaming_content).decode()


@on_postgres
def test_did_you_mean_compares_with_the_vocabulary_through_its_trigram_index():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["portal_search_searchword_key_trgm"],
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
    from wagtail.models import Locale

    from search.query import run_search

    outcome = run_search("Wochenmakt Crivits", Locale.objects.get(language_code="de"))
    assert outcome.suggestion == "Wochenmarkt Crivitz"
    assert outcome.corrected
    assert "/wochenmarkt-crivitz/" in [hit.url for hit in outcome.hits]
