"""Front-end views of the implementation page (routes on ImplementationPage)."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from portal.listing import filtered_listing
from portal.models import Municipality
from portal.view_registry import page_view

from . import implementation
from .forms import ImplementationFilterForm
from .models import ImplementationPage, ImplementationStatus, Milestone

PAGE_SIZE = 20
FEED_SIZE = 30


def _choices():
    public = implementation.public_items()
    process_ids = set(public.values_list("process_id", flat=True)) - {None}
    processes = sorted(
        (
            (str(page.pk), implementation.localized(page).title)
            for page in Page.objects.filter(pk__in=process_ids)
        ),
        key=lambda choice: choice[1],
    )
    slugs = set(public.values_list("municipality__slug", flat=True)) - {None}
    names = {}
    for municipality in Municipality.objects.filter(slug__in=slugs):
        names.setdefault(municipality.slug, municipality.name)
        if municipality.locale_id == Locale.get_active().pk:
            names[municipality.slug] = municipality.name
    municipalities = sorted(names.items(), key=lambda choice: choice[1])
    return processes, municipalities


@page_view(ImplementationPage, "listing_context")
def listing_context(request, page):
    processes, municipalities = _choices()
    listing = filtered_listing(
        request,
        implementation.public_items().order_by("-updated_at", "-pk"),
        PAGE_SIZE,
        form_class=ImplementationFilterForm,
        form_kwargs={"processes": processes, "municipalities": municipalities},
    )
    return {"page_obj": listing.page_obj, "filter_form": listing.form}


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, **context}
    return TemplateResponse(request, template, context, status=status)


def _public_item(item_id):
    item = (
        implementation.with_milestones(implementation.public_items())
        .select_related("proposal__process", "budget_project__budget", "consultation")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _source_link(item, request):
    """(label, url) of where the item came from, in the active language."""
    if item.proposal_id:
        process = implementation.localized(item.proposal.process)
        return item.proposal.title, f"{process.get_url(request)}{item.proposal_id}/"
    if item.budget_project_id:
        budget = implementation.localized(item.budget_project.budget)
        return item.budget_project.title, budget.get_url(request)
    if item.consultation_id:
        consultation = implementation.localized(item.consultation)
        return consultation.title, consultation.get_url(request)
    return "", ""


@page_view(ImplementationPage, "detail")
def detail(request, page, item_id):
    item = _public_item(item_id)
    source_title, source_url = _source_link(item, request)
    context = {
        "item": item,
        "milestones": list(item.milestones.all()),
        "source_title": source_title,
        "source_url": source_url,
        "following": implementation.is_following(item, request.user),
        "ImplementationStatus": ImplementationStatus,
    }
    return _render(request, page, "consultations/tracked_item.html", context)


@page_view(ImplementationPage, "follow")
def follow(request, page, item_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = _public_item(item_id)
    target = f"{page.get_url(request)}{item.pk}/"
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if request.POST.get("action") == "unfollow":
        implementation.unfollow(item, request.user)
        messages.success(request, _("You no longer follow this item."))
    else:
        implementation.follow(item, request.user)
        messages.success(
            request, _("You follow this item: each new milestone comes by e-mail.")
        )
    return redirect(target)


# --- Atom feed of milestones -----------------------------------------------------------
class MilestoneFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, request, page):
        super().__init__()
        self.request = request
        self.page = page
        self.filters = ImplementationFilterForm(request.GET)
        self.filters.is_valid()  # unknown values filter nothing
        self.base = page.get_full_url(request)

    def title(self):
        return _("What became of your participation: %(title)s") % {
            "title": self.page.title
        }

    def link(self):
        return self.base

    def feed_url(self):
        query = self.filters.query_string()
        return f"{self.base}feed/" + (f"?{query}" if query else "")

    def subtitle(self):
        return _("Milestones of the results of participation")

    def items(self):
        milestones = Milestone.objects.filter(item__is_public=True).select_related(
            "item"
        )
        return self.filters.filter(milestones, prefix="item__").order_by(
            "-date", "-pk"
        )[:FEED_SIZE]

    def item_title(self, milestone):
        return f"{milestone.item.title}: {milestone.title}"

    def item_description(self, milestone):
        return milestone.text

    def item_link(self, milestone):
        return f"{self.base}{milestone.item_id}/#milestone-{milestone.pk}"

    def item_guid(self, milestone):
        return self.item_link(milestone)

    def item_pubdate(self, milestone):
        return timezone.make_aware(
            datetime.datetime.combine(milestone.date, datetime.time(8, 0))
        )

    def item_updateddate(self, milestone):
        return self.item_pubdate(milestone)

    def item_categories(self, milestone):
        return [milestone.item.get_status_display()]


@page_view(ImplementationPage, "feed")
def feed(request, page):
    response = MilestoneFeed(request, page)(request)
    response["Content-Type"] = "application/atom+xml; charset=utf-8"
    return response
