"""``/sitzungen.ics``: the council meeting calendar (language-neutral URL), and
the member search of the council page (a page view, see portal.view_registry)."""

from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Site

from council.forms import MemberFilterForm
from council.ical import meetings_calendar
from council.models import (
    CouncilIndexPage,
    Membership,
    Organization,
    Person,
    parties_of,
)
from portal.listing import filtered_listing
from portal.view_registry import page_view


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


@page_view(CouncilIndexPage, "members")
def members(request, page):
    """Search the current members of every council and committee by name,
    party and committee (a GET form; works without JavaScript)."""
    day = timezone.localdate()
    committees = Organization.objects.committees(day)
    seats = Membership.objects.current(day).filter(organization__in=committees)
    persons = Person.objects.filter(
        deleted=False, pk__in=seats.values("person")
    ).order_by("family_name", "given_name", "name")
    listing = filtered_listing(
        request,
        persons.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=seats.select_related("organization").order_by(
                    "organization__name"
                ),
                to_attr="seats",
            )
        ),
        50,
        form_class=MemberFilterForm,
        form_kwargs={"day": day},
        on_invalid="empty",
    )
    page_obj = listing.page_obj
    parties = parties_of([person.pk for person in page_obj], day)
    for person in page_obj:
        person.parties = parties.get(person.pk, [])
    return TemplateResponse(
        request,
        "council/members.html",
        {
            **page.get_context(request),
            "filter_form": listing.form,
            "page_obj": page_obj,
            "filtered": listing.filtered,
        },
    )
