"""The portal side by side with another Wagtail site (issue #27: Wagtail's
bakerydemo), measured in one run with the harness of ``make bench``.

Two modes:

``compare_sites.py run --ours URL --other URL --floor URL``
    For every target (a kind of page with its path on each site) and every
    round: the portal anonymous (page cache), the portal fresh (a cookie and
    ``Cache-Control: no-cache``, as ``bench/run.sh`` asks), the other site
    with the same headers (a site without a page cache renders every
    request), and the plain WSGI floor (``bench/wsgi_floor.py``) at the byte
    size of each site's page, interleaved, with wrk as ``make bench`` runs
    it. Prints a Markdown table of the medians over the rounds; ratios are
    taken within a round (the same moment of a shared machine) and their
    median shown. The 1-minute load average is noted at every measurement.

``compare_sites.py queries PATH...``
    Run with the site's own Python in its project directory and with its
    ``DJANGO_SETTINGS_MODULE``: queries and bytes per path with Django's test
    client: the first request (cold caches of this process), a fresh render
    (the cookie and ``no-cache`` headers) once caches are warm, and an
    anonymous repeat; and the median CPU time (``time.process_time``, SQLite
    included: it runs in the process) of 10 fresh renders. Prints
    ``path<TAB>status<TAB>bytes<TAB>first<TAB>fresh<TAB>repeat<TAB>cpu_ms``;
    pass the output of both sites to ``run`` as ``--queries-ours`` and
    ``--queries-other``.

``bench/compare_sites.sh`` starts the portal and the floor the way
``make bench`` does and calls ``run``; docs/performance.md (*Side by side with
bakerydemo*) says how the other site was built.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from report import parse_wrk

FRESH_HEADERS = {"Cookie": "bench=uncached", "Cache-Control": "no-cache"}
# kind, the portal's path (demo data of load_demo), bakerydemo's path.
TARGETS = [
    ("home", "/", "/"),
    ("listing", "/aktuelles/", "/blog/"),
    ("detail", "/aktuelles/neue-kita-plate/", "/blog/bread-circuses/"),
    ("search", "/suche/?q=Kita", "/search/?q=bread"),
]


def fetch(url, headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, len(response.read())


def load_average():
    return float(Path("/proc/loadavg").read_text().split()[0])


def wrk(url, args, headers=None, warm=4):
    headers = headers or {}
    for _ in range(warm):  # both workers: templates, caches, renditions
        fetch(url, headers)
    options = []
    for name, value in headers.items():
        options += ["-H", f"{name}: {value}"]
    load = load_average()
    with tempfile.NamedTemporaryFile("w+", suffix=".wrk") as out:
        subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s"]
            + ["--timeout", "10s", "--latency", *options, url],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
        result = parse_wrk(Path(out.name))
    result["load"] = load
    return result


def read_targets(filename):
    """``kind<TAB>our path<TAB>the other site's path`` per line; '#' starts a comment."""
    targets = []
    for line in Path(filename).read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            kind, ours, other = (field.strip() for field in line.split("\t"))
            targets.append((kind, ours, other))
    return targets


def read_queries(filename):
    if not filename:
        return {}
    rows = {}
    for line in Path(filename).read_text().splitlines():
        path, _status, _size, first, fresh, repeat, cpu = line.split("\t")
        rows[path] = {"first": first, "fresh": fresh, "repeat": repeat, "cpu": cpu}
    return rows


def measure(args):
    targets = args.target or (read_targets(args.targets) if args.targets else TARGETS)
    sizes = {}
    for kind, ours, other in targets:
        sizes[kind] = (
            fetch(args.ours + ours, FRESH_HEADERS)[1],
            fetch(args.other + other, FRESH_HEADERS)[1],
        )
    rounds = []
    for number in range(1, args.rounds + 1):
        row = {}
        for kind, ours, other in targets:
            ours_bytes, other_bytes = sizes[kind]
            row[kind] = {
                "cached": wrk(args.ours + ours, args),
                "fresh": wrk(args.ours + ours, args, FRESH_HEADERS),
                "other": wrk(args.other + other, args, FRESH_HEADERS),
                "floor_ours": wrk(f"{args.floor}/{ours_bytes}/", args),
                "floor_other": wrk(f"{args.floor}/{other_bytes}/", args),
            }
            figures = " ".join(
                f"{name} {value['rps']:.0f}/s (load {value['load']:.1f})"
                for name, value in row[kind].items()
            )
            print(f"round {number} {kind}: {figures}", file=sys.stderr)
        rounds.append(row)
    return targets, sizes, rounds


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def number(value):
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def share(value):
    return "–" if value is None else f"{100 * value:.2f} %"


def times(value):
    return "–" if value is None else f"{value:.2f}×"


def ratio(part, whole):
    return part / whole if whole else None


def table(args, targets, sizes, rounds):
    ours_queries = read_queries(args.queries_ours)
    other_queries = read_queries(args.queries_other)
    name = args.other_name
    lines = [
        f"| page | ours | {name} | bytes ours / {name} | queries ours first / fresh / cached "
        f"| queries {name} first / fresh | CPU ms per fresh render ours / {name} "
        f"| ours cached req/s (p50 ms) | ours fresh req/s (p50 ms) "
        f"| {name} req/s (p50 ms) | plain WSGI req/s at ours / {name} bytes "
        f"| ours fresh ÷ WSGI | {name} ÷ WSGI | ours fresh ÷ {name} | load (1 min) |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    errors = 0
    for kind, ours, other in targets:
        cells = {
            key: [row[kind][key] for row in rounds]
            for key in ("cached", "fresh", "other", "floor_ours", "floor_other")
        }
        errors += sum(r["errors"] for values in cells.values() for r in values)

        def med(key, field, cells=cells):
            return median([r[field] for r in cells[key]])

        def med_ratio(part, whole, cells=cells):
            # Within each round (the same moment), then the median over the rounds.
            pairs = zip(cells[part], cells[whole], strict=True)
            return median([ratio(a["rps"], b["rps"]) for a, b in pairs])

        loads = [r["load"] for values in cells.values() for r in values]
        ours_q = ours_queries.get(ours, {})
        other_q = other_queries.get(other, {})
        lines.append(
            f"| {kind} | `{ours}` | `{other}` | {sizes[kind][0]:,} / {sizes[kind][1]:,} "
            f"| {ours_q.get('first', '–')} / {ours_q.get('fresh', '–')} "
            f"/ {ours_q.get('repeat', '–')} "
            f"| {other_q.get('first', '–')} / {other_q.get('fresh', '–')} "
            f"| {ours_q.get('cpu', '–')} / {other_q.get('cpu', '–')} "
            f"| {number(med('cached', 'rps'))} ({number(med('cached', 'p50'))}) "
            f"| {number(med('fresh', 'rps'))} ({number(med('fresh', 'p50'))}) "
            f"| {number(med('other', 'rps'))} ({number(med('other', 'p50'))}) "
            f"| {number(med('floor_ours', 'rps'))} / {number(med('floor_other', 'rps'))} "
            f"| {share(med_ratio('fresh', 'floor_ours'))} "
            f"| {share(med_ratio('other', 'floor_other'))} "
            f"| {times(med_ratio('fresh', 'other'))} "
            f"| {min(loads):.1f}–{max(loads):.1f} |"
        )
    if errors:
        lines.append("")
        lines.append(f"**{errors} non-2xx responses or timeouts** in the measurements.")
    return "\n".join(lines)


def queries(paths):
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    host = os.environ.get("BENCH_HOST", "127.0.0.1")
    fresh = Client(HTTP_HOST=host, HTTP_CACHE_CONTROL="no-cache")
    fresh.cookies["bench"] = "uncached"
    anonymous = Client(HTTP_HOST=host)
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            fresh.get(path)  # the first request: cold caches
        counts = [len(captured)]
        anonymous.get(path)  # fills the page cache, if the site has one
        for client in (fresh, anonymous):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            counts.append(len(captured))
        body = b"".join(response) if response.streaming else response.content
        timings = []
        for _ in range(10):
            started = time.process_time()
            fresh.get(path)
            timings.append(time.process_time() - started)
        counts.append(round(1000 * statistics.median(timings)))
        print(
            f"{path}\t{response.status_code}\t{len(body)}\t"
            + "\t".join(map(str, counts))
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    run = modes.add_parser("run")
    run.add_argument("--ours", required=True, help="the portal's base URL")
    run.add_argument("--other", required=True, help="the other site's base URL")
    run.add_argument("--floor", required=True, help="bench/wsgi_floor.py's base URL")
    run.add_argument("--other-name", default="bakerydemo")
    run.add_argument(
        "--target",
        nargs=3,
        action="append",
        metavar=("KIND", "OURS_PATH", "OTHER_PATH"),
        help="replaces the default targets (home, listing, detail, search)",
    )
    run.add_argument("--targets", help="a file of targets (kind, ours, other; tabs)")
    run.add_argument("--seconds", type=int, default=3)
    run.add_argument("--rounds", type=int, default=3)
    run.add_argument("--connections", type=int, default=8)
    run.add_argument("--queries-ours", help="output of `queries` for the portal")
    run.add_argument("--queries-other", help="output of `queries` for the other site")
    count = modes.add_parser("queries")
    count.add_argument("paths", nargs="+")
    args = parser.parse_args()
    if args.mode == "queries":
        queries(args.paths)
    else:
        print(table(args, *measure(args)))


if __name__ == "__main__":
    main()
