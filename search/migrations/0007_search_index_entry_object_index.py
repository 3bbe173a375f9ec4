"""An index on the object id of Wagtail's search index entries (PostgreSQL).

The database backend joins index entries to pages on ``object_id =
page.id::varchar(50)`` (and the content type among the page types). With this
index, a search limited to a known set of pages (the best 1,000 matches of a
frequent word, ``search.query.best_matches``) finds their entries one by one
instead of matching every entry and joining the pages afterwards; the unique
index on ``(content_type_id, object_id)`` cannot serve it, since a page's entry
has its page type's content type (one of about 30). Measured in
docs/search.md ("Latency at 50,000 objects").
"""

from django.db import migrations

NAME = "portal_search_indexentry_object_id"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailsearch_indexentry (object_id)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0006_search_join_indexes")]
    operations = [migrations.RunPython(create_index, drop_index)]
