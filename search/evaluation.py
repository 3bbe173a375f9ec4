"""Measured relevance: judged query sets, success@5 and mean reciprocal rank (MRR).

A judgement is a query, its language and the URLs of the pages that are a
correct answer (any of them counts). The reciprocal rank of a query is
``1 / rank`` of the first correct page among the first ten results a visitor
sees (``run_search`` with relevance sorting; the best services that a task
word such as "Antrag" puts first count first), or 0 if none is there; MRR is
the mean over all queries, success@5 the share of queries with a correct
page among the first five.

The sets live in ``search/judged/`` (one JSON file per set, all about the
demo content): ``basic.json`` (place names, events, datasets, plurals, a few
compounds and typos) and ``everyday.json`` (what citizens type: compounds and
their parts, synonyms, typos, transliterated umlauts, task words).
``manage.py search_mrr`` prints the figures; the tests marked ``demo`` in
``tests/search/test_relevance.py`` fail if they drop.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Locale

from search.query import run_search

JUDGED = Path(__file__).resolve().parent / "judged"
JUDGED_SETS = {"basic": JUDGED / "basic.json", "everyday": JUDGED / "everyday.json"}
DEFAULT_JUDGEMENTS = JUDGED_SETS["basic"]


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


@dataclass
class Evaluation:
    results: list[Result]

    @property
    def mrr(self):
        return sum(r.reciprocal_rank for r in self.results) / len(self.results)

    def success_at(self, cutoff):
        found = sum(1 for r in self.results if r.rank and r.rank <= cutoff)
        return found / len(self.results)

    @property
    def first(self):
        return sum(1 for result in self.results if result.rank == 1)


def load_judgements(path=DEFAULT_JUDGEMENTS):
    with open(path, encoding="utf-8") as handle:
        return [Judgement(**item) for item in json.load(handle)]


def judge(judgement, locales):
    outcome = run_search(judgement.query, locales[judgement.language])
    top = [hit.url for hit in outcome.ranked_hits][:10]
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
    evaluation = evaluate_set(judgements)
    return evaluation.mrr, evaluation.results


def evaluate_set(judgements):
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    return Evaluation([judge(judgement, locales) for judgement in judgements])
