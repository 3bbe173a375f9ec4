"""Citizen reports at scale (#24): the list, the map's GeoJSON and Open311 ``GET
requests`` with 1,000 and with 50,000 released reports.

Usage (a migrated database with the demo, e.g. after ``make demo``)::

    .venv/bin/python bench/reports.py [--reports 50000] [--runs 20] \\
        [--write docs/performance.md]

The script adds generated reports (``source="bench"``: released and confirmed,
spread over the demo's categories, municipalities, statuses and two years,
positions inside the Amt) in two steps, 1,000 and then up to ``--reports``, and
times each address in-process with Django's test client after both steps:
median and 95th percentile over ``--runs`` requests, each one a fresh render (the
cache is cleared before every request, so no page or fragment cache helps), and
the number of SQL queries of one request. Equal query counts at both sizes are
what "queries constant" means. The generated reports are deleted at the end.
"""

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from common import percentile, setup_django, table, write_section

setup_django()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from portal.models import Municipality  # noqa: E402
from reports.choices import Moderation, Status  # noqa: E402
from reports.models import Category, Report  # noqa: E402

# one section per database engine: "<!-- reports-bench:postgresql:start -->" …
START = "<!-- reports-bench:{engine}:start -->"
END = "<!-- reports-bench:{engine}:end -->"
SOURCE = "bench"
BATCH = 2000


def addresses(category_slug):
    """(label, URL) of what is timed, the German addresses."""
    with translation.override("de"):
        listing = reverse("reports:list")
        return [
            ("list", listing),
            ("list, page 50", listing + "?page=50"),
            (
                "list, open, one category",
                f"{listing}?status=open&category={category_slug}",
            ),
            ("map GeoJSON", reverse("reports:geojson")),
            ("Open311 requests.json", reverse("open311:requests", args=["json"])),
            (
                "Open311 requests.xml, open",
                reverse("open311:requests", args=["xml"]) + "?status=open",
            ),
        ]


def add_reports(count, rng):
    """``count`` released reports, written in batches with ``bulk_create``."""
    categories = list(Category.objects.filter(locale__language_code="de"))
    municipalities = list(Municipality.objects.exclude(latitude__isnull=True))
    statuses = [value for value, _label in Status.choices]
    now = timezone.now()
    made = 0
    while made < count:
        batch = []
        for _n in range(min(BATCH, count - made)):
            place = rng.choice(municipalities)
            created = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
            status = rng.choice(statuses)
            batch.append(
                Report(
                    category=rng.choice(categories),
                    municipality=place,
                    latitude=Decimal(place.latitude)
                    + Decimal(rng.randint(-300, 300)) / 10000,
                    longitude=Decimal(place.longitude)
                    + Decimal(rng.randint(-300, 300)) / 10000,
                    place=f"Straße {rng.randint(1, 400)}",
                    description="Generiert für den Benchmark.",
                    status=status,
                    moderation=Moderation.RELEASED,
                    source=SOURCE,
                    access_token=f"bench-{made}-{_n}",
                    created_at=created,
                    confirmed_at=created,
                    released_at=created + timedelta(hours=2),
                )
            )
        Report.objects.bulk_create(batch)
        made += len(batch)


def measure(runs, category_slug):
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0].lstrip(".") or "localhost")
    figures = []
    for label, url in addresses(category_slug):
        timings = []
        for _run in range(runs):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        figures.append(
            (
                label,
                url,
                percentile(timings, 0.5),
                percentile(timings, 0.95),
                len(queries),
            )
        )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--write", help="a Markdown file to write the section into")
    args = parser.parse_args()

    rng = random.Random(24)
    Report.objects.filter(source=SOURCE).delete()
    category = Category.objects.filter(locale__language_code="de").first()
    if category is None:
        sys.exit("No report categories: load the demo first (make demo).")
    results = []
    try:
        before = Report.objects.count()
        add_reports(1000, rng)
        small_total = Report.objects.count()
        results.append(measure(args.runs, category.slug))
        add_reports(max(0, args.reports - 1000), rng)
        full_total = Report.objects.count()
        results.append(measure(args.runs, category.slug))
    finally:
        Report.objects.filter(source=SOURCE).delete()

    engine = connection.vendor
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    start, end = START.format(engine=engine), END.format(engine=engine)
    text = "\n".join(
        [
            start,
            f"Measured {stamp} on {platform.node()} ({os.cpu_count()} cores), "
            f"{engine}, development settings with DEBUG off, in-process test client; "
            f"{args.runs} fresh renders per address (cache cleared before each). "
            f"Reports in the database: {small_total:,} and {full_total:,} "
            f"({before:,} from the demo). Command: "
            f"`.venv/bin/python bench/reports.py --reports {args.reports}`.",
            "",
            *table(results),
            end,
        ]
    )
    print(text)
    if args.write:
        write_section(args.write, text, start, end, heading="Citizen reports at scale")


if __name__ == "__main__":
    main()
