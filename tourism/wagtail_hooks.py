"""Admin shape of the tourism app and its section on the home page."""

from collections import Counter

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.privacy import DATA_HOOK
from accounts.sections import HOOK_NAME as ACCOUNT_HOOK
from accounts.sections import AccountSection
from portal.home_sections import HOOK_NAME, HomeSection

from . import submissions
from .models import EventIndexPage, EventOccurrence, TourismCategory


class TourismCategoryViewSet(SnippetViewSet):
    model = TourismCategory
    icon = "tag"
    menu_label = _("Tourism categories")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(TourismCategoryViewSet)


@hooks.register(HOOK_NAME)
def upcoming_events_section(request, home_page):
    """The next three events on the home page, in the visitor's language."""
    locale = home_page.locale
    occurrences = EventOccurrence.upcoming(locale, limit=3)
    if not occurrences:
        return None
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    return HomeSection(
        title=_("Upcoming events"),
        template="tourism/includes/home_events.html",
        context={"occurrences": occurrences},
        order=20,
        more_url=index.get_url(request) if index else "",
        more_label=_("All events"),
    )


@hooks.register(ACCOUNT_HOOK)
def my_events_section(request):
    """ "Mein Konto": tourism providers see their events and how far they got."""
    if not submissions.is_event_provider(request.user):
        return None
    events = list(submissions.provider_events(request.user))
    counts = Counter(str(submissions.submission_status(e).label) for e in events)
    description = _("Submit events for the calendar and follow their approval.")
    if counts:
        summary = "; ".join(
            f"{label}: {count}" for label, count in sorted(counts.items())
        )
        description = format_lazy("{} ({})", description, summary)
    return AccountSection(
        title=_("My events"),
        url=reverse("tourism:my_events"),
        description=description,
        order=150,
    )


@hooks.register(DATA_HOOK)
def submitted_events_data(user):
    events = submissions.export_events(user)
    return ("tourism_submitted_events", events) if events else None


@hooks.register("portal_search_date_filters")
def events_in_date_range(date_from, date_to, locale):
    """Site search date filter: events with a date in the range."""
    return EventOccurrence.in_range(locale, date_from, date_to).values("event_id")
