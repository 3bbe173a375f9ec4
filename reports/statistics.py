"""Public statistics of citizen reports: counts and medians (plain Python).

Counts per status; per category, department, municipality and month (with the
median days to the first public answer and to done), over the public reports
without merged duplicates. One query for the reports' few columns; the medians
are computed here so that SQLite and PostgreSQL give the same numbers. Months are
calendar months of receipt in the portal's time zone; the last ``MONTHS`` months
are listed, months without reports included.
"""

import datetime
import statistics
from collections import Counter, defaultdict

from django.contrib.auth.models import Group
from django.utils import formats, timezone

from reports import services
from reports.choices import OPEN_STATUSES, Status
from reports.models import Category, Report

DAY_SECONDS = 24 * 3600
MONTHS = 12


def _median_days(durations):
    if not durations:
        return None
    return round(statistics.median(durations) / DAY_SECONDS, 1)


class _Bucket:
    """Counts and durations of one row (a category, a department, a month …)."""

    __slots__ = ("counts", "answers", "done")

    def __init__(self):
        self.counts = Counter()
        self.answers = []
        self.done = []

    def add(self, state, answer_seconds, done_seconds):
        self.counts["total"] += 1
        self.counts[state] += 1
        if answer_seconds is not None:
            self.answers.append(answer_seconds)
        if done_seconds is not None:
            self.done.append(done_seconds)

    def row(self, **extra):
        return {
            **extra,
            "total": self.counts["total"],
            "open": self.counts["open"],
            "closed": self.counts["closed"],
            "median_answer_days": _median_days(self.answers),
            "median_done_days": _median_days(self.done),
        }


def _by_total(rows):
    return sorted(rows, key=lambda row: (-row["total"], row["name"]))


def _last_months(today, count=MONTHS):
    """``[(year, month), …]`` of the last ``count`` months, oldest first."""
    year, month = today.year, today.month
    months = []
    for _step in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def compute():
    rows = (
        Report.objects.public()
        .filter(merged_into__isnull=True)
        .values_list(
            "status",
            "category_id",
            "municipality_id",
            "department_id",
            "created_at",
            "first_answer_at",
            "closed_at",
        )
    )
    by_status = Counter()
    by_category = defaultdict(_Bucket)
    by_department = defaultdict(_Bucket)
    by_municipality = defaultdict(_Bucket)
    by_month = defaultdict(_Bucket)
    overall = _Bucket()
    for status, category, municipality, department, created, answered, closed in rows:
        state = "open" if status in OPEN_STATUSES else "closed"
        answer = (answered - created).total_seconds() if answered else None
        done = (
            (closed - created).total_seconds()
            if status == Status.DONE and closed
            else None
        )
        by_status[status] += 1
        local = timezone.localtime(created)
        for bucket in (
            by_category[category],
            by_department[department],
            by_municipality[municipality],
            by_month[(local.year, local.month)],
            overall,
        ):
            bucket.add(state, answer, done)

    category_list = list(Category.objects.filter(pk__in=by_category))
    category_names = services.localized_names(category_list)
    municipality_list = list(services.municipalities().filter(pk__in=by_municipality))
    municipality_names = services.localized_names(municipality_list)
    department_names = dict(
        Group.objects.filter(pk__in=[pk for pk in by_department if pk]).values_list(
            "pk", "name"
        )
    )
    departments = _by_total(
        by_department[pk].row(name=department_names[pk])
        for pk in by_department
        if pk in department_names
    )
    # Reports without a department (none set, or the group was deleted) last.
    unrouted = _Bucket()
    for pk, bucket in by_department.items():
        if pk not in department_names:
            for key, value in bucket.counts.items():
                unrouted.counts[key] += value
            unrouted.answers += bucket.answers
            unrouted.done += bucket.done
    if unrouted.counts["total"]:
        departments.append(unrouted.row(name=None))

    months = [
        by_month.get(key, _Bucket()).row(
            key=f"{key[0]:04d}-{key[1]:02d}",
            name=formats.date_format(
                datetime.date(key[0], key[1], 1), "YEAR_MONTH_FORMAT"
            ),
        )
        for key in _last_months(timezone.localdate())
    ]
    return {
        "total": overall.counts["total"],
        "statuses": [
            {"label": label, "value": value, "count": by_status[value]}
            for value, label in Status.choices
        ],
        "categories": _by_total(
            by_category[c.pk].row(name=category_names[c.pk]) for c in category_list
        ),
        "departments": departments,
        "municipalities": _by_total(
            by_municipality[m.pk].row(name=municipality_names[m.pk])
            for m in municipality_list
        ),
        "months": months,
        "months_count": MONTHS,
        "median_answer_days": _median_days(overall.answers),
        "median_done_days": _median_days(overall.done),
    }
