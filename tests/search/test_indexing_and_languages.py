"""Objects without an index row are indexed; each language is stemmed in its
own way. (The bulk-loaded scale data: ``test_demo_scale_indexing.py``.)"""

import pytest
from django.conf import settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from home.models import StandardPage
from search.backends import for_language
from search.indexing import index_missing
from tests.search.test_search import hits, on_postgres

pytestmark = pytest.mark.django_db


def test_index_missing_adds_only_objects_without_a_row(home):
    index_missing()  # what the session's setup left without a row
    page = StandardPage(title="Zaunkönigwiese", slug="zaunkoenigwiese")
    home.add_child(instance=page)  # indexed by the signal
    before = IndexEntry.objects.count()
    IndexEntry.objects.filter(object_id=str(page.pk)).delete()
    assert IndexEntry.objects.count() == before - 1
    assert index_missing() == 1
    assert IndexEntry.objects.count() == before
    backend = get_search_backend()
    found = backend.search("Zaunkönigwiese", Page.objects.filter(pk=page.pk))
    assert [p.pk for p in found] == [page.pk]


def test_a_language_without_own_configuration_uses_the_default():
    backend = get_search_backend()
    chosen = for_language(backend, "fr")
    if settings.IS_POSTGRES:
        assert chosen.config == backend.config == "german"
    else:  # SQLite FTS5 has no configurations: the backend itself
        assert chosen is backend


@on_postgres
def test_german_search_stems_german_words(client, home):
    page = StandardPage(
        title="Werkstatt", slug="werkstatt", intro="Wir reparieren Ihr Fahrrad."
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    assert page.url in hits(client.get("/suche/", {"q": "Fahrräder"}))


@on_postgres
def test_english_search_stems_english_words(client, locale_en):
    english_home = Page.objects.get(depth=2, locale=locale_en)
    page = StandardPage(
        title="Old town walk", slug="old-town-walk", intro="A walk through the city."
    )
    english_home.add_child(instance=page)
    page.save_revision().publish()
    # English stemming: "cities" → "citi" ← "city", "walking" → "walk". The
    # German stemmer keeps "city" and "cities" apart.
    assert page.url in hits(client.get("/en/search/", {"q": "cities"}))
    assert page.url in hits(client.get("/en/search/", {"q": "walking"}))


@on_postgres
def test_each_page_is_indexed_with_its_language_configuration(home, locale_en):
    german = StandardPage(title="Fahrräder", slug="fahrraeder")
    home.add_child(instance=german)
    english_home = Page.objects.get(depth=2, locale=locale_en)
    english = StandardPage(title="Cities", slug="cities")
    english_home.add_child(instance=english)
    titles = dict(
        IndexEntry.objects.filter(
            object_id__in=[str(german.pk), str(english.pk)]
        ).values_list("object_id", "title")
    )
    assert "fahrrad" in str(titles[str(german.pk)])
    assert "citi" in str(titles[str(english.pk)])
    # A German query is parsed with the German configuration, an English one
    # with the English configuration.
    backend = get_search_backend()
    assert for_language(backend, "de").config == "german"
    assert for_language(backend, "en").config == "english"


on_sqlite = pytest.mark.skipif(
    settings.IS_POSTGRES, reason="SQLite's FTS5 index (title norms); CI runs both"
)


@on_sqlite
def test_title_norms_are_refreshed_as_modelsearch_refreshes_them(home):
    """``search/sqlite_ranking.py`` refreshes the title norms in one statement:
    the same rows get the same values as from ``modelsearch``'s own refresh
    (checked again after every upgrade of ``modelsearch``)."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex

    from search.sqlite_ranking import VocabularySQLiteIndex

    titles = ["Rathaus", "Bibliothek am Markt", "Freibad", "Wiese im Stadtpark"]
    for number, title in enumerate(titles):
        home.add_child(instance=StandardPage(title=title, slug=f"norm-{number}"))
    backend = get_search_backend()
    index = backend.index_class(backend)
    assert isinstance(index, VocabularySQLiteIndex)
    pks = list(IndexEntry.objects.order_by("pk").values_list("pk", flat=True))

    def refreshed(refresh, full):
        # new rows (1.0) and rows refreshed before (0.5), both in every run
        IndexEntry.objects.update(title_norm=0.5)
        IndexEntry.objects.filter(pk__in=pks[::2]).update(title_norm=1.0)
        refresh(full=full)
        return list(IndexEntry.objects.order_by("pk").values_list("pk", "title_norm"))

    for full in (False, True):
        stock = refreshed(
            lambda full: SQLiteIndex._refresh_title_norms(index, full), full
        )
        assert refreshed(index._refresh_title_norms, full) == stock
        assert {norm for _pk, norm in stock} - {0.5, 1.0}  # it did change rows
