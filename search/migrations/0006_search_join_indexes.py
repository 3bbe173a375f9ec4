"""Indexes that let PostgreSQL answer a site search from the index, not by reading
every page (measured in docs/search.md, "Latency at 50,000 objects").

- A GIN index on ``title || body`` of Wagtail's search index: the database
  backend matches a query against that expression (title and body together),
  which the separate GIN indexes on ``title`` and on ``body`` cannot serve, so
  every query read all index rows.
- An index on the page id as text: the backend joins index rows to pages on
  ``object_id = page.id::varchar(50)``; with it, the few matching index rows
  find their pages through the index instead of a scan of every page.

It drops the trigram index on page titles of migration 0003: "did you mean"
now compares a typo with the vocabulary (``portal_search_searchword``, its
own trigram index in 0005), not with page titles.
"""

from django.db import migrations

INDEXES = {
    "portal_search_indexentry_text_gin": (
        "wagtailsearch_indexentry USING gin ((title || body))"
    ),
    "portal_search_page_id_text": "wagtailcore_page ((id::varchar(50)))",
}


TITLE_TRIGRAM = "portal_search_page_title_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {TITLE_TRIGRAM}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TITLE_TRIGRAM} "
            "ON wagtailcore_page USING gin (title gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0005_search_word_trigram_index"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_indexes, drop_indexes)]
