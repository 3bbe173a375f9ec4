"""Turn the wrk outputs and query counts of bench/run.sh into the Markdown table
of docs/performance.md (between the ``bench:start`` and ``bench:end`` markers)."""

import argparse
import datetime
import platform
import re
import subprocess
from pathlib import Path

from common import write_section

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
# The targets, as fractions of the floor's requests/s.
UNCACHED_TARGET, CACHED_TARGET, P99_FACTOR = 0.03, 0.50, 5.0
# Issue #27: fresh renders at least 2 % of the plain WSGI floor (bench/wsgi_floor.py).
UNCACHED_WSGI_TARGET = 0.02
# Issue #27: signed-in visits to cacheable pages at least half the anonymous cached rate.
SIGNED_IN_TARGET = 0.50


def millis(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS[unit]


def parse_wrk(path):
    text = path.read_text() if path.exists() else ""
    result = {"rps": 0.0, "p50": None, "p99": None, "errors": 0}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if match:
        result["rps"] = float(match.group(1))
    for percent, key in (("50", "p50"), ("99", "p99")):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", text, re.MULTILINE)
        if match:
            result[key] = millis(match.group(1))
    for pattern in (r"Non-2xx or 3xx responses:\s+(\d+)", r"timeout (\d+)"):
        match = re.search(pattern, text)
        if match:
            result["errors"] += int(match.group(1))
    return result


def ms(value):
    return "–" if value is None else (f"{value:.1f}" if value < 100 else f"{value:.0f}")


def percent(part, whole):
    return 0.0 if not whole else 100.0 * part / whole


def build(work, args):
    rows, gaps = [], []
    lines = (work / "queries.tsv").read_text().splitlines()[1:]
    for line in lines:
        name, path, status, size, queries_uncached, queries_cached, *more = line.split(
            "\t"
        )
        queries_signed_in = more[0] if more else "–"
        cached = parse_wrk(work / f"{name}.cached.wrk")
        signed_in = parse_wrk(work / f"{name}.signed_in.wrk")
        signed_in_ratio = percent(signed_in["rps"], cached["rps"])
        uncached = parse_wrk(work / f"{name}.uncached.wrk")
        floor = parse_wrk(work / f"{name}.floor.wrk")
        wsgi = parse_wrk(work / f"{name}.wsgi.wrk")
        uncached_wsgi_ratio = percent(uncached["rps"], wsgi["rps"])
        cached_ratio = percent(cached["rps"], floor["rps"])
        uncached_ratio = percent(uncached["rps"], floor["rps"])
        misses = []
        if int(queries_uncached) > 20:
            misses.append(f"{queries_uncached} queries")
        if uncached_ratio < UNCACHED_TARGET * 100:
            misses.append(f"uncached {uncached_ratio:.1f} % of floor")
        if wsgi["rps"] and uncached_wsgi_ratio < UNCACHED_WSGI_TARGET * 100:
            misses.append(f"uncached {uncached_wsgi_ratio:.1f} % of plain WSGI")
        if cached_ratio < CACHED_TARGET * 100:
            misses.append(f"cached {cached_ratio:.0f} % of floor")
        if signed_in["rps"] and signed_in_ratio < SIGNED_IN_TARGET * 100:
            misses.append(f"signed-in {signed_in_ratio:.0f} % of cached")
        for label, run in (
            ("cached", cached),
            ("uncached", uncached),
            ("signed-in", signed_in),
        ):
            if run["p50"] and run["p99"] and run["p99"] > P99_FACTOR * run["p50"]:
                misses.append(f"{label} p99 {run['p99'] / run['p50']:.1f}× p50")
            if run["errors"]:
                misses.append(f"{label}: {run['errors']} errors/timeouts")
        if status != "200":
            misses.append(f"status {status}")
        if misses:
            gaps.append(f"- `{name}`: " + "; ".join(misses))
        rows.append(
            f"| {name} | `{path}` | {size} "
            f"| {queries_uncached} / {queries_cached} / {queries_signed_in} "
            f"| {cached['rps']:.0f} | {ms(cached['p50'])} | {ms(cached['p99'])} "
            f"| {signed_in['rps']:.0f} | {ms(signed_in['p50'])} "
            f"| {signed_in_ratio:.0f} % "
            f"| {uncached['rps']:.0f} | {ms(uncached['p50'])} | {ms(uncached['p99'])} "
            f"| {floor['rps']:.0f} | {ms(floor['p50'])} | {ms(floor['p99'])} "
            f"| {cached_ratio:.0f} % | {uncached_ratio:.1f} % "
            f"| {wsgi['rps']:.0f} | {uncached_wsgi_ratio:.2f} % |"
        )
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        START,
        f"Run of {now} (commit `{commit or '?'}`), `{args.command}`: "
        f"{args.duration} s per measurement, wrk with 2 threads and {args.connections} "
        f"connections, gunicorn with 2 sync workers, PostgreSQL, cache: {args.cache}; "
        f"Python {platform.python_version()}, {platform.machine()}; "
        f"whole run {args.elapsed // 60} min {args.elapsed % 60} s.",
        "",
        "Columns: bytes of the response; queries per request of a fresh render / "
        "an anonymous request / a signed-in citizen's request (both from the page "
        "cache where the view is cacheable); requests/s, p50 and p99 (ms) for "
        "anonymous requests served from the cache (*cached*); requests/s and p50 "
        "of a signed-in citizen (*signed-in*, session cookie of bench/signed_in.py) "
        "and its ratio to *cached*; fresh renders with a cookie and "
        "`Cache-Control: no-cache` (*uncached*); the "
        "Django floor's requests/s, p50 and p99 for the same number of bytes and both "
        "ratios to it; the plain WSGI floor's requests/s for the same bytes "
        "(bench/wsgi_floor.py, no framework) and the uncached ratio to it.",
        "",
        "| target | path | bytes | queries | cached req/s | p50 | p99 "
        "| signed-in req/s | p50 | signed-in/cached "
        "| uncached req/s | p50 | p99 | floor req/s | p50 | p99 "
        "| cached/floor | uncached/floor | plain WSGI req/s | uncached/WSGI |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        *rows,
        "",
        "Targets missed in this run (≤ 20 queries, uncached ≥ 3 % and cached ≥ 50 % "
        "of the Django floor, uncached ≥ 2 % of the plain WSGI floor, signed-in ≥ "
        "50 % of cached, p99 < 5 × p50):",
        "",
        *(gaps or ["- none"]),
        END,
    ]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--duration", default="?")
    parser.add_argument("--connections", default="?")
    parser.add_argument("--cache", default="?")
    parser.add_argument("--elapsed", type=int, default=0)
    args = parser.parse_args()
    section = build(args.work, args)
    write_section(args.out, section, START, END, new_file="# Performance\n")
    print(section)


if __name__ == "__main__":
    main()
