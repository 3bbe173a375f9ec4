"""Language-neutral machine endpoints of the tourism app, the page views of the
event calendar and of the places on the tourism page (``portal.view_registry``:
models import neither views nor forms) and the tourism providers' event
submission views (in the account area)."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Locale

from portal.listing import filtered_listing
from portal.page_cache import cache_anonymous_response
from portal.restrictions import restricted_paths
from portal.view_registry import page_view

from . import submissions
from .forms import EventFilterForm, EventSubmissionForm, PlaceFilterForm
from .ical import calendar_response
from .models import EventIndexPage, EventOccurrence, EventPage, TourismIndexPage
from .models.events import EVENTS_PER_PAGE
from .models.places import PLACES_PER_PAGE

MAX_FEED_EVENTS = 2000


@page_view(EventIndexPage, "listing_context")
def event_listing_context(request, page):
    """The dates of the calendar's events, filtered by date range, category
    and municipality, a page at a time, and the matching ``/events.ics``."""
    # Count and pages are cached for a minute (and until content changes):
    # an event that ended less than a minute ago may still be listed. The
    # key is the page and its filters; where view restrictions exist it is
    # the SQL (the restrictions this visitor passes included), with "now"
    # to the minute so that it stays the same for a minute.
    now = timezone.now().replace(second=0, microsecond=0)

    def count_key(form):
        if restricted_paths():
            return None
        filters = form.filters() if form is not None else {}
        return f"events:{page.pk}:{sorted(filters.items())!r}"

    listing = filtered_listing(
        request,
        EventOccurrence.visible(page.locale, within=page, request=request),
        EVENTS_PER_PAGE,
        form_class=EventFilterForm,
        form_kwargs={"locale": page.locale, "now": now},
        # The dates are loaded only for cards missing from the cache.
        load=page.load_cards,
        count_key=count_key,
        count_timeout=60,
    )
    form = listing.form
    query = request.GET.copy()
    query.pop("page", None)
    ics_names = {
        "date_from": "from",
        "date_to": "to",
        "from": "from",
        "to": "to",
        "category": "category",
        "municipality": "municipality",
    }
    ics_query = {
        ics_names[key]: value
        for key, value in query.items()
        if key in ics_names and value and not form.errors
    }
    ics_query["lang"] = page.locale.language_code
    return {
        "form": form,
        "occurrences": listing.page_obj,
        "items": listing.items,
        "query_string": query.urlencode(),
        "ics_url": "/events.ics?" + urlencode(ics_query),
    }


@page_view(TourismIndexPage, "listing_context")
def place_listing_context(request, page):
    """The places below the tourism page filtered by type, category and
    municipality (``PlaceFilterForm``), a page at a time. Count and pages of
    ``(pk, content type)`` rows are cached until content changes (the key is
    the query's SQL), the page's entries (cards and the map's list) per page
    of rows, language and host."""
    listing = filtered_listing(
        request,
        page.places_base(),
        PLACES_PER_PAGE,
        form_class=PlaceFilterForm,
        form_kwargs={"page": page},
        cached=True,
        cache_pages=True,
    )
    form, places = listing.form, listing.page_obj
    places.object_list = page.cached_entries(request, places.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        # the filters as read (a value that filters nothing counts too): the
        # highlights and upcoming events give way to the results
        "filtered": any(form.filters().values()),
        "categories": form.categories,
        "places": places,
        "map_places": places.object_list,
        "geojson_url": page.get_url(request)
        + page.reverse_subpage("places_geojson")
        + (f"?{query.urlencode()}" if query else ""),
    }


@page_view(TourismIndexPage, "listing_filtered")
def places_filtered(request, page):
    """Whether the query string asks for a filter (a value that filters
    nothing counts too): the highlights and upcoming events give way to the
    results. Read without the listing, whose part of the page is cached."""
    form = PlaceFilterForm(request.GET or None)
    form.is_valid()  # every value validates (FilterChoiceField)
    return any(form.filters().values())


@page_view(TourismIndexPage, "places_geojson")
def places_geojson(request, page):
    """The GeoJSON of the tourism page's places, filtered like the listing."""
    form = PlaceFilterForm(request.GET)
    form.is_valid()  # every value validates (FilterChoiceField)
    return page.places_geojson_response(
        request, form.filters(), request.GET.get("page_id")
    )


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
    # public events only, signed in or not (a calendar is subscribed to and
    # shared); ``listing`` without a request leaves out restricted events
    event_ids = (
        EventOccurrence.listing(locale, **form.filters())
        .values_list("event_id", flat=True)
        .distinct()
        .order_by()
    )
    events = (
        EventPage.objects.live()
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


# --- tourism providers: submit and edit their own events --------------------------------


def _refuse(request):
    return render(request, "tourism/submissions/refused.html", status=403)


def _provider_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not submissions.is_event_provider(request.user):
            return _refuse(request)
        return view(request, *args, **kwargs)

    return wrapped


@_provider_required
@require_GET
def my_events(request):
    events = list(submissions.provider_events(request.user).select_related("locale"))
    rows = [(event, submissions.submission_status(event)) for event in events]
    return render(request, "tourism/submissions/my_events.html", {"rows": rows})


@_provider_required
@require_http_methods(["GET", "POST"])
def submit_event(request):
    locale = Locale.get_active()
    index = submissions.event_index_for(locale)
    if index is None:
        raise Http404
    event = EventPage(locale=locale)
    form = EventSubmissionForm(request.POST or None, instance=event, locale=locale)
    if request.method == "POST" and form.is_valid():
        submissions.submit_event(request.user, form.save(commit=False), index=index)
        messages.success(
            request,
            _(
                "Thank you. Your event was sent for approval; it will be "
                "published once the editors have approved it."
            ),
        )
        return redirect("tourism:my_events")
    return render(
        request,
        "tourism/submissions/form.html",
        {"form": form, "event": None},
    )


@_provider_required
@require_http_methods(["GET", "POST"])
def edit_event(request, page_id):
    live_event = EventPage.objects.filter(pk=page_id).first()
    if live_event is None or not submissions.user_may_edit_submission(
        request.user, live_event
    ):
        return _refuse(request)
    status = submissions.submission_status(live_event)
    if not status.editable:
        messages.info(
            request,
            _("This event is waiting for approval; you can change it afterwards."),
        )
        return redirect("tourism:my_events")
    event = live_event.get_latest_revision_as_object()
    form = EventSubmissionForm(
        request.POST or None, instance=event, locale=live_event.locale
    )
    if request.method == "POST" and form.is_valid():
        submissions.submit_event(request.user, form.save(commit=False))
        messages.success(
            request,
            _(
                "Your change was sent for approval. Until it is approved, "
                "visitors see the published version."
            ),
        )
        return redirect("tourism:my_events")
    return render(
        request,
        "tourism/submissions/form.html",
        {"form": form, "event": live_event, "status": status},
    )
