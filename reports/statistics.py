"""Public statistics of citizen reports: counts and medians (plain Python).

Counts per status, per category (with the median days to the first public answer
and to done) and per municipality, over the public reports without merged
duplicates. One query for the reports' few columns; the medians are computed here
so that SQLite and PostgreSQL give the same numbers.
"""

import statistics
from collections import Counter, defaultdict

from reports import services
from reports.choices import OPEN_STATUSES, Status
from reports.models import Category, Report

DAY_SECONDS = 24 * 3600


def _median_days(durations):
    if not durations:
        return None
    return round(statistics.median(durations) / DAY_SECONDS, 1)


def compute():
    rows = (
        Report.objects.public()
        .filter(merged_into__isnull=True)
        .values_list(
            "status",
            "category_id",
            "municipality_id",
            "created_at",
            "first_answer_at",
            "closed_at",
        )
    )
    by_status = Counter()
    by_category = defaultdict(Counter)
    by_municipality = defaultdict(Counter)
    answer_times, done_times = defaultdict(list), defaultdict(list)
    all_answers, all_done = [], []
    for status, category, municipality, created, answered, closed in rows:
        state = "open" if status in OPEN_STATUSES else "closed"
        by_status[status] += 1
        for bucket in (by_category[category], by_municipality[municipality]):
            bucket["total"] += 1
            bucket[state] += 1
        if answered:
            seconds = (answered - created).total_seconds()
            answer_times[category].append(seconds)
            all_answers.append(seconds)
        if status == Status.DONE and closed:
            seconds = (closed - created).total_seconds()
            done_times[category].append(seconds)
            all_done.append(seconds)
    category_list = list(Category.objects.filter(pk__in=by_category))
    category_names = services.localized_names(category_list)
    municipality_list = list(services.municipalities().filter(pk__in=by_municipality))
    municipality_names = services.localized_names(municipality_list)
    categories = sorted(
        (
            {
                "name": category_names[c.pk],
                "total": by_category[c.pk]["total"],
                "open": by_category[c.pk]["open"],
                "closed": by_category[c.pk]["closed"],
                "median_answer_days": _median_days(answer_times[c.pk]),
                "median_done_days": _median_days(done_times[c.pk]),
            }
            for c in category_list
        ),
        key=lambda row: (-row["total"], row["name"]),
    )
    municipalities = sorted(
        (
            {
                "name": municipality_names[m.pk],
                "total": by_municipality[m.pk]["total"],
                "open": by_municipality[m.pk]["open"],
                "closed": by_municipality[m.pk]["closed"],
            }
            for m in municipality_list
        ),
        key=lambda row: (-row["total"], row["name"]),
    )
    return {
        "total": sum(by_status.values()),
        "statuses": [
            {"label": label, "value": value, "count": by_status[value]}
            for value, label in Status.choices
        ],
        "categories": categories,
        "municipalities": municipalities,
        "median_answer_days": _median_days(all_answers),
        "median_done_days": _median_days(all_done),
    }
