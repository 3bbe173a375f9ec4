"""A trigram index on the vocabulary's keys (PostgreSQL).

It serves the look-ups inside words ("müll" in "müllabfuhr": ``LIKE '%mull%'``)
and the typo candidates (``key % 'kitta'``) of ``search.vocabulary``.
"""

from django.db import migrations

INDEX = "portal_search_searchword_key_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON portal_search_searchword USING gin (key gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_vocabulary_and_synonyms")]
    operations = [migrations.RunPython(create_index, drop_index)]
