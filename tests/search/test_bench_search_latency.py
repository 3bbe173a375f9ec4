"""bench/search_latency.py: its queries are valid and it refuses a small index."""

import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.http import QueryDict

from search.forms import SearchForm
from tests.bench_scripts import load_bench_script


@pytest.fixture(scope="module")
def bench():
    return load_bench_script("search_latency")


def test_every_kind_has_queries_and_the_judged_set_is_complete(bench):
    kinds = bench.targets()
    assert all(kinds.values())
    assert len(kinds["judged, basic"]) == len(bench.judged_queries("basic")) == 53
    assert len(kinds["judged, everyday"]) == len(bench.judged_queries("everyday"))


def _shape(path):
    """What decides how the search view treats a judged query: its language
    (path), its parameters and whether it has one word or several (several
    words go through the relaxed search first, then all of them through the
    correction and the prefix fallback)."""
    url = urlsplit(path)
    params = parse_qs(url.query)
    return url.path, tuple(sorted(params)), len(params["q"][0].split()) > 1


@pytest.mark.django_db
def test_every_bench_url_answers(bench, client):
    """Every URL of the bench is a valid request that answers 200. The judged
    sets' 140 URLs differ only in the query text: each is checked by the search
    form, and one of each shape is sent (``_shape``), since on the empty index
    the view treats the others alike; every judged query is searched on the demo
    by tests/search/test_relevance.py. The other kinds' URLs are all sent."""
    sent = set()
    for kind, paths in bench.targets().items():
        for path in paths:
            if kind.startswith("judged"):
                url = urlsplit(path)
                form = SearchForm(QueryDict(url.query))
                assert form.is_valid(), (kind, path, form.errors)
                assert form.cleaned_data["q"], (kind, path)
                if _shape(path) in sent:
                    continue
                sent.add(_shape(path))
            assert client.get(path).status_code == 200, (kind, path)
    # both languages, one and several words
    assert {(path, several) for path, _params, several in sent} == {
        (bench.SEARCH[language], several)
        for language in ("de", "en")
        for several in (False, True)
    }


@pytest.mark.django_db
def test_refuses_anything_but_postgresql_with_the_scale_data(bench, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["search_latency.py"])
    with pytest.raises(SystemExit) as stop:
        bench.main()
    expected = "fewer than 50000" if settings.IS_POSTGRES else "PostgreSQL"
    assert expected in str(stop.value)
