"""Signed documents (#26): time to issue one, and the verification page under load.

Usage (a migrated database with the demo, e.g. after ``make demo``; ``make bench``
runs it on its PostgreSQL database)::

    .venv/bin/python bench/documents.py [--documents 20] [--seconds 10] \\
        [--connections 8] [--write docs/performance.md]

1. **Issuing**: ``documents.issuing.issue`` in-process ``--documents`` times with a
   receipt-sized content (letterhead from the portal settings, QR code, tagged PDF,
   PAdES signature with the configured key or the demo certificate, file stored);
   the layout (``documents.pdf.render``) and the signature (``documents.signing.sign``)
   are also timed on their own. The documents are deleted afterwards.
2. **Verification under load**: gunicorn (2 workers, the same settings and
   database, the rate limit switched off) on loopback, ``--connections`` client
   threads for ``--seconds`` each against the empty page, a lookup by code and an
   upload of the issued PDF (POST with the CSRF token). Requests/s and latency
   percentiles over all requests; any answer but 200 counts as an error.

The load generator runs on the same machine as the server (Python threads), so
the figures are lower bounds.
"""

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime

from common import ROOT, cpu_model, percentile, setup_django, write_section

setup_django()

from django.db import connection  # noqa: E402

from documents import issuing, pdf, signing  # noqa: E402
from documents.models import IssuedDocument  # noqa: E402

START = "<!-- documents-bench:start -->"
END = "<!-- documents-bench:end -->"
KIND = "bench.receipt"


def content(number):
    return pdf.Content(
        title="Zahlungsbestätigung",
        rows=[
            ("Leistung", "Beglaubigung von Kopien"),
            ("Vorgang", f"A-BENCH-{number:04d}"),
            ("Betrag", "9,00 EUR"),
            ("Zahlungsart", "Testanbieter"),
        ],
        sections=[("Hinweise", ["Bitte bewahren Sie diese Bestätigung auf."] * 3)],
    )


def time_issuing(count):
    """Milliseconds per step: [(total, render, sign)], and one issued document."""
    issuing.issue(kind=KIND, content=content(0), public_title="Benchmark")  # warm-up
    timings = []
    for number in range(1, count + 1):
        head = issuing.letterhead("Ordnungsamt")
        verification = pdf.Verification(
            code="ABCDEFGHJKMN0", page_url=issuing.verification_page_url("de")
        )
        started = time.perf_counter()
        unsigned = pdf.render(head, content(number), verification, language="de")
        render_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        signing.sign(unsigned, reason="Benchmark", location="")
        sign_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        issuing.issue(
            kind=KIND,
            content=content(number),
            office="Ordnungsamt",
            public_title="Benchmark",
        )
        total_ms = (time.perf_counter() - started) * 1000
        timings.append((total_ms, render_ms, sign_ms))
    return timings


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port):
    env = {
        **os.environ,
        "DOCUMENTS_VERIFY_RATE_LIMIT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("bench/documents.py: gunicorn did not start")


def multipart(fields, filename, data):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload_request(base, data):
    """A ready POST of the PDF to /pruefen/ with a CSRF cookie and token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/pruefen/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    body, content_type = multipart({"csrfmiddlewaretoken": token}, "beleg.pdf", data)
    headers = {"Cookie": cookie, "Content-Type": content_type, "Referer": base + "/"}
    return lambda: urllib.request.Request(
        f"{base}/pruefen/", data=body, headers=headers, method="POST"
    )


def load(make_request, seconds, connections, expect):
    """Requests/s, latencies (ms) and errors of ``connections`` threads."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        mine, failed = [], 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(make_request(), timeout=30) as response:
                    body = response.read()
                    ok = response.status == 200 and expect in body
            except OSError:
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies, errors[0]


def machine():
    load_avg = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{cpu_model()}, {os.cpu_count()} cores, load average {load_avg} at the start"
    )


def report(issued, loads, args, identity, note):
    def row(values):
        return (
            f"{percentile(values, 0.5):.0f} | {percentile(values, 0.95):.0f} | "
            f"{max(values):.0f}"
        )

    lines = [
        START,
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with "
        f"`{args.command or 'python bench/documents.py'}` on {machine()}; "
        f"database {connection.vendor}; signing key: "
        f"{'demo certificate' if identity.demo else 'configured key'} (EC P-256), "
        "no timestamp authority.",
        "",
        f"Issuing ({len(issued)} documents, in-process, milliseconds):",
        "",
        "| step | p50 | p95 | max |",
        "|---|---:|---:|---:|",
        f"| `issue()` in all (layout, QR code, signature, storage, row) | "
        f"{row([t[0] for t in issued])} |",
        f"| layout only (`pdf.render`, fpdf2, tagged, Fira Sans) | "
        f"{row([t[1] for t in issued])} |",
        f"| signature only (`signing.sign`, pyHanko PAdES) | "
        f"{row([t[2] for t in issued])} |",
        "",
        f"Verification page under load (gunicorn, 2 workers, {args.connections} "
        f"client threads on the same machine, {args.seconds} s each, rate limit off):",
        "",
        "| request | requests/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, (rps, latencies, errors) in loads.items():
        lines.append(
            f"| {label} | {rps:.1f} | {percentile(latencies, 0.5):.0f} | "
            f"{percentile(latencies, 0.95):.0f} | {percentile(latencies, 0.99):.0f} "
            f"| {errors} |"
        )
    if note:
        lines += ["", note]
    lines.append(END)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", help="Replace the figures in this Markdown file.")
    parser.add_argument("--command", help="The command line to record.")
    parser.add_argument("--note", default="", help="A sentence added to the figures.")
    args = parser.parse_args()

    identity = signing.identity()
    before = set(IssuedDocument.objects.filter(kind=KIND).values_list("pk", flat=True))
    issued = time_issuing(args.documents)
    document = IssuedDocument.objects.filter(kind=KIND).exclude(pk__in=before).first()
    data = document.read()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    loads = {}
    try:
        code = document.display_code
        targets = [
            ("`GET /pruefen/` (empty page)", lambda: f"{base}/pruefen/", b"<form"),
            (
                "`GET /pruefen/?code=…` (lookup by code)",
                lambda: f"{base}/pruefen/?code={code}",
                code.encode(),
            ),
            (
                "`POST /pruefen/` (upload of the PDF, SHA-256 compare)",
                upload_request(base, data),
                b"verify-result",
            ),
        ]
        for label, make_request, expect in targets:
            load(make_request, min(2, args.seconds), 2, expect)  # warm both workers
            loads[label] = load(make_request, args.seconds, args.connections, expect)
            print(label, f"{loads[label][0]:.1f} req/s", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        for old in IssuedDocument.objects.filter(kind=KIND).exclude(pk__in=before):
            old.file.delete(save=False)
            old.delete()

    text = report(issued, loads, args, identity, args.note)
    print(text)
    if args.write:
        write_section(args.write, text, START, END)


if __name__ == "__main__":
    main()
