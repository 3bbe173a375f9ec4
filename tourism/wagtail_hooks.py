"""Admin shape of the tourism app and its section on the home page."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.home_sections import HOOK_NAME, HomeSection

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
