"""bench/search_latency.py: its queries are valid and it refuses a small index."""

import sys

import pytest
from django.conf import settings

from tests.bench_scripts import load_bench_script


@pytest.fixture(scope="module")
def bench():
    return load_bench_script("search_latency")


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


@pytest.mark.django_db
def test_refuses_anything_but_postgresql_with_the_scale_data(bench, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["search_latency.py"])
    with pytest.raises(SystemExit) as stop:
        bench.main()
    expected = "fewer than 50000" if settings.IS_POSTGRES else "PostgreSQL"
    assert expected in str(stop.value)
