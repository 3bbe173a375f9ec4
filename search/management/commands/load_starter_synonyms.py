"""Create the starter list of search synonyms (idempotent)."""

from django.core.management.base import BaseCommand

from search.starter import load_starter_synonyms


class Command(BaseCommand):
    help = "Create the starter search synonyms (search/data/synonyms_*.txt)."

    def handle(self, *args, **options):
        created = load_starter_synonyms()
        self.stdout.write(f"{created} synonym groups created.")
