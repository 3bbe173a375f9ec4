"""Measure the results figures and the exports of one consultation.

    python manage.py bench_consultation_export skala-ergebnisse

Prints responses, time and peak Python memory (tracemalloc) of the SQL tallies
(cold cache) and of the CSV and XLSX exports, consuming the streamed bodies
as a client would. Used for docs/participation.md; see also bench/targets.txt.
"""

import time
import tracemalloc

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from consultations import export, services
from consultations.models import ConsultationPage


def measure(function):
    tracemalloc.start()
    started = time.perf_counter()
    size = function()
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, size


class Command(BaseCommand):
    help = "Time and peak memory of the results figures and exports of a consultation."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, slug, **options):
        page = ConsultationPage.objects.filter(slug=slug).first()
        if page is None:
            raise CommandError(f"No consultation {slug!r}.")
        page = page.canonical
        responses = page.responses.count()

        def tallies():
            cache.clear()
            services.tallies(page)
            return 0

        def csv_body():
            response = export.csv_response(export.rows(page, True), "x.csv")
            return sum(len(chunk) for chunk in response.streaming_content)

        def xlsx_body():
            response = export.xlsx_response(page, True, "x.xlsx")
            return sum(len(chunk) for chunk in response.streaming_content)

        self.stdout.write(f"{page.title}: {responses} responses")
        for name, function in (
            ("results figures (SQL, cold cache)", tallies),
            ("CSV export", csv_body),
            ("XLSX export", xlsx_body),
        ):
            elapsed, peak, size = measure(function)
            self.stdout.write(
                f"{name}: {elapsed:.2f} s, peak memory {peak / 1e6:.1f} MB"
                + (f", {size / 1e6:.1f} MB" if size else "")
            )
