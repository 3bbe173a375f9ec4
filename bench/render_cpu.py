"""CPU time of a fresh render: median ``time.process_time()`` per request.

On a machine shared with other work, requests per second and wall-clock times
swing with the load; the CPU time the rendering process itself spends per
request barely does. This script renders bench targets in-process with
Django's test client, past the page cache (a cookie and ``Cache-Control:
no-cache``: the fresh render every signed-in visit without a cache hit costs),
and prints per target the median CPU milliseconds of one request, the median
wall milliseconds and the number of queries. The database's own work (the
PostgreSQL server process) is not in the CPU figure; with SQLite it is, since
SQLite runs inside the process.

The issue #27 goal: fresh renders at 2 % of the plain WSGI floor (about 6,700
req/s on the 2-core machine, i.e. 134 req/s with 2 workers), i.e. about 15 ms
of CPU per request for the app process.

Usage (any database with the demo, best the scale data; production settings
as in bench/lib.sh, or ``make bench-renders``):

    python bench/render_cpu.py [--repeat 30] [--signed-in] [--cached [--cookieless]] [--write FILE] [name ...]

``--signed-in`` sends a signed-in citizen's session cookie (bench/signed_in.py's
user) instead of an anonymous cookie; ``--cached`` leaves out ``Cache-Control:
no-cache``, so the page cache answers where it may (with ``--signed-in``: what a
signed-in visit costs; without: an anonymous visitor with a cookie; with
``--cookieless`` too: the anonymous cache, no cookie at all); ``--write``
puts the table between the ``render-cpu`` markers of docs/performance.md.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

from common import cpu_model, setup_django, write_section

setup_django("portal.settings.production")

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

DEFAULT_TARGETS = (
    "home",
    "home-en",
    "section-administration",
    "section-news",
    "section-tourism",
    "section-open-data",
    "detail-standard",
    "detail-news",
    "detail-attraction",
    "detail-event",
    "service-page",
)
START = "<!-- render-cpu:start -->"
END = "<!-- render-cpu:end -->"


def read_targets(filename):
    for line in Path(filename).read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            name, path = line.split("\t", 1)
            yield name.strip(), path.strip()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def signed_in_cookie():
    """A signed-in citizen's session (as bench/signed_in.py makes it)."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench-citizen", defaults={"email": "bench-citizen@example.org"}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return settings.SESSION_COOKIE_NAME, session.session_key


def measure(client, path, repeat, counter):
    for _ in range(3):  # warm: templates, shell, counts, renditions
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path}: status {response.status_code}")
    cpu, wall, queries = [], [], []
    for _ in range(repeat):
        counter.count = 0
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        client.get(path)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
        queries.append(counter.count)
    return (
        statistics.median(cpu) * 1000,
        statistics.median(wall) * 1000,
        statistics.median(queries),
        len(response.content),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--targets", default="bench/targets.txt")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--cached", action="store_true")
    parser.add_argument("--cookieless", action="store_true")
    parser.add_argument("--write")
    parser.add_argument("--command", default="make bench-renders")
    args = parser.parse_args()
    targets = dict(read_targets(args.targets))
    names = args.names or [name for name in DEFAULT_TARGETS if name in targets]
    headers = {"HTTP_HOST": os.environ.get("BENCH_HOST", "127.0.0.1")}
    if not args.cached:
        headers["HTTP_CACHE_CONTROL"] = (
            "no-cache"  # a fresh render: past the page cache
        )
    client = Client(**headers)
    if args.signed_in:
        name, value = signed_in_cookie()
        client.cookies[name] = value
    elif not (args.cached and args.cookieless):
        client.cookies["bench"] = "uncached"
    counter = QueryCounter()
    rows = []
    with connection.execute_wrapper(counter):
        for name in names:
            cpu, wall, queries, size = measure(
                client, targets[name], args.repeat, counter
            )
            rows.append((name, targets[name], cpu, wall, queries, size))
            print(  # noqa: T201
                f"{name:28} {targets[name]:50} cpu {cpu:6.1f} ms  "
                f"wall {wall:6.1f} ms  {queries:3.0f} queries  {size} bytes",
                flush=True,
            )
    if args.write:
        write_section(args.write, report(args, rows), START, END)


def report(args, rows):
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    engine = connection.vendor
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    who = "a signed-in citizen's session" if args.signed_in else "an anonymous cookie"
    if args.cached and args.cookieless and not args.signed_in:
        who = "no cookie"
    how = (
        "the page cache where it answers"
        if args.cached
        else "`Cache-Control: no-cache` (a fresh render)"
    )
    lines = [
        START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu_model()} "
        f"({os.cpu_count()} cores, load average {load}), {engine}, cache "
        f"{cache}, `{os.environ.get('DJANGO_SETTINGS_MODULE')}`, Python "
        f"{platform.python_version()}; in-process test client with {who} and "
        f"{how}, median of {args.repeat} "
        f"requests per target after 3 warm-up requests. Command: `{args.command}`.",
        "",
        "| target | path | CPU ms / request | wall ms | queries | bytes |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for name, path, cpu, wall, queries, size in rows:
        lines.append(
            f"| {name} | `{path}` | {cpu:.1f} | {wall:.1f} | {queries:.0f} | {size} |"
        )
    lines.append(END)
    return "\n".join(lines)


if __name__ == "__main__":
    main()
