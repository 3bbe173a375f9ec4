"""The vocabulary of the indexed content: every word, per language.

Recorded while objects are indexed (the search backends of ``search.backends``
call :func:`add_objects` after writing their index rows, for single saves,
``update_index`` and bulk loads alike), so it always covers what the index
holds. Words of objects that were deleted stay until :func:`rebuild`
(``manage.py search_vocabulary``); they only cost a look-up, since a query
expanded to a word that no live page contains finds nothing more.

The look-ups (:class:`Vocabulary`) serve ``search.expansion``: spellings and
inflected forms of a word, compounds that contain it, the parts of a compound,
and close words for typos. On PostgreSQL a trigram index on the keys
(migration ``0005``) serves the look-ups inside words and the typo
candidates; SQLite reads the (small) vocabulary of its language.
"""

import difflib

from django.db import connection
from django.db.models.functions import Length
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from wagtail.models import Locale

from search.analysis import MIN_PART, fold, shipped_words, words
from search.models import SearchWord

# How many words inside which a query word was found are read per look-up.
CONTAINING_LIMIT = 400
# Lowest similarity (difflib ratio of the keys) of a typo correction.
TYPO_SIMILARITY = 0.75
# At most this many typo candidates of each kind are compared (SQLite: those
# beginning with the same letter, then those ending the same; PostgreSQL: the
# most similar by trigrams).
TYPO_CANDIDATES = 2000


def _prepare(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_prepare(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_prepare(item) for item in value.values())
    return "" if value is None else str(value)


def _field_texts(obj, fields):
    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            yield _prepare(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _field_texts(item, field.fields)


def searchable_text(obj):
    """The text an object contributes to the index (its ``search_fields``)."""
    return " ".join(_field_texts(obj, obj.get_search_fields()))


def _languages():
    return dict(Locale.objects.values_list("pk", "language_code"))


def add_objects(objects):
    """Record the words of indexed objects that belong to a language."""
    languages = None
    rows = {}
    for obj in objects:
        locale_id = getattr(obj, "locale_id", None)
        if locale_id is None:
            continue
        if languages is None:
            languages = _languages()
        language = languages.get(locale_id)
        if not language:
            continue
        for word in words(searchable_text(obj)):
            rows.setdefault((language, word), fold(word))
    if rows:
        SearchWord.objects.bulk_create(
            [
                SearchWord(language=language, word=word, key=key[:64])
                for (language, word), key in rows.items()
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
    return len(rows)


def rebuild(chunk_size=1000):
    """Forget every word and record those of all indexed objects again."""
    from modelsearch.index import get_indexed_models

    SearchWord.objects.all().delete()
    for model in get_indexed_models():
        # Page types list only their own pages (Wagtail's get_indexed_objects).
        queryset = model.get_indexed_objects().order_by("pk")
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            add_objects(queryset.filter(pk__in=ids[start : start + chunk_size]))
    return SearchWord.objects.count()


def _prefix_range(prefix):
    """Lookups for the keys that begin with ``prefix`` as a range (an index
    serves it; SQLite's ``LIKE`` is case-insensitive and uses none)."""
    return {"key__gte": prefix, "key__lt": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


class Vocabulary:
    """Look-ups in the words of one language.

    What was read is kept (per instance, so per search): :meth:`fetch` reads
    the words of many keys and the words containing many keys in one query,
    and :meth:`words_by_key`, :meth:`known` and :meth:`containing` answer
    from what was fetched (a key not fetched yet costs a query of its own).
    ``search.expansion.Reader`` fetches what a query needs in two or three
    rounds (#21).
    """

    def __init__(self, language):
        self.language = language
        self.shipped = shipped_words(language)
        self._by_key = {}  # key → [word, …] ([] if no word of the content)
        self._containing = {}  # key → [(word, key), …]
        self._order = {}  # key → its place in the database's order of keys

    def _words(self):
        return SearchWord.objects.filter(language=self.language)

    def fetch(self, keys=(), containing=()):
        """Read the words of ``keys`` and the words whose key contains one of
        ``containing`` (at most ``CONTAINING_LIMIT`` each, shortest first),
        all that was not read before, in one query."""
        keys = sorted({key for key in keys if key and key not in self._by_key})
        containing = sorted(
            {key for key in containing if key and key not in self._containing}
        )
        if not keys and not containing:
            return
        table = connection.ops.quote_name(SearchWord._meta.db_table)
        like = connection.operators["contains"]
        selects, params = [], []
        if keys and connection.vendor == "postgresql":
            # one array parameter instead of one per key (hundreds: the
            # forms and possible parts of a query's words), which psycopg
            # splits and quotes one by one (#21)
            selects.append(
                f"SELECT word, key, '' AS inside FROM {table} "  # noqa: S608 - placeholders only
                "WHERE language = %s AND key = ANY(%s::varchar[])"
            )
            params += [self.language, keys]
        elif keys:
            selects.append(
                f"SELECT word, key, '' AS inside FROM {table} "  # noqa: S608 - placeholders only
                f"WHERE language = %s AND key IN ({', '.join(['%s'] * len(keys))})"
            )
            params += [self.language, *keys]
        for number, key in enumerate(containing):
            selects.append(
                f"SELECT * FROM (SELECT word, key, %s AS inside FROM {table} "  # noqa: S608 - placeholders only
                f"WHERE language = %s AND key {like} AND key <> %s "
                f"ORDER BY key, word LIMIT {CONTAINING_LIMIT}) AS inside_{number}"
            )
            params += [
                key,
                self.language,
                f"%{connection.ops.prep_for_like_query(key)}%",
                key,
            ]
        with connection.cursor() as cursor:
            # The order of each containing look-up is the database's (as
            # with one query per key): which 400 and which compounds first.
            cursor.execute(" UNION ALL ".join(selects) + " ORDER BY 3, 2, 1", params)
            rows = cursor.fetchall()
        for key in keys:
            self._by_key[key] = []
        for key in containing:
            self._containing[key] = []
        for word, key, inside in rows:
            if inside:
                self._containing[inside].append((word, key))
            else:
                self._order.setdefault(key, len(self._order))
                self._by_key[key].append(word)

    def words_by_key(self, keys):
        """``{key: [word, …]}`` for the keys that occur in the content."""
        keys = {key for key in keys if key}
        self.fetch(keys=keys)
        # in the order of the keys (the database's), not of a set
        found = sorted((key for key in keys if self._by_key[key]), key=self._order.get)
        return {key: self._by_key[key] for key in found}

    def known(self, keys):
        """The keys that are words: of the content or the shipped list."""
        keys = set(keys)
        long = {key for key in keys if len(key) >= MIN_PART}
        self.fetch(keys=long)
        present = {key for key in long if self._by_key[key]}
        return present | (keys & self.shipped.keys())

    def containing(self, key):
        """``[(word, key)]`` of words whose key contains ``key``, shortest first."""
        self.fetch(containing=[key])
        return list(self._containing[key])

    def close(self, key, limit=3):
        """Words whose key is close to ``key`` (a typo), closest first."""
        if len(key) < 4:
            return []
        if connection.vendor == "postgresql":
            candidates = self._trigram_candidates(key)
        else:
            candidates = self._close_candidates(key)
        # The shipped words count too: "Bibliotek" → "Bibliothek", which the
        # content may only have inside "Stadtbibliothek".
        candidates = [*candidates, *((word, k) for k, word in self.shipped.items())]
        scored = []
        for word, candidate in candidates:
            if candidate == key:
                continue
            ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
            if ratio >= TYPO_SIMILARITY:
                scored.append((-ratio, len(word), word))
        return [word for _ratio, _length, word in sorted(scored)[:limit]]

    def _close_candidates(self, key):
        """Typo candidates without trigrams (SQLite): words of about the same
        length that begin with the key's first two letters, with its first
        letter, or end with its last two, at most ``TYPO_CANDIDATES`` of each
        kind. Beginnings are ranges of the ``(language, key)`` index and the
        length a plain comparison: no regular expression over the vocabulary."""
        same_length = (
            self._words()
            .annotate(key_length=Length("key"))
            .filter(key_length__range=(max(1, len(key) - 2), len(key) + 2))
        )
        two, one = _prefix_range(key[:2]), _prefix_range(key[:1])
        groups = (
            same_length.filter(**two),
            same_length.filter(**one).exclude(**two),
            same_length.filter(key__endswith=key[-2:]).exclude(**one),
        )
        found = []
        for group in groups:
            found += group.order_by("key").values_list("word", "key")[:TYPO_CANDIDATES]
        return found

    def _trigram_candidates(self, key):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, key FROM portal_search_searchword "
                "WHERE language = %s AND key %% %s "
                "ORDER BY similarity(key, %s) DESC LIMIT 50",
                [self.language, key, key],
            )
            return cursor.fetchall()
