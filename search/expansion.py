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

from portal.shell import versioned_key
from search.analysis import (
    COMPOUNDING,
    LINKS,
    MIN_PART,
    WORD,
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
from search.models import SynonymGroup
from search.vocabulary import Vocabulary

# At most this many compounds of the content are searched for one word.
MAX_COMPOUNDS = 30
# Up to this many candidates, what is left around a word may itself be a
# compound ("Lärm" in "Lärmaktionsplan": "Aktion" + "s" + "Plan").
SPLIT_REMAINDERS = 40


@dataclass
class ReadWord:
    """One word of a query and what it stands for in the content.

    ``own``: the word itself in the content's shapes — as typed, in other
    spellings and forms, and the compounds containing it; ``parts``: if it
    is a compound, its parts (each in its own shapes). ``synonyms``: the
    editors' synonyms, read the same way (``synonym_words``, and
    ``synonym_combinations`` for synonyms of several words and for parts
    with their synonyms).
    """

    text: str
    typed: str = ""  # as typed (with its capitals)
    own: list[str] = field(default_factory=list)
    parts: list[list[str]] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    synonym_words: list[str] = field(default_factory=list)
    synonym_combinations: list[list[list[str]]] = field(default_factory=list)

    @property
    def alternatives(self):
        return list(dict.fromkeys([*self.own, *self.synonym_words]))

    @property
    def combinations(self):
        return (
            [self.parts, *self.synonym_combinations]
            if self.parts
            else list(self.synonym_combinations)
        )

    @property
    def has_synonyms(self):
        return bool(self.synonym_words or self.synonym_combinations)

    def query(self, relaxed=False, level=2):
        """Any alternative, or all words of a combination; with ``relaxed``
        any word of a combination too (one part of a compound). ``level`` 0:
        only the word itself; 1: also its parts; 2: also its synonyms."""
        alternatives = self.alternatives if level >= 2 else self.own
        if level >= 2:
            combinations = self.combinations
        else:
            combinations = [self.parts] if self.parts and level >= 1 else []
        if relaxed:
            found = list(alternatives)
            for combination in combinations:
                found.extend(form for forms in combination for form in forms)
            return _any(list(dict.fromkeys(found)))
        options = [PlainText(word) for word in alternatives]
        for combination in combinations:
            options.append(_all([_any(forms) for forms in combination]))
        return _any_query(options)


@dataclass
class ReadQuery:
    language: str
    words: list[ReadWord] = field(default_factory=list)
    task: bool = False  # the query asks for a service ("Antrag", "anmelden")
    # what was read from the vocabulary (search.vocabulary.Vocabulary)
    vocabulary: object = field(default=None, repr=False, compare=False)
    # the queries built so far, by level (see ``_built``)
    built: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _built(self, key, build):
        """The same query object each time it is asked for: the database
        parses an expanded query once per object (``search.backends``), and a
        search asks for the same tiers for its pages and for each model of
        objects ("Haushalt 2027": each tier parsed three times, #21)."""
        if key not in self.built:
            self.built[key] = build()
        return self.built[key]

    def query(self, relaxed=False):
        """All words (each in any of its meanings); with ``relaxed`` any of them,
        for when nothing has them all ("Fisch kaufen")."""
        if not self.words:
            return None
        if relaxed:
            return self._built(
                "relaxed",
                lambda: _any_query([word.query(relaxed=True) for word in self.words]),
            )
        return self.tier(2)

    def tier(self, level):
        """All words, each up to ``level`` (see :meth:`ReadWord.query`)."""
        return self._built(
            level, lambda: _all([word.query(level=level) for word in self.words])
        )

    def tiers(self):
        """Queries from the narrowest to :meth:`query`: the words themselves
        (in any spelling or form, alone or in compounds), then also as the
        parts of a compound, then also through synonyms. Pages found by a
        narrower query are shown first."""
        levels = [0]
        if any(word.parts for word in self.words):
            levels.append(1)
        if any(word.has_synonyms for word in self.words):
            levels.append(2)
        if len(levels) == 1:
            return []
        levels[-1] = 2
        return [self.tier(level) for level in levels]

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
    key = versioned_key("search-synonyms", locale.pk)
    groups = cache.get(key)
    if groups is None:
        groups = [
            group.term_list() for group in SynonymGroup.objects.filter(locale=locale)
        ]
        cache.set(key, groups, 60 * 60)
    return groups


class Reader:
    """Reads queries of one language against its vocabulary and synonyms."""

    def __init__(self, language, synonyms=(), vocabulary=None):
        self.language = language
        self.vocabulary = vocabulary or Vocabulary(language)
        self.synonyms = [
            [(term, [fold(word) for word in words(term)]) for term in group]
            for group in synonyms
        ]

    def read(self, query):
        typed = query_words(query, self.language)
        tasks = [word for word in typed if is_task_word(word, self.language)]
        wanted = [word for word in typed if word not in tasks] or typed
        self.prefetch(wanted)
        read = ReadQuery(self.language, task=bool(tasks), vocabulary=self.vocabulary)
        as_typed = {word.lower(): word for word in WORD.findall(query)}
        for word in wanted:
            read_word = self.read_word(word)
            read_word.typed = as_typed.get(word, word)
            read.words.append(read_word)
        return read

    def prefetch(self, wanted):
        """Read from the vocabulary all that :meth:`read_word` needs for the
        words ``wanted``, in at most three queries instead of a few per word
        (#21): (1) the forms of the words and of their synonyms, the
        compounds containing them and the keys that could be their parts;
        (2) what is left around them in those compounds, and the forms and
        compounds of the parts (and of the parts' synonyms); (3) what is
        left around the parts in their compounds."""
        vocabulary = self.vocabulary
        words_ = list(wanted)
        # forms only: the words of synonyms of several words ("Zelten am See")
        combination_words = []
        for word in wanted:
            for term in self.synonyms_of(word):
                term_words = query_words(term, self.language)
                if len(term_words) == 1:
                    words_.append(term_words[0])
                else:
                    combination_words += term_words
        splits = set()
        for word in wanted:
            splits |= split_candidates(fold(word), self.language)
        vocabulary.fetch(
            keys=self._form_keys([*words_, *combination_words])
            | {key for key in splits if len(key) >= MIN_PART},
            containing=self._stem_keys(words_),
        )
        parts = []
        for word in wanted:
            for part in self.parts(word):
                parts.append(part)
                parts += [
                    query_words(term, self.language)[0]
                    for term in self.synonyms_of(part)
                    if len(query_words(term, self.language)) == 1
                ]
        vocabulary.fetch(
            keys=self._remainder_keys(words_) | self._form_keys(parts),
            containing=self._stem_keys(parts),
        )
        vocabulary.fetch(keys=self._remainder_keys(parts))

    def _form_keys(self, words_):
        found = set()
        for word in words_:
            key = fold(word)
            found |= {key} | inflections(key, self.language)
        return found

    def _stem_keys(self, words_):
        if self.language not in COMPOUNDING:
            return set()
        return {
            key
            for word in words_
            for key in stems(fold(word), self.language)
            if len(key) >= MIN_PART
        }

    def _remainder_keys(self, words_):
        found = set()
        for key in self._stem_keys(words_):
            candidates = self.vocabulary.containing(key)
            found |= {
                item
                for item in self._remainders(key, candidates)
                if len(item) >= MIN_PART
            }
        return found

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
        known = self.vocabulary.known(self._remainders(key, candidates))
        return [
            other
            for other, candidate in candidates
            if contains_as_part(candidate, key, known, self.language)
        ]

    def _remainders(self, key, candidates):
        """The keys that what is left around ``key`` in the ``candidates``
        could be, if it is a word."""
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
        return remainders

    def parts(self, word):
        """The parts of ``word`` if it is a compound of known words."""
        key = fold(word)
        candidates = split_candidates(key, self.language)
        if not candidates:
            return []
        known = self.vocabulary.known(candidates)
        return compound_parts(key, known, self.language)

    def read_word(self, word):
        read = ReadWord(text=word, own=self.own_words(word))
        for term in self.synonyms_of(word):
            read.synonyms.append(term)
            term_words = query_words(term, self.language)
            if len(term_words) == 1:
                read.synonym_words += self.own_words(term_words[0])
            elif term_words:  # "Zelten am See": all its words
                read.synonym_combinations.append(
                    [self.forms(item) for item in term_words]
                )
        read.synonym_words = [
            item for item in dict.fromkeys(read.synonym_words) if item not in read.own
        ]
        parts = self.parts(word)
        if parts:
            # Each part read like a word of its own ("Mülltonne": "Müll" with
            # "Müllabfuhr" and "Tonne"); with their synonyms in a second
            # combination ("Fahrradverleih": "Rad" + "Verleih").
            read.parts = [self.own_words(part) for part in parts]
            with_synonyms = [
                list(
                    dict.fromkeys(
                        own
                        + [
                            synonym_word
                            for term in self.synonyms_of(part)
                            if len(query_words(term, self.language)) == 1
                            for synonym_word in self.own_words(
                                query_words(term, self.language)[0]
                            )
                        ]
                    )
                )
                for part, own in zip(parts, read.parts, strict=True)
            ]
            if with_synonyms != read.parts:
                read.synonym_combinations.append(with_synonyms)
        return read

    def own_words(self, word):
        """The word in the content's shapes: its forms and the compounds
        that contain it."""
        return list(dict.fromkeys(self.forms(word) + self.compounds(word)))

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


def read_query(query, locale, vocabulary=None):
    """The :class:`ReadQuery` of a visitor's query in ``locale``'s language
    (``vocabulary``: one that was read already, e.g. for the same search)."""
    language = locale.language_code.split("-")[0]
    if vocabulary is not None and vocabulary.language != language:
        vocabulary = None
    return Reader(language, synonym_groups(locale), vocabulary).read(query)
