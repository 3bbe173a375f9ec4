"""The next council meetings on the home page."""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from council.models import CouncilIndexPage
from portal.home_sections import HOOK_NAME, HomeSection


@hooks.register(HOOK_NAME)
def next_meetings_section(request, home_page):
    page = CouncilIndexPage.objects.live().child_of(home_page).first()
    if page is None:
        return None
    items = list(
        page.meetings().filter(start__gte=timezone.now()).order_by("start")[:3]
    )
    if not items:
        return None
    return HomeSection(
        title=_("Next council meetings"),
        template="council/includes/home_meetings.html",
        context={"items": items, "page": page},
        order=12,
        more_url=page.get_url(request),
        more_label=_("Meeting calendar"),
    )
