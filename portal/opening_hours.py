"""Structured opening hours: weekly hours, seasons and exceptions, and "open now".

Shared by every app that shows when a place is open (tourism today, the
business directory later). Editors fill an ``OpeningHoursBlock`` stream:

* **regular hours** – days of the week with an opening and a closing time;
* **seasons** – a date range (repeating every year unless told otherwise) with
  its own weekly hours, replacing the regular hours on those dates;
* **exceptions** – single dates or date ranges: closed, or special hours
  (holidays, company outings); they beat seasons and regular hours.

All times are local wall-clock times of ``settings.TIME_ZONE`` (Europe/Berlin):
"10:00–18:00" means ten in the morning on winter days and on summer days alike.
:class:`OpeningHours` turns the stream into intervals of aware datetimes and
compares instants in UTC, so a clock change day answers correctly.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

UTC = datetime.UTC

WEEKDAYS = [
    ("mo", _("Monday")),
    ("tu", _("Tuesday")),
    ("we", _("Wednesday")),
    ("th", _("Thursday")),
    ("fr", _("Friday")),
    ("sa", _("Saturday")),
    ("su", _("Sunday")),
]
DAY_KEYS = [key for key, _label in WEEKDAYS]
SCHEMA_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


# --- Blocks -------------------------------------------------------------------------
def _check_times(opens, closes, errors):
    if opens and closes and closes <= opens and closes != datetime.time(0, 0):
        errors["closes"] = ValidationError(
            _("The closing time must be after the opening time (00:00 means midnight).")
        )


class WeeklyHoursBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(
        label=_("Days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    opens = blocks.TimeBlock(label=_("Opens"))
    closes = blocks.TimeBlock(
        label=_("Closes"), help_text=_("00:00 means open until midnight.")
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        _check_times(value.get("opens"), value.get("closes"), errors)
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "time"
        label = _("Regular hours")
        form_classname = "struct-block opening-hours-weekly"


class SeasonBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=80, required=False)
    starts = blocks.DateBlock(label=_("First day"))
    ends = blocks.DateBlock(label=_("Last day"))
    repeats_yearly = blocks.BooleanBlock(
        label=_("Every year"),
        required=False,
        default=True,
        help_text=_("The season comes back every year on the same days."),
    )
    hours = blocks.ListBlock(WeeklyHoursBlock(), label=_("Hours in this season"))

    def clean(self, value):
        value = super().clean(value)
        starts, ends = value.get("starts"), value.get("ends")
        if starts and ends and ends < starts and not value.get("repeats_yearly"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "ends": ValidationError(
                        _("The last day must not be before the first day.")
                    )
                }
            )
        return value

    class Meta:
        icon = "date"
        label = _("Season")


class ExceptionBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    end_date = blocks.DateBlock(
        label=_("Until (optional)"),
        required=False,
        help_text=_("For closures of several days, the last day."),
    )
    closed = blocks.BooleanBlock(label=_("Closed"), required=False, default=True)
    opens = blocks.TimeBlock(label=_("Opens"), required=False)
    closes = blocks.TimeBlock(label=_("Closes"), required=False)
    note = blocks.CharBlock(label=_("Note"), max_length=120, required=False)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("end_date") and value["end_date"] < value["date"]:
            errors["end_date"] = ValidationError(
                _("The last day must not be before the first day.")
            )
        if not value.get("closed"):
            if not value.get("opens"):
                errors["opens"] = ValidationError(
                    _("Enter the opening time, or tick 'Closed'.")
                )
            if not value.get("closes"):
                errors["closes"] = ValidationError(
                    _("Enter the closing time, or tick 'Closed'.")
                )
            _check_times(value.get("opens"), value.get("closes"), errors)
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "warning"
        label = _("Exception or closure")


class OpeningHoursBlock(blocks.StreamBlock):
    weekly = WeeklyHoursBlock()
    season = SeasonBlock()
    exception = ExceptionBlock()

    class Meta:
        label = _("Opening hours")
        help_text = _(
            "Regular hours apply unless a season covers the date; exceptions "
            "(holidays, closures) beat both. Times are local (Europe/Berlin)."
        )


# --- Logic ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    days: tuple
    opens: datetime.time
    closes: datetime.time

    def on(self, weekday):
        return DAY_KEYS[weekday] in self.days


@dataclass(frozen=True)
class Season:
    starts: datetime.date
    ends: datetime.date
    periods: tuple
    repeats_yearly: bool = True
    name: str = ""

    def covers(self, day):
        if not self.repeats_yearly:
            return self.starts <= day <= self.ends
        start = (self.starts.month, self.starts.day)
        end = (self.ends.month, self.ends.day)
        key = (day.month, day.day)
        if start <= end:
            return start <= key <= end
        return key >= start or key <= end  # a season across New Year


@dataclass(frozen=True)
class Exception_:
    starts: datetime.date
    ends: datetime.date
    closed: bool = True
    opens: datetime.time | None = None
    closes: datetime.time | None = None
    note: str = ""

    def covers(self, day):
        return self.starts <= day <= self.ends


@dataclass
class OpeningHours:
    regular: list = field(default_factory=list)
    seasons: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)

    @classmethod
    def from_stream(cls, stream):
        """Build from an ``OpeningHoursBlock`` stream value (or ``None``)."""
        hours = cls()
        for child in stream or []:
            value = child.value
            if child.block_type == "weekly":
                hours.regular.append(_period(value))
            elif child.block_type == "season":
                hours.seasons.append(
                    Season(
                        starts=value["starts"],
                        ends=value["ends"],
                        periods=tuple(_period(item) for item in value["hours"]),
                        repeats_yearly=bool(value.get("repeats_yearly")),
                        name=value.get("name") or "",
                    )
                )
            elif child.block_type == "exception":
                hours.exceptions.append(
                    Exception_(
                        starts=value["date"],
                        ends=value.get("end_date") or value["date"],
                        closed=bool(value.get("closed")),
                        opens=value.get("opens"),
                        closes=value.get("closes"),
                        note=value.get("note") or "",
                    )
                )
        return hours

    def __bool__(self):
        return bool(self.regular or self.seasons or self.exceptions)

    # -- what applies on a day
    def exception_on(self, day):
        return next((item for item in self.exceptions if item.covers(day)), None)

    def season_on(self, day):
        return next((item for item in self.seasons if item.covers(day)), None)

    def times_on(self, day):
        """``[(opens, closes), …]`` in local time for a date, sorted."""
        exception = self.exception_on(day)
        if exception is not None:
            if exception.closed:
                return []
            return [(exception.opens, exception.closes)]
        season = self.season_on(day)
        periods = season.periods if season is not None else self.regular
        return sorted(
            (period.opens, period.closes)
            for period in periods
            if period.on(day.weekday())
        )

    def intervals_on(self, day, zone=None):
        """Aware ``(start, end)`` datetimes in UTC for a local date."""
        zone = zone or local_zone()
        intervals = []
        for opens, closes in self.times_on(day):
            start = datetime.datetime.combine(day, opens, tzinfo=zone)
            end_day = day + datetime.timedelta(days=1) if closes <= opens else day
            end = datetime.datetime.combine(end_day, closes, tzinfo=zone)
            intervals.append((start.astimezone(UTC), end.astimezone(UTC)))
        return intervals

    # -- questions visitors ask
    def is_open(self, at=None):
        return self.current_interval(at) is not None

    def current_interval(self, at=None):
        zone = local_zone()
        at = (at or timezone.now()).astimezone(UTC)
        today = at.astimezone(zone).date()
        for day in (today - datetime.timedelta(days=1), today):
            for start, end in self.intervals_on(day, zone):
                if start <= at < end:
                    return start, end
        return None

    def next_opening(self, at=None, horizon_days=14):
        zone = local_zone()
        at = (at or timezone.now()).astimezone(UTC)
        today = at.astimezone(zone).date()
        for offset in range(horizon_days + 1):
            for start, _end in self.intervals_on(
                today + datetime.timedelta(offset), zone
            ):
                if start > at:
                    return start
        return None

    def status(self, at=None):
        """A small dict for templates: open now, until when, or when next."""
        zone = local_zone()
        interval = self.current_interval(at)
        if interval is not None:
            return {"open": True, "until": interval[1].astimezone(zone)}
        upcoming = self.next_opening(at)
        return {
            "open": False,
            "next": upcoming.astimezone(zone) if upcoming else None,
        }

    def week(self, start=None):
        """The next seven days: ``[{"date", "times", "exception", "season"}, …]``."""
        start = start or timezone.localdate()
        days = []
        for offset in range(7):
            day = start + datetime.timedelta(days=offset)
            days.append(
                {
                    "date": day,
                    "times": self.times_on(day),
                    "exception": self.exception_on(day),
                    "season": self.season_on(day),
                }
            )
        return days

    def upcoming_exceptions(self, start=None, limit=5):
        start = start or timezone.localdate()
        return sorted(
            (item for item in self.exceptions if item.ends >= start),
            key=lambda item: item.starts,
        )[:limit]

    # -- in words
    def summary(self):
        """The regular weekly hours as short lines, e.g. ``["Mo–Fr 8:00–16:00",
        "Sa 9:00–12:00"]`` (weekday abbreviations in the active language);
        closed days are left out."""
        return _week_summary(self.regular)

    def seasons_summary(self):
        """``[(season, "Mo–So 10:00–18:00; …"), …]`` for every season."""
        return [
            (season, "; ".join(_week_summary(season.periods)))
            for season in self.seasons
        ]

    def as_text(self):
        """Regular hours and seasons in one line (CSV exports)."""
        parts = ["; ".join(self.summary())] if self.regular else []
        for season, text in self.seasons_summary():
            if season.repeats_yearly:
                span = f"{season.starts:%d.%m.}–{season.ends:%d.%m.}"
            else:
                span = f"{season.starts:%d.%m.%Y}–{season.ends:%d.%m.%Y}"
            label = f"{season.name} ({span})" if season.name else span
            parts.append(f"{label}: {text}")
        return " | ".join(part for part in parts if part)

    # -- schema.org
    def to_schema(self):
        """``openingHoursSpecification`` entries (schema.org)."""
        specs = []

        def add(periods, valid_from=None, valid_through=None):
            for period in periods:
                spec = {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [
                        f"https://schema.org/{SCHEMA_DAYS[DAY_KEYS.index(day)]}"
                        for day in period.days
                    ],
                    "opens": period.opens.strftime("%H:%M"),
                    "closes": period.closes.strftime("%H:%M"),
                }
                if valid_from:
                    spec["validFrom"] = valid_from.isoformat()
                    spec["validThrough"] = valid_through.isoformat()
                specs.append(spec)

        add(self.regular)
        today = timezone.localdate()
        for season in self.seasons:
            starts, ends = season.starts, season.ends
            if season.repeats_yearly:
                starts = _this_year(starts, today.year)
                ends = _this_year(ends, today.year)
                if ends < starts:
                    ends = _this_year(ends, today.year + 1)
                if ends < today:
                    starts = _this_year(starts, today.year + 1)
                    ends = _this_year(ends, today.year + 1 + (ends < starts))
            add(season.periods, starts, ends)
        for exception in self.exceptions:
            spec = {
                "@type": "OpeningHoursSpecification",
                "validFrom": exception.starts.isoformat(),
                "validThrough": exception.ends.isoformat(),
            }
            if exception.closed:
                spec["opens"] = spec["closes"] = "00:00"
            else:
                spec["opens"] = exception.opens.strftime("%H:%M")
                spec["closes"] = exception.closes.strftime("%H:%M")
            specs.append(spec)
        return specs


def _clock(value):
    return f"{value.hour}:{value.minute:02d}"


def _week_summary(periods):
    """Group consecutive weekdays with the same hours: ``Mo–Fr 8:00–16:00``."""
    from django.utils.dates import WEEKDAYS_ABBR

    times = []
    for weekday in range(7):
        day_times = sorted(
            (period.opens, period.closes) for period in periods if period.on(weekday)
        )
        times.append(tuple(day_times))
    lines = []
    weekday = 0
    while weekday < 7:
        if not times[weekday]:
            weekday += 1
            continue
        last = weekday
        while last + 1 < 7 and times[last + 1] == times[weekday]:
            last += 1
        first_name, last_name = str(WEEKDAYS_ABBR[weekday]), str(WEEKDAYS_ABBR[last])
        if last == weekday:
            days = first_name
        elif last == weekday + 1:
            days = f"{first_name}, {last_name}"
        else:
            days = f"{first_name}–{last_name}"
        hours = ", ".join(f"{_clock(o)}–{_clock(c)}" for o, c in times[weekday])
        lines.append(f"{days} {hours}")
        weekday = last + 1
    return lines


def _period(value):
    return Period(
        days=tuple(value["days"]), opens=value["opens"], closes=value["closes"]
    )


def _this_year(day, year):
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)
