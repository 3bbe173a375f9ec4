"""SQLite FTS5 ranking that weighs title and body as PostgreSQL does (SQLite only).

Wagtail's SQLite backend ranks with ``score = bm25(row) * title_norm + bm25(row)``:
``bm25`` over the whole FTS row, every column weighing the same. So the title's
``boost=2`` from ``Page.search_fields``, which the PostgreSQL backend turns into
tsvector weights (title "B" = 0.21, unboosted body fields "D" = 0.0099, about
21 : 1), is lost, and ``title_norm`` (favouring short titles) multiplies body
matches too: a dataset whose description mentions "Barrierefreiheit" twice
outranked the page titled "Erklärung zur Barrierefreiheit".

Here the title part of the score is ``bm25`` of the title column alone
(FTS5 column weights ``autocomplete, body, title`` = ``0, 0, w``) and the body
part ``bm25`` of the body column alone (``0, 1, 0``), ``w`` being the ratio of
the PostgreSQL weights of the model's title boost and of an unboosted field.

The index refreshes the title norms with one SQL statement instead of
``modelsearch``'s two ORM queries per ``add_items`` (the one private method
replaced here; ``tests/search/test_indexing_and_languages.py`` compares it with
``modelsearch``'s own on every run, so an upgrade that changes it fails there).
"""

from modelsearch.backends.database.postgres.weights import determine_boosts_weights
from modelsearch.backends.database.sqlite.query import BM25
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.index import SearchField
from modelsearch.query import And, Not, Or, Phrase, PlainText

from search import vocabulary


def postgres_weight_values():
    """``{boost or None: weight}`` as ``modelsearch``'s PostgreSQL backend computes them."""
    boosts_weights = determine_boosts_weights()
    values = [value for value, _letter in boosts_weights]
    lowest = min(values)
    if lowest <= 0:
        lowest = -0.1 if lowest == 0 else lowest
        values = [value - lowest for value in values]
    highest = max(values)
    return [
        (boost, value / highest)
        for (boost, _), value in zip(boosts_weights, values, strict=True)
    ]


def weight_of(boost):
    table = postgres_weight_values()
    if boost is None:
        return table[-1][1]
    for max_boost, value in table:
        if boost >= max_boost:
            return value
    return table[-1][1]


def title_weight(model):
    boost = next(
        (
            field.boost
            for field in model.get_search_fields()
            if isinstance(field, SearchField) and field.field_name == "title"
        ),
        None,
    )
    return weight_of(boost) / weight_of(None)


class ColumnWeightedBM25(BM25):
    """``bm25(table, w_autocomplete, w_body, w_title)`` (the FTS5 column order)."""

    def __init__(self, weights):
        super().__init__()
        self.weights = weights

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection)
        weights = "".join(f", {float(weight)!r}" for weight in self.weights)
        return f"{sql[:-1]}{weights})", params


class ColumnRankingQueryCompiler(SQLiteSearchQueryCompiler):
    def column_weights(self, vector):
        name = getattr(vector, "name", "")
        if name.endswith("title"):
            return (0.0, 0.0, title_weight(self.queryset.model))
        if name.endswith("body"):
            return (0.0, 1.0, 0.0)
        return (1.0, 1.0, 1.0)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # FTS5's bm25() scores the whole MATCH expression of a row: an expanded
        # query (And/Or of many words) needs it once, not once per word.
        if isinstance(query, (Phrase, PlainText, Not, And, Or)):
            rank = ColumnWeightedBM25(self.column_weights(vector))
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)


class VocabularySQLiteIndex(SQLiteIndex):
    """The stock index, recording each object's words in the vocabulary."""

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)
        vocabulary.add_objects(objs)

    def _refresh_title_norms(self, full=False):
        """``modelsearch``'s refresh of ``title_norm`` (the average title length
        over this title's length, for the rows still at the default 1.0, or all
        rows if ``full``) in one statement instead of two built through the
        ORM at every ``add_items``: the same rows get the same values (SQLite
        computes the average once, and only if a row is to be updated), without
        building and compiling two querysets per indexed object (#23)."""
        table = self.write_connection.ops.quote_name(IndexEntry._meta.db_table)
        only_new = "" if full else " AND title_norm = 1.0"
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET title_norm = ("  # noqa: S608 - no parameters
                f"SELECT AVG(LENGTH(title)) FROM {table} WHERE LENGTH(title) > 0"
                f") / LENGTH(title) WHERE LENGTH(title) > 0{only_new}"
            )


class ColumnRankingSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = ColumnRankingQueryCompiler
    index_class = VocabularySQLiteIndex
