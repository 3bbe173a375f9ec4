"""``/sitzungen.ics``: the council meeting calendar (language-neutral URL)."""

from django.http import Http404, HttpResponse
from wagtail.models import Site

from council.ical import meetings_calendar
from council.models import CouncilIndexPage


def meetings_ics(request):
    site = Site.find_for_request(request)
    pages = CouncilIndexPage.objects.live().public()
    if site is not None:
        pages = pages.descendant_of(site.root_page)
    page = pages.filter(locale__language_code=request.GET.get("lang", "de")).first()
    page = page or pages.first()
    if page is None:
        raise Http404("No council section")
    response = HttpResponse(
        meetings_calendar(page, request), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="sitzungen.ics"'
    return response
