"""The home page section "Online services": what citizens come for, first."""

from django.utils.translation import gettext as _

from portal.home_sections import HomeSection
from services.models import ServiceIndexPage, ServicePage

HOME_SECTION_SIZE = 6


def online_services(request, home_page):
    index = ServiceIndexPage.objects.live().public().child_of(home_page).first()
    if index is None:
        return None
    services = list(
        ServicePage.objects.live()
        .public()
        .descendant_of(index)
        .filter(online_application=True)
        .order_by("title")[:HOME_SECTION_SIZE]
    )
    if not services:
        return None
    return HomeSection(
        title=_("Online services"),
        template="services/includes/home_section.html",
        context={"services": services},
        order=5,
        more_url=index.url,
        more_label=_("All online services"),
    )
