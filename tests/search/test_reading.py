"""What citizens type: compounds, synonyms, spellings, typos and task words.

Factory-built pages (no demo), on SQLite and on PostgreSQL alike: the query is
read in Python against the vocabulary of the indexed content, so both
databases must give the same answers.
"""

import pytest
from wagtail.models import Page

from search.models import SearchWord
from search.query import run_search
from search.vocabulary import Vocabulary, rebuild
from tests.factories import add_page, locale
from tests.search.factories import service_page, synonyms, text_page

pytestmark = pytest.mark.django_db


def urls(outcome):
    return [hit.url for hit in outcome.ranked_hits]


def search(query, language_code="de", **kwargs):
    return run_search(query, locale(language_code), **kwargs)


# --- compounds -------------------------------------------------------------------


def test_a_word_finds_the_compounds_that_contain_it(home):
    waste = text_page(home, "Abfuhrtermine", "Termine der Müllabfuhr im Amt.")
    bulky = text_page(home, "Wertstoffhof", "Annahme von Sperrmüll und Grünschnitt.")
    town = text_page(home, "Ausflug nach Müllrose", "Eine Stadt in Brandenburg.")
    found = urls(search("Müll"))
    assert waste.url in found
    assert bulky.url in found
    # "Müllrose" is no compound of "Müll": "rose" is no known word here.
    assert town.url not in found


def test_a_compound_finds_pages_with_its_parts(home):
    rental = text_page(home, "Radstation", "Fahrrad und E-Bike: Verleih am Bahnhof.")
    canoes = text_page(home, "Kanuverleih Störkanal", "Boote für Familien.")
    other = text_page(home, "Fahrradweg", "Ein Weg für Räder.")
    assert urls(search("Fahrradverleih")) == [rental.url]
    # A part finds the compounds that contain it, as the head or as the start.
    found = urls(search("Verleih"))
    assert canoes.url in found
    assert rental.url in found
    assert other.url not in found


def test_the_word_itself_ranks_before_compounds_parts_and_synonyms(home):
    synonyms("Rad, Fahrrad")
    rental = text_page(home, "Radverleih Crivitz", "Räder für Touren.")
    tour = text_page(home, "Radtour", "Eine Tour durch die Lewitz.")
    exact = text_page(home, "Fahrrad", "Alles über das Fahrrad.")
    found = urls(search("Fahrrad"))
    assert found[0] == exact.url
    assert set(found[1:]) == {rental.url, tour.url}


def test_what_is_left_around_a_word_may_be_a_compound(home):
    plan = text_page(home, "Lärmaktionsplan 2026", "Beteiligung zum Verkehrslärm.")
    assert plan.url in urls(search("Lärm"))
    assert plan.url in urls(search("Laerm"))


def test_a_verb_finds_the_compounds_of_its_stem(home):
    tour = text_page(home, "Paddeltour auf der Warnow", "Mit dem Kanu.")
    assert tour.url in urls(search("paddeln"))


# --- spellings and forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Straßenreinigung in Plate", "Strassenreinigung"),
        ("Strassenfest in Plate", "Straßenfest"),
        ("Neue Zeiten im Bürgerbüro", "Buergerbuero"),
        ("Neue Zeiten im Buergerbuero", "Bürgerbüro"),
        ("Öffnungszeiten der Bibliothek", "Oeffnungszeiten"),
    ],
)
def test_umlauts_and_sharp_s_are_found_in_every_spelling(home, written, typed):
    page = text_page(home, written)
    outcome = search(typed)
    assert urls(outcome) == [page.url]
    assert outcome.exact_matches


def test_plural_and_singular_find_each_other(home):
    places = text_page(home, "Badestellen im Amt", "Alle Badestellen.")
    church = text_page(home, "Dorfkirche", "Eine Kirche aus Feldstein.")
    assert places.url in urls(search("Badestelle"))
    assert church.url in urls(search("Kirchen"))


def test_english_plurals(home_en):
    page = text_page(home_en, "Village churches", "Old churches of the villages.")
    assert page.url in urls(search("church", "en"))


# --- synonyms ---------------------------------------------------------------------


def test_editors_synonyms_apply_at_once_without_reindexing(home):
    page = text_page(home, "Abfuhrtermine", "Wann der Abfall abgeholt wird.")
    assert search("Müll").total == 0 or page.url not in urls(search("Müll"))
    group = synonyms("Müll, Abfall")
    assert page.url in urls(search("Müll"))
    group.terms = "Müll, Unrat"
    group.save()
    assert page.url not in urls(search("Müll"))


def test_synonyms_are_per_language(home, home_en):
    synonyms("rubbish, waste", "en")
    german = text_page(home, "Waste", "waste")
    english = text_page(home_en, "Waste collection", "Dates of the waste collection.")
    assert english.url in urls(search("rubbish", "en"))
    assert german.url not in urls(search("rubbish", "de"))


def test_a_synonym_of_several_words(home):
    synonyms("Zelten, Camping am See")
    camp = text_page(home, "Campingplatz", "Camping direkt am See.")
    assert camp.url in urls(search("Zelten"))


def test_synonym_groups_need_two_words():
    from django.core.exceptions import ValidationError

    from search.models import SynonymGroup

    group = SynonymGroup(locale=locale("de"), terms="Müll, ,  müll")
    assert group.term_list() == ["Müll"]
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "mindestens zwei" in str(error.value)


# --- typos ------------------------------------------------------------------------


def test_a_typo_is_corrected_and_its_results_are_shown(home):
    kita = text_page(home, "Neue Kita in Plate", "Die Kita öffnet im Januar.")
    outcome = search("Kitta")
    assert outcome.corrected
    assert outcome.suggestion == "Kita"
    assert urls(outcome) == [kita.url]
    assert not outcome.exact_matches  # still counted as a search without results


def test_a_typo_of_a_word_only_inside_a_compound(home):
    library = text_page(home, "Stadtbibliothek Crivitz", "Bücher und Filme.")
    outcome = search("Bibliotek")
    assert outcome.corrected
    assert urls(outcome) == [library.url]


def test_a_typo_is_corrected_among_many_words_of_its_length(monkeypatch):
    """The typo candidates are bounded (at most ``TYPO_CANDIDATES`` of each
    kind, no expression over the whole vocabulary) and still hold the
    correction: the words with the typo's first two letters come first."""
    from search import vocabulary as vocabulary_module

    monkeypatch.setattr(vocabulary_module, "TYPO_CANDIDATES", 20)
    fillers = [
        f"k{second}{third}{fourth}"
        for second in "abcdefgh"
        for third in "lmnoprs"
        for fourth in "uvw"
    ]
    SearchWord.objects.bulk_create(
        [SearchWord(language="de", word=word.title(), key=word) for word in fillers]
        + [SearchWord(language="de", word="Kita", key="kita")]
    )
    vocabulary = Vocabulary("de")
    candidates = vocabulary._close_candidates("kitta")
    assert len(candidates) <= 3 * 20
    assert ("Kita", "kita") in candidates
    assert vocabulary.close("kitta", limit=1) == ["Kita"]


def test_no_correction_from_words_of_unpublished_pages(home):
    from home.models import StandardPage

    add_page(home, StandardPage, live=False, title="Geheimprojekt Zauberwald")
    outcome = search("Zauberwlad")
    assert outcome.total == 0
    assert not outcome.suggestion


# --- task words and services --------------------------------------------------------


def test_task_words_put_the_best_services_first(home):
    dogs = text_page(home, "Hundewiese am See", "Hier dürfen Hunde frei laufen.")
    service = service_page(home, "Hund anmelden", "Melden Sie Ihren Hund an.")
    outcome = search("Antrag Hund")
    assert urls(outcome)[0] == service.url
    assert [hit.url for hit in outcome.best_services] == [service.url]
    assert dogs.url in urls(outcome)
    # Without a task word the order is relevance only.
    assert not search("Hund").best_services


def test_service_pages_are_found_by_their_search_terms(home):
    service = service_page(
        home,
        "Meldebescheinigung beantragen",
        "Bescheinigung über Ihre Wohnung.",
        search_terms="Wohnsitzbescheinigung, Meldebestätigung",
    )
    assert urls(search("Meldebestätigung")) == [service.url]
    assert urls(search("Wohnsitzbescheinigung")) == [service.url]
    hit = search("Meldebestätigung").ranked_hits[0]
    assert hit.kind == "service"
    assert str(hit.type_label) == "Leistung"


# --- relaxed fallback -----------------------------------------------------------------


def test_pages_with_some_of_the_words_when_none_has_all(home):
    fish = text_page(home, "Fischerei Cambs", "Frischer Fisch vom See.")
    outcome = search("Fisch kaufen")
    assert outcome.relaxed
    assert urls(outcome)[0] == fish.url


# --- the vocabulary -------------------------------------------------------------------


def test_the_vocabulary_records_indexed_words_per_language(home, home_en):
    text_page(home, "Kranichbeobachtung", "Kraniche in der Lewitz.")
    text_page(home_en, "Crane watching", "Cranes in the Lewitz.")
    assert Vocabulary("de").words_by_key(["kranichbeobachtung"]) == {
        "kranichbeobachtung": ["kranichbeobachtung"]
    }
    assert SearchWord.objects.filter(language="en", word="cranes").exists()
    assert not SearchWord.objects.filter(language="de", word="cranes").exists()


def test_rebuild_forgets_words_of_deleted_pages(home):
    page = text_page(home, "Zaunkönigwiese")
    Page.objects.filter(pk=page.pk).delete()
    assert SearchWord.objects.filter(word="zaunkönigwiese").exists()
    rebuild()
    assert not SearchWord.objects.filter(word="zaunkönigwiese").exists()


# --- other engines ------------------------------------------------------------------


def test_an_opensearch_backend_records_the_vocabulary_too(home):
    """With SEARCH_URLS, Wagtail's OpenSearch/Elasticsearch backend is wrapped so
    that its index records the words as the database backends do (the query
    side then reads queries the same way). A stand-in engine: no cluster here."""
    from search.backends import with_vocabulary

    class EngineIndex:
        def __init__(self):
            self.documents = []

        def add_item(self, item):
            self.documents.append(item)

        def add_items(self, model, items):
            self.documents.extend(items)

    class EngineBackend:
        index_class = EngineIndex

    index = with_vocabulary(EngineBackend).index_class()
    page = text_page(home, "Kanuverleih")
    SearchWord.objects.all().delete()
    index.add_items(type(page), [page])
    assert index.documents == [page]
    assert SearchWord.objects.filter(language="de", word="kanuverleih").exists()
    SearchWord.objects.all().delete()
    index.add_item(page)
    assert SearchWord.objects.filter(language="de", word="kanuverleih").exists()
