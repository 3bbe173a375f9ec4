"""Language-neutral machine endpoints of the tourism app."""

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from portal.page_cache import cache_anonymous_response

from .forms import EventFilterForm
from .ical import calendar_response
from .models import EventOccurrence, EventPage

MAX_FEED_EVENTS = 2000


@require_GET
@cache_anonymous_response
def events_ics(request):
    """``/events.ics``: upcoming events; ``from``, ``to``, ``category``,
    ``municipality`` filter like the listing, ``lang`` picks the language."""
    language = request.GET.get("lang") or settings.LANGUAGE_CODE
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return HttpResponseBadRequest("Unknown language.", content_type="text/plain")
    form = EventFilterForm(request.GET, locale=locale)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain")
    event_ids = (
        EventOccurrence.listing(locale, **form.filters())
        .values_list("event_id", flat=True)
        .distinct()
        .order_by()
    )
    events = (
        EventPage.objects.live()
        .public()
        .filter(pk__in=event_ids)
        .select_related("category", "venue_page", "locale")
        .order_by("start")[:MAX_FEED_EVENTS]
    )
    with translation.override(language):
        return calendar_response(
            list(events), request, name=str(settings.WAGTAIL_SITE_NAME)
        )


@require_GET
def event_ics(request, page_id):
    """``/events/<id>.ics``: one event (with its recurrence) as iCalendar."""
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404
    with translation.override(event.locale.language_code):
        return calendar_response(
            [event], request, filename=f"{event.slug}.ics", name=event.title
        )
