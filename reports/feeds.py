"""Atom feed of public citizen reports: ``…/meldungen/feed.xml`` (``/en/…/feed.xml``).

Same mechanism as the news feed (Django's syndication ``Feed`` with
``Atom1Feed``); the language comes from the URL, the filters are those of the
public list (``status``, ``category``, ``municipality``, ``date_from``,
``date_to``). Newest first, released and confirmed reports only, without merged
duplicates and without any reporter data.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.models import PortalSettings
from reports import services
from reports.forms import ReportFilterForm
from reports.models import Report

FEED_SIZE = 50


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def get_object(self, request, *args, **kwargs):
        return ReportFilterForm(request.GET or None)

    def _authority(self):
        site = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        return PortalSettings.for_site(site).authority_name

    def title(self, obj):
        return f"{self._authority()} – {_('Citizen reports')}"

    def subtitle(self, obj):
        return _("New reports of problems in public space and their answers.")

    def link(self, obj):
        return reverse("reports:list")

    def feed_url(self, obj):
        query = self.request.GET.urlencode()
        return reverse("reports:feed") + (f"?{query}" if query else "")

    def author_name(self, obj):
        return self._authority()

    def items(self, obj):
        reports = Report.objects.public().filter(merged_into__isnull=True)
        if obj.is_bound and obj.is_valid():
            reports = obj.filter(reports)
        items = list(reports.order_by("-created_at", "-pk")[:FEED_SIZE])
        categories = services.localized_names({r.category for r in items})
        municipalities = services.localized_names({r.municipality for r in items})
        for report in items:
            report.category_name = categories.get(report.category_id, "")
            report.municipality_name = municipalities.get(report.municipality_id, "")
        return items

    def item_title(self, item):
        where = ", ".join(p for p in (item.place, item.municipality_name) if p)
        return f"{item.category_name}: {where} ({item.get_status_display()})"

    def item_description(self, item):
        text = item.public_text
        if item.public_answer:
            text += "\n\n" + _("Answer: %(answer)s") % {"answer": item.public_answer}
        return text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.released_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return self._authority()

    def item_categories(self, item):
        return [item.category_name, item.municipality_name]


def reports_feed(request):
    """A fresh feed object per request (the feed keeps the request on itself)."""
    return ReportsFeed()(request)
