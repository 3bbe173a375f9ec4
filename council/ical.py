"""The meeting calendar as iCalendar (RFC 5545)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def meetings_calendar(page, request):
    calendar = Calendar()
    calendar.add("prodid", "-//Regionalportal//Sitzungskalender//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", page.title)
    since = timezone.now() - datetime.timedelta(days=365)
    for meeting in page.meetings().filter(start__gte=since).order_by("start"):
        event = Event()
        event.add("uid", meeting.oparl_id)
        event.add("dtstamp", meeting.modified or timezone.now())
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + datetime.timedelta(hours=2))
        event.add("summary", meeting.name)
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", request.build_absolute_uri(page.meeting_url(meeting)))
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
