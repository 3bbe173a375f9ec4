"""iCalendar (RFC 5545) output with the ``icalendar`` library."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vRecur, vText

from .models.events import EventStatus

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}


def _uid(event, request):
    host = request.get_host().split(":")[0] if request else "regionalportal"
    return f"{event.translation_key}-{event.locale.language_code}@{host}"


def _rrule(event):
    rule = vRecur.from_ical(event.recurrence_rule)
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
    from wagtail.models import Locale

    from .models import AttractionPage, TourismCategory
    from .models.taxonomy import localized_map

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
    calendar.add_missing_timezones()
    return calendar


def calendar_response(events, request=None, filename="events.ics", name=""):
    calendar = build_calendar(events, request, name)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
