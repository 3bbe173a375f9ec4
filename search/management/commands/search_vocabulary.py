"""Rebuild the search vocabulary from every indexed object (search/vocabulary.py)."""

from django.core.management.base import BaseCommand

from search.vocabulary import rebuild


class Command(BaseCommand):
    help = "Rebuild the vocabulary that search reads queries against."

    def handle(self, *args, **options):
        words = rebuild()
        self.stdout.write(f"{words} words in the search vocabulary.")
