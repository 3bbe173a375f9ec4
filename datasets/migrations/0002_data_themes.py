"""The EU data themes are the rows of DataTheme."""

from django.db import migrations

CODES = [
    "AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL",
    "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN",
]


def create_themes(apps, schema_editor):
    DataTheme = apps.get_model("datasets", "DataTheme")
    for code in CODES:
        DataTheme.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("datasets", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
