"""Enable PostgreSQL's pg_trgm extension for typo-tolerant ("did you mean") search."""

from django.db import migrations


def enable_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(enable_trigram, migrations.RunPython.noop)]
