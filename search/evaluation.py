"""Measured relevance: a judged query set and its mean reciprocal rank (MRR).

A judgement is a query, its language and the URLs of the pages that are a
correct answer (any of them counts). The reciprocal rank of a query is
``1 / rank`` of the first correct page among the first ten results a visitor
sees (``run_search`` with relevance sorting), or 0 if none is there; MRR is
the mean over all queries. ``manage.py search_mrr`` prints it for the demo
content; ``tests/search/test_relevance.py`` fails if it drops.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from wagtail.models import Locale

from search.query import run_search

DEFAULT_JUDGEMENTS = (
    Path(settings.BASE_DIR) / "tests" / "search" / "judged_queries.json"
)


@dataclass
class Judgement:
    query: str
    language: str
    expected: list[str]
    kind: str = ""  # what the query tests: plural, compound, typo, English …


@dataclass
class Result:
    judgement: Judgement
    rank: int | None
    top: list[str] = field(default_factory=list)

    @property
    def reciprocal_rank(self):
        return 1 / self.rank if self.rank else 0.0


def load_judgements(path=DEFAULT_JUDGEMENTS):
    with open(path, encoding="utf-8") as handle:
        return [Judgement(**item) for item in json.load(handle)]


def judge(judgement, locales):
    outcome = run_search(judgement.query, locales[judgement.language])
    top = [hit.page.url for hit in outcome.hits]
    rank = next(
        (
            position
            for position, url in enumerate(top, start=1)
            if url in judgement.expected
        ),
        None,
    )
    return Result(judgement, rank, top)


def evaluate(judgements):
    """``(mrr, [Result, …])`` over the judged queries."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    results = [judge(judgement, locales) for judgement in judgements]
    mrr = sum(result.reciprocal_rank for result in results) / len(results)
    return mrr, results
