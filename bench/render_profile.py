"""Where a fresh render's time goes: cProfile over repeated renders of bench targets.

Usage (production settings, the bench or any scale database in DATABASE_URL):

    DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=... \\
    ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false \\
    python bench/render_profile.py [--repeat 5] [--top 25] [name ...]

Every request carries a cookie, so the page cache is skipped (a signed-in
visitor's render); the shell and fragment caches stay warm after the first
request, as on a running server. Per target it prints the wall time of one
render, the part spent waiting for the database (execute_wrapper), the part
spent in template rendering (``Template.render`` minus the queries it ran), and
cProfile's top functions by own time; ``--dump DIR`` also writes a ``.prof`` per
target for snakeviz/pstats. Profiling itself slows Python code down (about 1.5-2x),
so use the shares, not the absolute figures.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

from common import setup_django

setup_django("portal.settings.production")

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

DEFAULT_TARGETS = (
    "home",
    "section-administration",
    "section-tourism",
    "listing-news",
    "listing-news-deep",
    "listing-places-deep",
    "listing-datasets",
    "detail-news",
    "detail-attraction",
    "search",
)


def read_targets(filename):
    for line in Path(filename).read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            name, path = line.split("\t", 1)
            yield name.strip(), path.strip()


class Timers:
    def __init__(self):
        self.sql = 0.0
        self.queries = 0
        self.template = 0.0
        self.depth = 0
        self.sql_in_template = 0.0

    def execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if self.depth:
                self.sql_in_template += spent


def instrument_templates(timers):
    """Time the outermost Template.render (includes nested templates once)."""
    original = template_base.Template.render

    def render(self, context):
        if timers.depth:
            return original(self, context)
        timers.depth += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            timers.template += time.perf_counter() - started
            timers.depth -= 1

    template_base.Template.render = render


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--targets", default="bench/targets.txt")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--dump")
    args = parser.parse_args()
    names = args.names or DEFAULT_TARGETS
    targets = dict(read_targets(args.targets))
    client = Client(
        HTTP_HOST=os.environ.get("BENCH_HOST", "127.0.0.1"),
        HTTP_CACHE_CONTROL="no-cache",  # a fresh render: past the page cache
    )
    client.cookies["bench"] = "uncached"
    timers = Timers()
    instrument_templates(timers)
    summary = []
    with connection.execute_wrapper(timers.execute):
        for name in names:
            path = targets[name]
            for _ in range(2):  # warm: templates, shell, counts, renditions
                client.get(path)
            timers.__init__()
            started = time.perf_counter()
            for _ in range(args.repeat):
                response = client.get(path)
                if response.status_code != 200:
                    sys.exit(f"{path}: status {response.status_code}")
            wall = (time.perf_counter() - started) / args.repeat
            sql = timers.sql / args.repeat
            template = (timers.template - timers.sql_in_template) / args.repeat
            summary.append(
                (name, path, wall, sql, template, timers.queries // args.repeat)
            )
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            if args.dump:
                Path(args.dump).mkdir(parents=True, exist_ok=True)
                profiler.dump_stats(str(Path(args.dump) / f"{name}.prof"))
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("tottime").print_stats(args.top)
            print(f"===== {name} {path}")
            print(out.getvalue().split("\n", 6)[-1][:6000])
    print("target\tpath\tms/render\tsql ms\ttemplate ms (without its sql)\tqueries")
    for name, path, wall, sql, template, queries in summary:
        print(
            f"{name}\t{path}\t{wall * 1000:.1f}\t{sql * 1000:.1f}\t"
            f"{template * 1000:.1f}\t{queries}"
        )


if __name__ == "__main__":
    main()
