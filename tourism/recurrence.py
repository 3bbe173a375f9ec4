"""Recurring events: RRULE parsing, validation and expansion (python-dateutil).

Rules are expanded in the event's own time zone on wall-clock time, so a
weekly 10:00 event stays at 10:00 across the clock change.
"""

import collections
import datetime
import itertools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rruleset, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_OCCURRENCES = 500  # materialised per event
HORIZON_DAYS = 2 * 365  # how far ahead unbounded rules are materialised
KEEP_PAST_DAYS = 365  # how far back dates of endless series are kept
ROLL_MARGIN_DAYS = 30  # roll a series forward when its stored dates end sooner


def zone(name):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Unknown time zone: %(name)s"), params={"name": name}
        ) from error


def normalise_rule(text):
    """Strip an optional ``RRULE:`` prefix and whitespace; upper-case."""
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.upper()


def is_open_ended(rule_text):
    """A rule without COUNT or UNTIL: it repeats for ever."""
    rule_text = normalise_rule(rule_text)
    if not rule_text:
        return False
    keys = {part.partition("=")[0] for part in rule_text.split(";")}
    return not keys & {"COUNT", "UNTIL"}


def has_count_and_until(rule_text):
    """Both ends in one rule, which RFC 5545 (3.3.10) forbids."""
    keys = {part.partition("=")[0] for part in normalise_rule(rule_text).split(";")}
    return {"COUNT", "UNTIL"} <= keys


def check_one_end(rule_text):
    """Refuse a new rule with both COUNT and UNTIL (the forms call this; a rule
    stored before keeps working, see ``build_rule``)."""
    if has_count_and_until(rule_text):
        raise ValidationError(
            _(
                "A repetition ends either on a last day (UNTIL) or after a number "
                "of dates (COUNT), not both: remove one of them."
            )
        )


def parse_exception_dates(text):
    """Dates from the editor's text, one per line (``YYYY-MM-DD``)."""
    dates = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            dates.append(datetime.date.fromisoformat(line))
        except ValueError as error:
            raise ValidationError(
                _("Line %(number)s is not a date like 2026-12-24: %(line)s"),
                params={"number": number, "line": line},
            ) from error
    return dates


def _local_until(rule_text, local):
    """Rewrite ``UNTIL=…Z`` (UTC, as RFC 5545 wants it) to local wall time."""
    parts = []
    for part in rule_text.split(";"):
        key, _sep, value = part.partition("=")
        if key == "UNTIL" and value.endswith("Z"):
            moment = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.UTC
            )
            value = moment.astimezone(local).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key}={value}" if _sep else part)
    return ";".join(parts)


# Events repeat at most daily; finer rules would make expansion step through every
# second of the horizon.
ALLOWED_FREQUENCIES = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}
# A rule must produce its first date within this span.
FIRST_DATE_SEARCH = datetime.timedelta(days=5 * 366)
# The Gregorian calendar repeats every 400 years (146,097 days, whole weeks).
CALENDAR_CYCLE_YEARS = 400


def _check_parts(rule_text):
    """Refuse what dateutil would accept but cannot iterate in bounded time."""
    parts = dict(part.partition("=")[::2] for part in rule_text.split(";") if part)
    if "FREQ" in parts and parts["FREQ"] not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("The rule must repeat yearly, monthly, weekly or daily (FREQ).")
        )
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 1000:
        raise ValidationError(_("INTERVAL must be a whole number from 1 to 1000."))


def first_date_search_start(dtstart):
    """``dtstart`` moved by whole calendar cycles as close to the year 9999 as fits.

    dateutil stops a rule that never matches (30 February) only when it runs out
    of years: from 2026 a daily rule took 2.7 s of CPU to say so. Moved by whole
    400-year cycles, every date keeps its weekday and leap year, so the rule finds
    the same dates in the same span and gives up after at most about 400 years.
    """
    last_year = datetime.MAXYEAR - FIRST_DATE_SEARCH.days // 365 - 1
    cycles = max(0, (last_year - dtstart.year) // CALENDAR_CYCLE_YEARS)
    return dtstart.replace(year=dtstart.year + cycles * CALENDAR_CYCLE_YEARS)


def _first_date(rule, dtstart):
    """The rule's first date within ``FIRST_DATE_SEARCH`` of ``dtstart``, or None."""
    moved = first_date_search_start(dtstart)
    shift = moved.year - dtstart.year
    until = rule._until  # noqa: SLF001
    if until is not None and until > dtstart + FIRST_DATE_SEARCH:
        until = None  # beyond the search span: no bound on it
    if until is not None:
        until = until.replace(year=until.year + shift)
    found = rule.replace(dtstart=moved, until=until).between(
        moved, moved + FIRST_DATE_SEARCH, inc=True
    )
    return found[0].replace(year=found[0].year - shift) if found else None


def _count_beside_until(rule_text):
    """``(rule without COUNT, count)`` for a stored rule with both COUNT and
    UNTIL, else ``(rule, None)``. Such a rule (refused since, ``check_one_end``)
    ends with whichever comes first, as it always did; dateutil takes both only
    with a deprecation warning and will refuse them, so the count is applied
    here (``_ended_by_count``)."""
    if not has_count_and_until(rule_text):
        return rule_text, None
    parts = rule_text.split(";")
    values = [part.partition("=")[2] for part in parts if part.startswith("COUNT=")]
    if len(values) != 1 or not values[0].isdigit() or int(values[0]) < 1:
        return rule_text, None  # malformed: dateutil's own message
    return ";".join(p for p in parts if not p.startswith("COUNT=")), int(values[0])


def _ended_by_count(rule, count):
    """``rule`` (with UNTIL) ending at its ``count``-th date if that comes first."""
    last = collections.deque(itertools.islice(rule, count), maxlen=1)
    if last and last[0] < rule._until:  # noqa: SLF001
        return rule.replace(until=last[0])
    return rule


def build_rule(rule_text, dtstart, local=None):
    """A dateutil rule on naive local wall time; ValidationError if impossible.

    ``dtstart`` is the first start as a naive local datetime.
    """
    rule_text = normalise_rule(rule_text)
    if "DTSTART" in rule_text or "\n" in rule_text or "RRULE" in rule_text:
        raise ValidationError(
            _("Enter only the rule itself, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=10.")
        )
    _check_parts(rule_text)
    rule_text, count = _count_beside_until(rule_text)
    invalid = _("This is not a valid recurrence rule (RFC 5545 RRULE): %(error)s")
    try:
        rule = rrulestr(_local_until(rule_text, local or zone("UTC")), dtstart=dtstart)
        if isinstance(rule, rruleset):
            raise ValueError(rule_text)
        first = _first_date(rule, dtstart)
        if count is not None and first is not None:
            rule = _ended_by_count(rule, count)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise ValidationError(
            invalid, params={"error": str(error) or rule_text}
        ) from error
    if rule._until is not None and rule._until < dtstart:  # noqa: SLF001
        raise ValidationError(_("The rule ends (UNTIL) before the event starts."))
    if first is None:
        raise ValidationError(
            _(
                "This rule produces no date in the next five years (e.g. 30 "
                "February); check BYMONTH and BYMONTHDAY."
            )
        )
    return rule


def expand(
    start,
    end,
    rule_text="",
    exception_dates=(),
    tz_name="Europe/Berlin",
    window_start=None,
    window_end=None,
    limit=MAX_OCCURRENCES,
    horizon_from=None,
):
    """``[(start, end), …]`` aware datetimes of every occurrence.

    ``start``/``end`` are aware datetimes of the first occurrence. Without a
    rule, that one occurrence. Occurrences are limited to the window (if
    given), to ``HORIZON_DAYS`` after the start (or after ``horizon_from``,
    if later; the roll-forward passes "now") and to ``limit`` dates within
    the window.
    """
    local = zone(tz_name)
    first_start = start.astimezone(local)
    duration = (end - start) if end else datetime.timedelta(0)
    if not normalise_rule(rule_text):
        occurrences = [first_start]
    else:
        naive_start = first_start.replace(tzinfo=None)
        rules = rruleset()
        rules.rrule(build_rule(rule_text, naive_start, local))
        for day in exception_dates:
            rules.exdate(datetime.datetime.combine(day, naive_start.time()))
        horizon_base = naive_start
        if horizon_from is not None:
            horizon_base = max(
                naive_start, horizon_from.astimezone(local).replace(tzinfo=None)
            )
        stop = horizon_base + datetime.timedelta(days=HORIZON_DAYS)
        if window_end:
            stop = min(stop, window_end.astimezone(local).replace(tzinfo=None))
        occurrences = []
        for occurrence in rules:
            if occurrence > stop or len(occurrences) >= limit:
                break
            aware = occurrence.replace(tzinfo=local)
            # Dates before the window do not count towards the limit, so a
            # long-running series still yields its upcoming dates.
            if window_start and _add_wall(aware, duration, local) < window_start:
                continue
            occurrences.append(aware)
    result = []
    for occurrence in occurrences:
        occurrence_end = _add_wall(occurrence, duration, local)
        if window_start and occurrence_end < window_start:
            continue
        if window_end and occurrence > window_end:
            continue
        result.append((occurrence, occurrence_end))
    return result


def _add_wall(moment, duration, local):
    """Add a duration in wall-clock terms (a 3-hour event stays 10:00–13:00)."""
    naive = moment.replace(tzinfo=None) + duration
    return naive.replace(tzinfo=local)
