"""bench/wsgi_floor.py (the plain WSGI floor) and its column in bench/report.py."""

import argparse

from tests.bench_scripts import load_bench_script as load


def call(app, path):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return seen["status"], seen["headers"], body


def test_plain_floor_answers_the_requested_bytes():
    app = load("wsgi_floor").application
    status, headers, body = call(app, "/25929/")
    assert status == "200 OK"
    assert len(body) == 25929 == int(headers["Content-Length"])
    assert headers["Content-Type"] == "text/html"
    assert call(app, "/nope/")[0].startswith("404")


WRK = """Running 1s test @ http://127.0.0.1:8765/
  Latency Distribution
     50%    {p50}
     99%    {p99}
Requests/sec:   {rps}
"""


def test_report_shows_uncached_against_the_plain_floor(tmp_path):
    report = load("report")
    (tmp_path / "queries.tsv").write_text(
        "name\tpath\tstatus\tbytes\tqueries_uncached\tqueries_cached\n"
        "home\t/\t200\t25000\t9\t0\n"
    )
    for label, rps in (("cached", 1800), ("uncached", 100), ("floor", 2000)):
        (tmp_path / f"home.{label}.wrk").write_text(
            WRK.format(p50="5.00ms", p99="9.00ms", rps=rps)
        )
    (tmp_path / "home.wsgi.wrk").write_text(
        WRK.format(p50="1.00ms", p99="2.00ms", rps=6000)
    )
    args = argparse.Namespace(
        command="make bench", duration=1, connections=8, cache="Redis", elapsed=61
    )
    table = report.build(tmp_path, args)
    row = next(line for line in table.splitlines() if line.startswith("| home |"))
    assert row.endswith("| 90 % | 5.0 % | 6000 | 1.67 % |")
    assert "`home`: uncached 1.7 % of plain WSGI" in table
