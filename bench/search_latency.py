"""Search latency (p50/p95 per kind of query) over the scale data set on PostgreSQL.

Usage (a database filled with ``load_demo --scale``, see docs/search.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/regionalportal_bench \\
        .venv/bin/python bench/search_latency.py [--rounds 5] [--write docs/search.md]

Every request goes through the whole Django stack in-process (Django's test
client: middleware, the search view, template rendering; development settings
with ``DEBUG`` off, ``Cache-Control: no-cache`` so no page cache answers, and
no result cache: ``SEARCH_CACHE_SECONDS=0`` unless set). Each URL is requested
once to warm up and then ``--rounds`` times; the table gives the median and
95th percentile per kind of query over all its requests. The queries are the
judged query sets (``search/judged/*.json``), typos, queries
without results, frequent words that match thousands of scale pages, facets,
date filters, other sort orders, a deep results page and the autocomplete.
It refuses to run on fewer than ``--min-entries`` index entries (50,000).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from common import ROOT, cpu_model, percentile, setup_django, write_section

# The search's own cost: without the result cache of search/views.py, which
# would answer every request after the warm-up (SEARCH_CACHE_SECONDS=3600
# for measuring the cache).
os.environ.setdefault("SEARCH_CACHE_SECONDS", "0")
setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

START = "<!-- search-latency:start -->"
END = "<!-- search-latency:end -->"
SEARCH = {"de": "/suche/", "en": "/en/search/"}

TYPOS = [
    ("de", "Wochenmakt"),
    ("de", "Campinplatz"),
    ("de", "Feuerwer"),
    ("de", "Bibliotek"),
    ("en", "campsit"),
    ("en", "librarry"),
]
ZERO = [
    ("de", "Xylophonmuseum"),
    ("de", "Quastenflosser Sternwarte"),
    ("de", "qwertzuiop"),
    ("en", "submarine harbour"),
]
# Words of the scale data: thousands of matches each (facets capped at 5,000).
FREQUENT = [
    ("de", "Crivitz"),
    ("de", "Konzert"),
    ("de", "Entdecken"),
    ("de", "Meldung"),
    ("de", "Datensatz"),
]


def judged_queries(name="basic"):
    path = ROOT / "search" / "judged" / f"{name}.json"
    return [(item["language"], item["query"]) for item in json.loads(path.read_text())]


def url(language, query, **params):
    return f"{SEARCH[language]}?{urlencode({'q': query, **params})}"


def targets():
    today = date.today()
    week = {
        "date_from": today.isoformat(),
        "date_to": (today + timedelta(days=7)).isoformat(),
    }
    kinds = {
        "judged, basic": [url(lang, q) for lang, q in judged_queries("basic")],
        "judged, everyday": [url(lang, q) for lang, q in judged_queries("everyday")],
        "typo": [url(lang, q) for lang, q in TYPOS],
        "zero results": [url(lang, q) for lang, q in ZERO],
        "frequent word (1,000s of hits)": [url(lang, q) for lang, q in FREQUENT],
        "type facet": [
            url("de", "Crivitz", type="tourism.eventpage"),
            url("de", "Kita", type="home.newspage"),
            url("de", "Badestelle", type="tourism.attractionpage"),
        ],
        "municipality facet": [
            url("de", "Konzert", municipality="crivitz"),
            url("de", "Entdecken", municipality="plate"),
            url("de", "See", type="tourism.attractionpage", municipality="plate"),
        ],
        "date filter": [
            url("de", "Konzert", **week),
            url("de", "Crivitz", date_from=today.isoformat()),
            url("de", "Meldung", date_to=today.isoformat()),
        ],
        "sort newest / title": [
            url("de", "Crivitz", sort="newest"),
            url("de", "Entdecken", sort="title"),
            url("de", "Kita", sort="newest"),
        ],
        "deep page (page 50)": [
            url("de", "Crivitz", page=50),
            url("de", "Entdecken", page=50),
        ],
        "autocomplete": [
            f"{SEARCH['de']}autocomplete/?{urlencode({'q': q})}"
            for q in ("Kr", "Bade", "Crivi", "Wochenm")
        ]
        + [f"{SEARCH['en']}autocomplete/?{urlencode({'q': 'camp'})}"],
    }
    return kinds


def machine_state():
    load = os.getloadavg()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s))",
            [IndexEntry._meta.db_table],
        )
        index_size = cursor.fetchone()[0]
    cpu = cpu_model()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "load": f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}",
        "postgresql": pg_version,
        "index_size": index_size,
        "commit": commit,
    }


def measure(client, kinds, rounds, warmup=True):
    timings = defaultdict(list)
    statuses = defaultdict(set)
    for kind, paths in kinds.items():
        for path in paths:
            if warmup:
                response = client.get(path)
                statuses[kind].add(response.status_code)
            for _ in range(rounds):
                started = time.perf_counter()
                response = client.get(path)
                timings[kind].append((time.perf_counter() - started) * 1000)
                statuses[kind].add(response.status_code)
            print(f"{kind}: {path} {timings[kind][-1]:.0f} ms", file=sys.stderr)
    return timings, statuses


def report(
    kinds, timings, statuses, state, entries, pages, rounds, command, warmup=True
):
    lines = [
        START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (commit {state['commit']}) "
        f"with `{command}`:",
        "",
        f"- index: **{entries:,} index entries** (`wagtailsearch_indexentry`, "
        f"{state['index_size']} with its indexes), {pages:,} live pages",
        f"- machine: {state['cpus']} CPUs ({state['cpu']}), load average "
        f"{state['load']} at the end of the run (shared with other work), "
        f"PostgreSQL {state['postgresql']} on the same machine, one process, "
        "in-process test client (no network, no web server)",
        f"- {'each URL once to warm up, then ' if warmup else 'no warm-up, each URL '}"
        f"{rounds} time(s); p50/p95 over all requests of a kind",
        "",
        "| kind of query | URLs | requests | p50 ms | p95 ms | max ms | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, paths in kinds.items():
        values = timings[kind]
        lines.append(
            f"| {kind} | {len(paths)} | {len(values)} | "
            f"{percentile(values, 0.5):.0f} | {percentile(values, 0.95):.0f} | "
            f"{max(values):.0f} | {', '.join(map(str, sorted(statuses[kind])))} |"
        )
    everything = [value for values in timings.values() for value in values]
    lines.append(
        f"| **all** | {sum(len(p) for p in kinds.values())} | {len(everything)} | "
        f"**{percentile(everything, 0.5):.0f}** | "
        f"**{percentile(everything, 0.95):.0f}** | {max(everything):.0f} | |"
    )
    lines.append(END)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-entries", type=int, default=50_000)
    parser.add_argument(
        "--no-warmup", action="store_true", help="Do not request each URL once first."
    )
    parser.add_argument("--write", help="Replace the figures in this Markdown file.")
    parser.add_argument(
        "--command", help="The command line to record (default: this one)."
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("search_latency: DATABASE_URL must point at PostgreSQL")
    entries = IndexEntry.objects.count()
    if entries < args.min_entries:
        sys.exit(
            f"search_latency: {entries} index entries, fewer than {args.min_entries}; "
            "run manage.py load_demo --scale first"
        )
    pages = Page.objects.live().count()
    # "no-cache": the page cache answers shared pages (the search page) for
    # requests with cookies too, but never a request that asks for no cache.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_CACHE_CONTROL="no-cache")
    client.cookies["bench"] = "uncached"
    kinds = targets()
    timings, statuses = measure(client, kinds, args.rounds, not args.no_warmup)
    command = args.command or " ".join(
        ["python bench/search_latency.py", *sys.argv[1:]]
    )
    text = report(
        kinds,
        timings,
        statuses,
        machine_state(),
        entries,
        pages,
        args.rounds,
        command,
        not args.no_warmup,
    )
    print(text)
    if args.write:
        write_section(args.write, text, START, END)
    bad = {kind: codes - {200} for kind, codes in statuses.items() if codes - {200}}
    if bad:
        sys.exit(f"search_latency: unexpected status codes {bad}")


if __name__ == "__main__":
    main()
