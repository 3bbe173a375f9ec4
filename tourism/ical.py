"""iCalendar (RFC 5545) output with the ``icalendar`` library."""

import datetime
import re
import zoneinfo
from importlib import resources
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)
from wagtail.models import Locale

from . import recurrence
from .models import AttractionPage, TourismCategory
from .models.events import EventStatus
from .models.taxonomy import localized_map

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def uid_domain():
    """The domain part of every UID: configured, never the request's Host header
    (subscribers would see each event twice when the host name changes)."""
    return settings.ICAL_UID_DOMAIN or (
        urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "regionalportal"
    )


def _uid(event, request=None):
    return f"{event.translation_key}-{event.locale.language_code}@{uid_domain()}"


# --- VTIMEZONE with yearly rules --------------------------------------------------------
# icalendar's add_missing_timezones() lists each transition as an RDATE up to a
# last date (2038 by default), so an open-ended recurrence outlives its time zone.
# A zone's current rule (the POSIX TZ string at the end of its TZif file, e.g.
# "CET-1CEST,M3.5.0,M10.5.0/3") is written as yearly RRULEs without an end instead.
POSIX_RULE = re.compile(
    r"(?P<std><[^>]+>|[A-Za-z]+)(?P<std_offset>[+-]?[\d:]+)"
    r"(?P<dst><[^>]+>|[A-Za-z]+)(?P<dst_offset>[+-]?[\d:]+)?"
    r",M(?P<dst_month>\d+)\.(?P<dst_week>\d)\.(?P<dst_day>\d)(?:/(?P<dst_time>[+-]?[\d:]+))?"
    r",M(?P<std_month>\d+)\.(?P<std_week>\d)\.(?P<std_day>\d)(?:/(?P<std_time>[+-]?[\d:]+))?$"
)
WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def _posix_rule(tzid):
    try:
        data = (
            resources.files("tzdata.zoneinfo").joinpath(*tzid.split("/")).read_bytes()
        )
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        for root in zoneinfo.TZPATH:
            try:
                with open(f"{root}/{tzid}", "rb") as handle:
                    data = handle.read()
                break
            except OSError:
                continue
        else:
            return None
    lines = data.rstrip(b"\n").splitlines()
    return lines[-1].decode("ascii", "replace") if lines else None


def _seconds(text, default):
    if not text:
        return default
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _transition(month, week, day, time_seconds, offset_from, name, offset_to, kind):
    component = kind()
    # DTSTART: the rule's first onset in 1970, in local time before the change
    month, weekday = int(month), (int(day) - 1) % 7  # POSIX 0 = Sunday
    first = datetime.date(1970, month, 1)
    first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
    if int(week) == 5:
        while (first + datetime.timedelta(days=7)).month == month:
            first += datetime.timedelta(days=7)
    else:
        first += datetime.timedelta(days=7 * (int(week) - 1))
    start = datetime.datetime.combine(first, datetime.time()) + datetime.timedelta(
        seconds=time_seconds
    )
    component.add("dtstart", start)
    component.add("tzoffsetfrom", datetime.timedelta(seconds=offset_from))
    component.add("tzoffsetto", datetime.timedelta(seconds=offset_to))
    component.add("tzname", name.strip("<>"))
    ordinal = -1 if int(week) == 5 else int(week)
    component.add(
        "rrule",
        {
            "freq": "yearly",
            "bymonth": int(month),
            "byday": f"{ordinal}{WEEKDAYS[int(day)]}",
        },
    )
    return component


def yearly_timezone(tzid):
    """A VTIMEZONE whose rules repeat every year without end, or None when the
    zone has no yearly daylight saving rule (then icalendar's is used)."""
    rule = _posix_rule(tzid)
    match = POSIX_RULE.match(rule or "")
    if not match:
        return None
    standard = -_seconds(match["std_offset"], 0)  # POSIX offsets are west-positive
    daylight = -_seconds(match["dst_offset"], -standard - 3600)
    timezone_component = Timezone()
    timezone_component.add("tzid", tzid)
    timezone_component.add_component(
        _transition(
            match["dst_month"], match["dst_week"], match["dst_day"],
            _seconds(match["dst_time"], 7200), standard, match["dst"], daylight,
            TimezoneDaylight,
        )
    )  # fmt: skip
    timezone_component.add_component(
        _transition(
            match["std_month"], match["std_week"], match["std_day"],
            _seconds(match["std_time"], 7200), daylight, match["std"], standard,
            TimezoneStandard,
        )
    )  # fmt: skip
    return timezone_component


def add_timezones(calendar):
    """VTIMEZONEs for every TZID used: yearly rules where the zone has them."""
    used = set()
    for component in calendar.walk():
        for value in component.property_items(recursive=False):
            params = getattr(value[1], "params", None)
            if params and "TZID" in params:
                used.add(str(params["TZID"]))
    for tzid in sorted(used):
        component = yearly_timezone(tzid)
        if component is not None:
            calendar.subcomponents.insert(0, component)
    calendar.add_missing_timezones()


def _rrule(event):
    rule = vRecur.from_ical(event.recurrence_rule)
    if recurrence.has_count_and_until(event.recurrence_rule):
        # stored before both were refused: RFC 5545 allows one, so the feed
        # gives the day the series really ends (whichever came first)
        del rule["COUNT"]
        start = event.local_start().replace(tzinfo=None)
        if event.all_day:  # the series is expanded from midnight (occurrences)
            start = datetime.datetime.combine(start.date(), datetime.time(0))
        try:
            series = recurrence.build_rule(event.recurrence_rule, start, event.zone)
            rule["UNTIL"] = [series._until]  # noqa: SLF001
        except ValidationError:
            pass  # the listing shows its first date only; the rule as it is
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        # RFC 5545: with a TZID start, UNTIL must be in UTC (or a date for all-day).
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=event.zone)
            rule["UNTIL"] = [value.astimezone(datetime.UTC)]
        if event.all_day:
            rule["UNTIL"] = [
                value.astimezone(event.zone).date()
                if isinstance(value, datetime.datetime)
                else value
            ]
    return rule


def event_component(event, request=None, stamp=None):
    component = Event()
    component.add("uid", _uid(event, request))
    component.add("dtstamp", stamp or timezone.now())
    component.add("summary", event.title)
    description = event.get_teaser_text()
    if description:
        component.add("description", description)
    url = event.get_full_url(request)
    if url:
        component.add("url", url)
    local_start = event.local_start()
    if event.all_day:
        first_day = local_start.date()
        last_day = (event.end or event.start).astimezone(event.zone).date()
        component.add("dtstart", first_day)
        component.add("dtend", last_day + datetime.timedelta(days=1))
    else:
        component.add("dtstart", local_start)
        if event.end:
            component.add("dtend", event.end.astimezone(event.zone))
    if event.is_recurring:
        component.add("rrule", _rrule(event))
        exception_dates = event.exception_dates()
        if exception_dates:
            if event.all_day:
                component.add("exdate", exception_dates)
            else:
                component.add(
                    "exdate",
                    [
                        datetime.datetime.combine(
                            day, local_start.time(), tzinfo=event.zone
                        )
                        for day in exception_dates
                    ],
                )
    component.add("status", ICAL_STATUS[event.status])
    if event.status == EventStatus.MOVED_ONLINE:
        component.add("location", event.online_url)
    else:
        location = ", ".join(
            part for part in (event.venue_label(), event.location_line()) if part
        )
        if location:
            component.add("location", location)
        venue = event.venue if event.venue_page_id else None
        if venue is not None and venue.has_coordinates:
            component.add("geo", (float(venue.latitude), float(venue.longitude)))
    if event.category_id:
        category = getattr(event, "localized_category", None)
        category = category or event.category.localized
        component.add("categories", [category.name])
    if event.organiser_email:
        organiser = vCalAddress(f"mailto:{event.organiser_email}")
        if event.organiser_name:
            organiser.params["cn"] = vText(event.organiser_name)
        component.add("organizer", organiser)
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    return component


def localize_related(events):
    """Categories and venues of many events in the active language, in two
    queries instead of several per event (set on each event)."""
    locale = Locale.get_active()
    categories = localized_map(
        TourismCategory, [event.category for event in events], locale
    )
    venues = [event.venue_page for event in events if event.venue_page_id]
    keys = {venue.translation_key for venue in venues if venue.locale_id != locale.pk}
    translated = {}
    if keys:
        translated = {
            page.translation_key: page
            for page in AttractionPage.objects.live().filter(
                translation_key__in=keys, locale=locale
            )
        }
    for event in events:
        if event.category_id:
            event.localized_category = categories.get(event.category_id)
        if event.venue_page_id:
            venue = event.venue_page
            if venue.locale_id != locale.pk:
                venue = translated.get(venue.translation_key, venue)
            event.__dict__["venue"] = venue


def build_calendar(events, request=None, name=""):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Regionalportal//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    events = list(events)
    localize_related(events)
    for event in events:
        calendar.add_component(event_component(event, request, stamp))
    add_timezones(calendar)
    return calendar


def calendar_response(events, request=None, filename="events.ics", name=""):
    calendar = build_calendar(events, request, name)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
