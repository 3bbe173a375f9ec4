"""bench/compare_sites.py: the portal beside another Wagtail site (issue #27)."""

import argparse

from tests.bench_scripts import load_bench_script as load

WRK = """Running 3s test @ http://127.0.0.1:8792/
  Latency Distribution
     50%    {p50}
     99%    20.00ms
Requests/sec:   {rps}
"""


def result(rps, p50=10.0, load_average=2.0):
    return {"rps": rps, "p50": p50, "p99": 20.0, "errors": 0, "load": load_average}


def test_table_takes_ratios_within_each_round_then_the_median(tmp_path):
    compare = load("compare_sites")
    ours = tmp_path / "ours.tsv"
    ours.write_text("/\t200\t29000\t27\t1\t0\t6\n")
    other = tmp_path / "other.tsv"
    other.write_text("/\t200\t35000\t66\t43\t43\t52\n")
    # Three rounds at different load: the portal is twice bakerydemo's rate in each
    # round, while the absolute rates (and their medians) move with the load.
    rounds = [
        {
            "home": {
                "cached": result(300),
                "fresh": result(20 * factor),
                "other": result(10 * factor),
                "floor_ours": result(2000 * factor),
                "floor_other": result(1000 * factor, load_average=load_average),
            }
        }
        for factor, load_average in ((1, 15.0), (3, 4.0), (0.5, 9.5))
    ]
    args = argparse.Namespace(
        queries_ours=str(ours), queries_other=str(other), other_name="bakerydemo"
    )
    table = compare.table(args, [("home", "/", "/")], {"home": (29000, 35000)}, rounds)
    row = next(line for line in table.splitlines() if line.startswith("| home |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[3:6] == ["29,000 / 35,000", "27 / 1 / 0", "66 / 43"]
    assert cells[6] == "6 / 52"  # CPU ms per fresh render
    assert cells[8] == "20.0 (10.0)"  # the median of 20, 60, 10 req/s
    assert cells[11:15] == ["1.00 %", "1.00 %", "2.00×", "2.0–15.0"]
    assert "non-2xx" not in table


def test_table_flags_failed_requests():
    compare = load("compare_sites")
    failed = dict(result(5), errors=3)
    rounds = [
        {
            "search": {
                "cached": result(80),
                "fresh": failed,
                "other": result(5),
                "floor_ours": result(2000),
                "floor_other": result(2000),
            }
        }
    ]
    args = argparse.Namespace(
        queries_ours=None, queries_other=None, other_name="bakerydemo"
    )
    table = compare.table(
        args, [("search", "/suche/?q=x", "/search/?q=x")], {"search": (1, 2)}, rounds
    )
    assert "**3 non-2xx responses or timeouts**" in table


def test_targets_file_gives_kind_and_both_paths(tmp_path):
    targets = tmp_path / "targets.txt"
    targets.write_text(
        "# kind\tours\tother\nhome\t/\t/\n\nlisting\t/aktuelles/\t/blog/  # news\n"
    )
    assert load("compare_sites").read_targets(targets) == [
        ("home", "/", "/"),
        ("listing", "/aktuelles/", "/blog/"),
    ]
