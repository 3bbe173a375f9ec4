"""Reading a visitor's query: what each word may stand for in the content.

Citizens do not use the administration's words, and German forms compounds.
Every word of a query is read against the vocabulary of the indexed content
(``search.vocabulary``) and the editors' synonyms (``SynonymGroup``), and
searched as the alternatives it stands for:

- its other spellings and forms: "Strassenreinigung" → "Straßenreinigung",
  "Buergerbuero" → "Bürgerbüro", "Badestellen" → "Badestelle";
- the compounds of the content that contain it: "Müll" → "Müllabfuhr",
  "Sperrmüll"; "Fahrrad" → "Fahrradverleih";
- its parts, if it is a compound: "Fahrradverleih" → "Fahrrad" and "Verleih";
- the words of its synonym groups, read the same way: "Müll" → "Abfall",
  "Abfallkalender".

The result is a query of ``modelsearch``'s query classes (``And``, ``Or``,
``PlainText``), which every search backend executes: SQLite, PostgreSQL and
OpenSearch/Elasticsearch behave the same because the reading happens here,
once. Words with which citizens ask for a service ("Antrag", "beantragen",
"anmelden") are not required to occur: they put services first (``task``).
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from modelsearch.query import And, Or, PlainText

from search.analysis import (
    COMPOUNDING,
    LINKS,
    MIN_PART,
    compound_parts,
    contains_as_part,
    fold,
    inflections,
    is_task_word,
    part_forms,
    query_words,
    split_candidates,
    stems,
    words,
)
from search.vocabulary import Vocabulary

# At most this many compounds of the content are searched for one word.
MAX_COMPOUNDS = 30
# Up to this many candidates, what is left around a word may itself be a
# compound ("Lärm" in "Lärmaktionsplan": "Aktion" + "s" + "Plan").
SPLIT_REMAINDERS = 40


@dataclass
class ReadWord:
    text: str
    alternatives: list[str] = field(default_factory=list)
    # Alternatives of several words, each word with its forms: the parts of
    # a compound ("Fahrrad" + "Verleih"), a synonym such as "Zelten am See".
    combinations: list[list[list[str]]] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)

    def query(self, relaxed=False):
        """Any alternative, or all words of a combination (with ``relaxed``:
        any word of a combination, e.g. one part of a compound)."""
        if relaxed:
            found = list(self.alternatives)
            for combination in self.combinations:
                found.extend(form for forms in combination for form in forms)
            return _any(list(dict.fromkeys(found)))
        options = [PlainText(word) for word in self.alternatives]
        for combination in self.combinations:
            options.append(_all([_any(forms) for forms in combination]))
        return _any_query(options)


@dataclass
class ReadQuery:
    language: str
    words: list[ReadWord] = field(default_factory=list)
    task: bool = False  # the query asks for a service ("Antrag", "anmelden")

    def query(self, relaxed=False):
        """All words (each in any of its meanings); with ``relaxed`` any of them,
        for when nothing has them all ("Fisch kaufen", "Abfuhrkalender")."""
        if not self.words:
            return None
        if relaxed:
            return _any_query([word.query(relaxed=True) for word in self.words])
        return _all([word.query() for word in self.words])

    @property
    def text(self):
        return " ".join(word.text for word in self.words)

    def highlight_words(self):
        found = []
        for word in self.words:
            found.extend(word.alternatives)
            for combination in word.combinations:
                found.extend(form for forms in combination for form in forms)
        return found


def _any(words):
    return _any_query([PlainText(word) for word in words])


def _any_query(options):
    return options[0] if len(options) == 1 else Or(options)


def _all(queries):
    return queries[0] if len(queries) == 1 else And(queries)


def synonym_groups(locale):
    """``[[term, …], …]`` of the locale's synonym groups, cached until content
    changes (saving a snippet bumps the content version)."""
    from portal.shell import content_version
    from search.models import SynonymGroup

    key = f"search-synonyms:{content_version()}:{locale.pk}"
    groups = cache.get(key)
    if groups is None:
        groups = [
            group.term_list() for group in SynonymGroup.objects.filter(locale=locale)
        ]
        cache.set(key, groups, 60 * 60)
    return groups


class Reader:
    """Reads queries of one language against its vocabulary and synonyms."""

    def __init__(self, language, synonyms=()):
        self.language = language
        self.vocabulary = Vocabulary(language)
        self.synonyms = [
            [(term, [fold(word) for word in words(term)]) for term in group]
            for group in synonyms
        ]

    def read(self, query):
        typed = query_words(query, self.language)
        tasks = [word for word in typed if is_task_word(word, self.language)]
        wanted = [word for word in typed if word not in tasks] or typed
        read = ReadQuery(self.language, task=bool(tasks))
        for word in wanted:
            read.words.append(self.read_word(word))
        return read

    def forms(self, word):
        """The content's words for ``word``: its spellings and inflected forms."""
        key = fold(word)
        found = self.vocabulary.words_by_key({key} | inflections(key, self.language))
        return [word] + [
            other
            for forms in found.values()
            for other in sorted(forms)
            if other != word
        ]

    def compounds(self, word):
        """The content's compounds that contain ``word`` (or its stem) as a part:
        "Müll" → "Müllabfuhr", "paddeln" → "Paddeltour"."""
        if self.language not in COMPOUNDING:
            return []
        found = []
        for key in stems(fold(word), self.language):
            if len(key) >= MIN_PART:
                found += self._compounds_of_key(key)
        found = [other for other in dict.fromkeys(found) if other != word]
        return sorted(found, key=len)[:MAX_COMPOUNDS]

    def _compounds_of_key(self, key):
        candidates = self.vocabulary.containing(key)
        if not candidates:
            return []
        remainders = set()
        for _word, candidate in candidates:
            start = candidate.find(key)
            while start != -1:
                for rest in (candidate[:start], candidate[start + len(key) :]):
                    if rest:
                        remainders |= part_forms(rest, self.language)
                        remainders |= {
                            form
                            for link in LINKS
                            if rest.startswith(link)
                            for form in part_forms(rest[len(link) :], self.language)
                        }
                        if len(candidates) <= SPLIT_REMAINDERS:
                            # "lärm|aktionsplan": the rest may be a compound
                            remainders |= split_candidates(rest, self.language)
                start = candidate.find(key, start + 1)
        known = self.vocabulary.known(remainders)
        return [
            other
            for other, candidate in candidates
            if contains_as_part(candidate, key, known, self.language)
        ]

    def parts(self, word):
        """The parts of ``word`` if it is a compound of known words."""
        key = fold(word)
        candidates = split_candidates(key, self.language)
        if not candidates:
            return []
        known = self.vocabulary.known(candidates)
        return compound_parts(key, known, self.language)

    def read_word(self, word):
        read = ReadWord(text=word)
        read.alternatives, read.combinations, read.synonyms = self.meanings(word)
        parts = self.parts(word)
        if parts:
            # Each part read like a word of its own ("Mülltonne": "Müll" with
            # "Müllabfuhr", "Abfall" …, and "Tonne").
            read.combinations.append([self.meanings(part)[0] for part in parts])
        return read

    def meanings(self, word):
        """``(alternatives, combinations, synonyms)`` of one word: its forms,
        the compounds that contain it, and its synonyms read the same way."""
        alternatives = self.forms(word) + self.compounds(word)
        combinations, synonyms = [], []
        for term in self.synonyms_of(word):
            synonyms.append(term)
            term_words = query_words(term, self.language)
            if len(term_words) == 1:
                alternatives += self.forms(term_words[0]) + self.compounds(
                    term_words[0]
                )
            elif term_words:  # "Zelten am See": all its words
                combinations.append([self.forms(item) for item in term_words])
        return list(dict.fromkeys(alternatives)), combinations, synonyms

    def synonyms_of(self, word):
        key = fold(word)
        keys = {key} | inflections(key, self.language)
        found = []
        for group in self.synonyms:
            if any(len(folded) == 1 and folded[0] in keys for _term, folded in group):
                found.extend(
                    term
                    for term, folded in group
                    if not (len(folded) == 1 and folded[0] in keys)
                )
        return list(dict.fromkeys(found))


def read_query(query, locale):
    """The :class:`ReadQuery` of a visitor's query in ``locale``'s language."""
    language = locale.language_code.split("-")[0]
    return Reader(language, synonym_groups(locale)).read(query)
