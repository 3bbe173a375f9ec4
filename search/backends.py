"""Wagtail's database search backend, with one text search configuration per language.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends",
"SEARCH_CONFIG": "german", "LANGUAGE_CONFIGS": {"de": "german", "en": "english"}}}``

On PostgreSQL, an object is indexed with the configuration of its own locale's
language (``to_tsvector('english', …)`` for an English page, ``'german'`` for a
German one; objects without a locale, and languages without an entry, use
``SEARCH_CONFIG``), and ``backend.for_language(code)`` returns the backend that
parses queries with that language's configuration. The index stays one table
with one row per object; the search filters by locale, so the configurations
never meet in one result list.

Every index write also records the object's words in the search vocabulary
(``search.vocabulary``), which the query side reads (``search.expansion``).

With ``"ENGINE": "opensearch2"`` (or another of Wagtail's OpenSearch and
Elasticsearch backends; settings ``SEARCH_URLS``/``SEARCH_BACKEND``) it is that
backend, recording the vocabulary too (:func:`with_vocabulary`), so the query
side reads every query the same way on every backend.

On SQLite (FTS5) it is Wagtail's SQLite backend ranking title and body apart,
weighted as on PostgreSQL (``search/sqlite_ranking.py``); FTS5 has no stemmers, so ``for_language``
returns the backend itself. Other databases get Wagtail's database backend.

The subclass only uses the index's ``add_items(model, objects)`` and the
backend's ``config`` attribute, which both ``modelsearch``'s indexer and its
query compiler read; no private method is overridden.
"""

import copy
from collections import defaultdict

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models.sql import Query
from django.utils.module_loading import import_string
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import And, Or

from search import vocabulary


class PerLanguageIndex(PostgresIndex):
    def add_items(self, model, objs):
        objs = list(objs)
        groups = defaultdict(list)
        languages = self.backend.locale_languages()
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups[self.backend.config_for_language(language)].append(obj)
        for config, group in groups.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)
        vocabulary.add_objects(objs)


class ParsedQuery(SearchQuery):
    """A ``tsquery`` already parsed by the database (its text, cast back)."""

    def __init__(self, text):
        super().__init__(text, search_type="raw")
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return ("!!(%s::tsquery)" if self.invert else "%s::tsquery"), [self.text]


class ExpandedQueryCompiler(PostgresSearchQueryCompiler):
    """Ranks a query of many words (``And``/``Or``, as ``search.expansion``
    builds them) with one ``ts_rank`` over the whole query, instead of one per
    word and combination: the same order of matches, without building (and
    computing) dozens of rank expressions per search.

    Such a query is parsed by the database once per configuration (its
    ``tsquery`` as text, kept on the query object) and then passed to every
    query of the search as that text, cast back (#21): a search of an expanded
    word ("Badestelle": its forms, compounds and synonyms) runs about a dozen
    queries, and building and sending the expression of every word for each
    of them cost more CPU than the database took."""

    def build_tsquery(self, query, config=None):
        if not isinstance(query, (And, Or)):
            return super().build_tsquery(query, config=config)
        parsed = query.__dict__.setdefault("_portal_parsed", {})
        if config not in parsed:
            expression = super().build_tsquery(query, config=config)
            sql_query = Query(None)
            compiler = sql_query.get_compiler(connection=connection)
            sql, params = expression.resolve_expression(sql_query).as_sql(
                compiler, connection
            )
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ({sql})::text", params)
                parsed[config] = cursor.fetchone()[0]
        return ParsedQuery(parsed[config])

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (And, Or)):
            rank = SearchRank(
                vector,
                self.build_tsquery(query, config=config),
                weights=self.sql_weights,
            )
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)


class PerLanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = PerLanguageIndex
    query_compiler_class = ExpandedQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = dict(params.get("LANGUAGE_CONFIGS", {}))
        self._by_config = {self.config: self}

    def config_for_language(self, language):
        if not language:
            return self.config
        return self.language_configs.get(
            language, self.language_configs.get(language.split("-")[0], self.config)
        )

    def with_config(self, config):
        """This backend, indexing and parsing queries with ``config``."""
        if config not in self._by_config:
            clone = copy.copy(self)
            clone.config = config
            self._by_config[config] = clone
        return self._by_config[config]

    def for_language(self, language):
        """The backend that parses queries with ``language``'s configuration."""
        return self.with_config(self.config_for_language(language))

    @staticmethod
    def locale_languages():
        from wagtail.models import Locale

        return dict(Locale.objects.values_list("pk", "language_code"))


class VocabularyIndexMixin:
    """Records the words of every indexed object in the vocabulary, after the
    engine's own index (OpenSearch/Elasticsearch) has them."""

    def add_item(self, item):
        super().add_item(item)
        vocabulary.add_objects([item])

    def add_items(self, model, items):
        items = list(items)
        super().add_items(model, items)
        vocabulary.add_objects(items)


def with_vocabulary(backend_class):
    """``backend_class`` (an OpenSearch/Elasticsearch backend of Wagtail) with
    an index that records the vocabulary, as the database backends here do."""
    index_class = type(
        f"Vocabulary{backend_class.index_class.__name__}",
        (VocabularyIndexMixin, backend_class.index_class),
        {},
    )
    return type(
        f"Vocabulary{backend_class.__name__}",
        (backend_class,),
        {"index_class": index_class},
    )


def SearchBackend(params):  # noqa: N802 - Wagtail looks up this name
    engine = params.get("ENGINE")
    if engine:  # "opensearch2", "elasticsearch8", … (SEARCH_BACKEND)
        engine_class = import_string(f"wagtail.search.backends.{engine}.SearchBackend")
        params = {key: value for key, value in params.items() if key != "ENGINE"}
        return with_vocabulary(engine_class)(params)
    if connection.vendor == "postgresql":
        return PerLanguagePostgresSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "LANGUAGE_CONFIGS"}
    backend = DatabaseSearchBackend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":  # FTS5 is available
        # Imported here, not at the top: modelsearch's SQLite backend module
        # looks up its FTS index model, which exists only on SQLite.
        from search.sqlite_ranking import ColumnRankingSQLiteSearchBackend

        return ColumnRankingSQLiteSearchBackend(params)
    return backend


def for_language(backend, language):
    """The backend to query for a language (itself if it has no such notion)."""
    method = getattr(backend, "for_language", None)
    return method(language) if method else backend
