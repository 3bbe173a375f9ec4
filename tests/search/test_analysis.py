"""How search reads words (search/analysis.py): pure functions, no database."""

import pytest

from search.analysis import (
    compound_parts,
    contains_as_part,
    fold,
    inflections,
    is_task_word,
    query_words,
    shipped_words,
    words,
)


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Straße", "Strasse", "STRASSE"], "strase"),
        (["Bürgerbüro", "Buergerbuero", "Burgerburo"], "burgerburo"),
        (["Lärm", "Laerm", "Larm"], "larm"),
        (["Öffnungszeiten", "Oeffnungszeiten"], "offnungszeiten"),
        (["Café", "Cafe"], "cafe"),
    ],
)
def test_every_spelling_of_a_word_folds_to_one_key(spellings, key):
    assert {fold(spelling) for spelling in spellings} == {key}


def test_words_are_letters_in_lower_case():
    assert words("Kita-Plätze 2026: Anmeldung!") == ["kita", "plätze", "anmeldung"]


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert query_words("Zelten am See", "de") == ["zelten", "see"]
    assert query_words("the campsite", "en") == ["campsite"]
    assert query_words("wie und", "de") == ["wie", "und"]


def test_inflections_go_both_ways():
    assert "badestelle" in inflections("badestellen", "de")
    assert "badestellen" in inflections("badestelle", "de")
    assert "kirche" in inflections("kirchen", "de")
    assert "church" in inflections("churches", "en")
    assert "library" in inflections("libraries", "en")


def test_a_compound_is_read_as_its_known_parts():
    known = {fold(word) for word in ("fahrrad", "fahr", "rad", "verleih", "radverleih")}
    # The most even split of the fewest parts.
    assert compound_parts(fold("Fahrradverleih"), known, "de") == ["fahrrad", "verleih"]
    # Linking letters: "Ordnung" + "s" + "amt".
    assert compound_parts("ordnungsamt", {"ordnung", "amt"}, "de") == [
        "ordnungs",
        "amt",
    ]
    # Not a compound of known words; English does not compound.
    assert compound_parts("kirchen", {"kirche"}, "de") == []
    assert compound_parts("bikerental", {"bike", "rental"}, "en") == []


def test_a_word_inside_a_compound_needs_known_words_around_it():
    known = {"abfuhr", "sperr", "sperren", "termin"}
    assert contains_as_part("mullabfuhr", "mull", known, "de")
    assert contains_as_part("sperrmull", "mull", known, "de")
    # "Müller" is no kind of waste: "er" is an ending, but "mullern"'s
    # rest "ern" is neither an ending of "mull" nor a word.
    assert not contains_as_part("mullxyz", "mull", known, "de")
    assert not contains_as_part("mull", "mull", known, "de")
    # Derived words: "Bäcker" → "Bäckerei".
    assert contains_as_part(fold("bäckerei"), fold("bäcker"), set(), "de")


def test_task_words():
    assert is_task_word("Antrag", "de")
    assert is_task_word("beantragen", "de")
    assert is_task_word("apply", "en")
    assert not is_task_word("Hund", "de")


def test_the_shipped_word_list_is_folded():
    words_de = shipped_words("de")
    assert words_de[fold("Müll")] == "müll"
    assert fold("Straße") in words_de
    assert shipped_words("xx") == {}
