"""A trigram index on page titles, so "did you mean" stays fast with many pages.

The suggestion compares the query with page titles only (``search.query``); with
this GIN index PostgreSQL finds similar titles without reading every page.
"""

from django.db import migrations

INDEX = "portal_search_page_title_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON wagtailcore_page USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_index, drop_index)]
