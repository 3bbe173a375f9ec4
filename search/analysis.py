"""How search reads words: folding, inflection, compounds and stop words.

Pure functions without database access, used on both sides of the search:
``search.vocabulary`` stores the words of the indexed content with their
``fold`` key, and ``search.expansion`` reads a visitor's query with the same
rules, so the index and the query always agree.

- ``fold``: one key for the spellings of a word. Lower case, umlauts written
  with or without their dots or as "ae/oe/ue", "ß" or "ss" all give the same
  key ("Straße", "Strasse" → ``strase``; "Bürgerbüro", "Buergerbuero",
  "Burgerburo" → ``burgerburo``).
- ``inflections``: keys of the same word with another ending (plural, case),
  per language ("Badestellen" ↔ "Badestelle", "churches" ↔ "church").
- ``split_points`` / ``compound_parts``: German compounds are read as their
  parts when every part is a known word (of the content or the shipped
  word list ``search/data/de_words.txt``), with linking letters between them
  ("Abfuhrtermine" = "Abfuhr" + "termine", "Ordnungsamt" = "Ordnung" + "s" +
  "amt").
"""

import functools
import re
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORD = 2
MAX_WORD = 64
MIN_PART = 3

# Languages whose words form compounds (written as one word).
COMPOUNDING = {"de"}

# Endings that inflect a word (plural, case, verb forms), longest first.
ENDINGS = {
    "de": ("ern", "nen", "en", "er", "es", "e", "n", "s"),
    "en": ("ies", "ing", "es", "ed", "s"),
}
# Endings that derive a related word ("Bäcker" → "Bäckerei", "barrierefrei" →
# "Barrierefreiheit"): a word with one of them still contains the query word.
DERIVATIONS = {
    "de": ("erei", "innen", "schaft", "heit", "keit", "ei", "in"),
    "en": ("ers", "er", "ry"),
}
# Linking letters between the parts of a German compound (*Fugenelemente*).
LINKS = ("ens", "es", "en", "er", "n", "s", "e")


def _listed(text):
    return set(text.split())


# Words that say nothing about what is wanted; dropped from a query when
# other words remain ("Zelten am See" → "Zelten See").
STOP_WORDS = {
    "de": _listed(
        """
        aber alle als am an auch auf aus bei beim bin bis da das dass dem den der
        des die dies diese dieser doch du ein eine einem einen einer eines er es
        für gibt habe haben hat ich ihr im in ins ist ja kann man mein meine
        meinen meiner mit nach nicht noch nur ob oder sich sie sind so über um
        und uns unter vom von vor was welche wer wie wo zu zum zur
        """
    ),
    "en": _listed(
        """
        a about an and are as at be by can do does for from get how i in into is
        it me my of on or our the their there this to what when where which who
        with you your
        """
    ),
}

# Words with which citizens ask for an administrative service: with one of
# them in the query, the best service matches come first.
TASK_WORDS = {
    "de": _listed(
        """
        antrag anträge antragsformular beantragen beantrage beantragt anmelden
        anmeldung abmelden abmeldung ummelden ummeldung melden formular
        formulare bescheinigung online verlängern
        """
    ),
    "en": _listed(
        """
        apply application applications register registration form forms
        certificate renew online
        """
    ),
}


@functools.lru_cache(maxsize=65536)
def fold(word):
    """The matching key of a word: lower case, without accents, umlauts and ß
    reduced ("Straße", "Strasse" → ``strase``; "Bürger", "Buerger" → ``burger``)."""
    word = word.lower().replace("ß", "ss")
    word = "".join(
        char
        for char in unicodedata.normalize("NFKD", word)
        if not unicodedata.combining(char)
    )
    for written, plain in (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s")):
        word = word.replace(written, plain)
    return word


def words(text):
    """The words of ``text`` in lower case (letters only, 2 to 64 of them)."""
    return [
        word.lower()
        for word in WORD.findall(text or "")
        if MIN_WORD <= len(word) <= MAX_WORD
    ]


def query_words(query, language):
    """The words of a query without stop words (all of them if only stop
    words were typed)."""
    found = words(query)
    stop = STOP_WORDS.get(language, set())
    meaningful = [word for word in found if word not in stop]
    return meaningful or found


def inflections(key, language):
    """Keys of other forms of the word with key ``key`` (both directions:
    "badestelle" → "badestellen", "kirchen" → "kirche")."""
    endings = ENDINGS.get(language, ())
    forms = {key + fold(ending) for ending in endings}
    for ending in endings:
        ending = fold(ending)
        if key.endswith(ending) and len(key) - len(ending) >= MIN_PART:
            stem = key[: -len(ending)]
            forms.add(stem)
            forms.update(stem + fold(other) for other in endings)
    if language == "en" and key.endswith("ies") and len(key) > 4:
        forms.add(key[:-3] + "y")
    if language == "en" and key.endswith("y"):
        forms.add(key[:-1] + "ies")
    forms.discard(key)
    return forms


def stems(key, language):
    """``key`` and the keys left when an ending is taken off (at least four
    letters): "paddeln" → "paddel", "badestellen" → "badestelle"."""
    found = [key]
    for ending in ENDINGS.get(language, ()):
        ending = fold(ending)
        if key.endswith(ending) and len(key) - len(ending) >= MIN_PART + 1:
            found.append(key[: -len(ending)])
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=65536)
def part_forms(part, language):
    """Keys under which a compound part may be a known word: itself, without a
    linking letter ("ordnungs" → "ordnung"), as a verb stem ("sperr" →
    "sperren") or without its ending ("termine" → "termin"). Cached (a
    query's compound splitting asks for thousands of them: #21)."""
    forms = {part}
    for link in LINKS:
        if part.endswith(link) and len(part) - len(link) >= MIN_PART:
            forms.add(part[: -len(link)])
    forms.update({part + "en", part + "n", part + "e"})
    for ending in ENDINGS.get(language, ()):
        ending = fold(ending)
        if part.endswith(ending) and len(part) - len(ending) >= MIN_PART:
            forms.add(part[: -len(ending)])
    return frozenset(forms)


@functools.lru_cache(maxsize=4096)
def split_candidates(key, language):
    """Every substring of ``key`` that could be a compound part, with the
    forms under which it would be a known word (for one look-up; cached)."""
    if language not in COMPOUNDING or len(key) < 2 * MIN_PART:
        return frozenset()
    forms = set()
    for start in range(len(key)):
        for end in range(start + MIN_PART, len(key) + 1):
            if start == 0 and end == len(key):
                continue
            forms |= part_forms(key[start:end], language)
    return frozenset(forms)


def is_part(part, known, language):
    return len(part) >= MIN_PART and bool(part_forms(part, language) & known)


def compound_parts(key, known, language):
    """The parts of a compound whose parts are all ``known`` keys, fewest
    parts first (then the longest head), or ``[]`` if it is no compound."""
    if language not in COMPOUNDING or len(key) < 2 * MIN_PART:
        return []

    @functools.cache
    def best(start):
        # The fewest parts covering key[start:], each one known.
        if start == len(key):
            return ()
        options = []
        for end in range(start + MIN_PART, len(key) + 1):
            part = key[start:end]
            if (start, end) == (0, len(key)):
                continue
            if not is_part(part, known, language):
                continue
            rest = best(end)
            if rest is not None:
                options.append((part, *rest))
        if not options:
            return None
        # Fewest parts, then the most even ones ("fahrrad|verleih" rather
        # than "fahr|radverleih").
        return min(options, key=lambda parts: (len(parts), -min(map(len, parts))))

    parts = best(0)
    return list(parts) if parts and len(parts) > 1 else []


def is_rest(rest, known, language):
    """Whether what is left of a word around a query word is a known word, a
    compound of known words, or an ending ("abfuhr", "aktionsplan", "ei")."""
    endings = {fold(ending) for ending in ENDINGS.get(language, ())}
    endings |= {fold(ending) for ending in DERIVATIONS.get(language, ())}
    if rest in endings or is_part(rest, known, language):
        return True
    for link in LINKS:
        if rest.startswith(link) and is_part(rest[len(link) :], known, language):
            return True
    return bool(compound_parts(rest, known, language))


def contains_as_part(candidate, key, known, language):
    """Whether ``candidate`` (a key) is ``key`` inside a compound or with
    another ending: "mullabfuhr" and "sperrmull" contain "mull", "mullern"
    does not when "ern" is no word ("Müller" is no kind of waste)."""
    if candidate == key:
        return False
    start = candidate.find(key)
    while start != -1:
        before, after = candidate[:start], candidate[start + len(key) :]
        before_ok = not before or is_rest(before, known, language)
        after_ok = not after or is_rest(after, known, language)
        if before_ok and after_ok:
            return True
        start = candidate.find(key, start + 1)
    return False


@functools.cache
def shipped_words(language):
    """``{key: word}`` of the word list shipped for ``language``
    (``data/<lang>_words.txt``)."""
    path = DATA / f"{language}_words.txt"
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found[fold(line)] = line.lower()
    return found


def is_task_word(word, language):
    return fold(word) in {fold(task) for task in TASK_WORDS.get(language, ())}
