"""bench/search_latency.py: its queries are valid and it writes between its markers."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "search_latency", ROOT / "bench" / "search_latency.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_percentiles(bench):
    values = list(range(1, 101))
    assert bench.percentile(values, 0.5) in (50, 51)
    assert bench.percentile(values, 0.95) == 95
    assert bench.percentile([7], 0.95) == 7


def test_every_kind_has_queries_and_the_judged_set_is_complete(bench):
    kinds = bench.targets()
    assert all(kinds.values())
    assert len(kinds["judged, basic"]) == len(bench.judged_queries("basic")) == 53
    assert len(kinds["judged, everyday"]) == len(bench.judged_queries("everyday"))


@pytest.mark.django_db
def test_every_bench_url_answers(bench, client):
    for kind, paths in bench.targets().items():
        for path in paths:
            assert client.get(path).status_code == 200, (kind, path)


def test_figures_replace_the_previous_ones_between_the_markers(bench, tmp_path):
    doc = tmp_path / "search.md"
    doc.write_text(f"# Search\n\n{bench.START}\nold\n{bench.END}\n\n## After\n")
    bench.write(doc, f"{bench.START}\nnew\n{bench.END}")
    text = doc.read_text()
    assert "new" in text and "old" not in text
    assert text.endswith("## After\n") and text.count(bench.START) == 1


@pytest.mark.django_db
def test_refuses_anything_but_postgresql_with_the_scale_data(bench, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["search_latency.py"])
    with pytest.raises(SystemExit) as stop:
        bench.main()
    expected = "fewer than 50000" if settings.IS_POSTGRES else "PostgreSQL"
    assert expected in str(stop.value)
