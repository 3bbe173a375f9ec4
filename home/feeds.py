"""Atom feed of news and official announcements: ``/feeds/news.xml``.

Language-neutral URL (outside ``i18n_patterns``); German by default,
``?lang=en`` for English. Filters as query parameters:
``municipality=<municipality slug>`` (items of that municipality and of the whole
association), ``category=<news category slug>`` (news of that category only),
``type=<announcement type>`` (announcements of that type only),
``only=news|announcements`` (one kind only; the old value
``bekanntmachungen`` answers 301, ``portal.listing.LEGACY_QUERY_VALUES``).
"""

import datetime
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from home.models import (
    AnnouncementKind,
    AnnouncementPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from portal.models import Municipality, PortalSettings

FEED_SIZE = 30
ONLY_CHOICES = {"news", "announcements"}


class FeedFilter:
    """The validated query parameters of a feed request."""

    def __init__(self, request):
        params = request.GET
        self.language = params.get("lang") or settings.LANGUAGE_CODE
        if self.language not in dict(settings.LANGUAGES):
            raise Http404("Unknown language")
        self.locale = Locale.objects.get(language_code=self.language)
        self.municipality = None
        self.category = None
        self.kind = params.get("type") or ""
        self.only = params.get("only") or ""
        if slug := params.get("municipality"):
            self.municipality = (
                Municipality.objects.filter(slug=slug, locale=self.locale).first()
                or Municipality.objects.filter(slug=slug).first()
            )
            if self.municipality is None:
                raise Http404("Unknown municipality")
        if slug := params.get("category"):
            self.category = (
                NewsCategory.objects.filter(slug=slug, locale=self.locale).first()
                or NewsCategory.objects.filter(slug=slug).first()
            )
            if self.category is None:
                raise Http404("Unknown category")
        if self.kind and self.kind not in AnnouncementKind.values:
            raise Http404("Unknown announcement type")
        if self.only and self.only not in ONLY_CHOICES:
            raise Http404("Unknown kind")
        self.query = urlencode(
            [(key, params[key]) for key in sorted(params) if params[key]]
        )

    @property
    def wants_news(self):
        return self.only != "announcements" and not self.kind

    @property
    def wants_announcements(self):
        return self.only != "news" and self.category is None

    def news(self):
        items = (
            NewsPage.objects.live()
            .public()
            .filter(locale=self.locale)
            .select_related("municipality", "category")
        )
        if self.municipality is not None:
            items = items.filter(
                municipality__slug__in=[self.municipality.slug]
            ) | items.filter(municipality__isnull=True)
        if self.category is not None:
            items = items.filter(category__slug=self.category.slug)
        return items.order_by("-date", "-pk")[:FEED_SIZE]

    def announcements(self):
        items = (
            AnnouncementPage.objects.live()
            .public()
            .filter(locale=self.locale)
            .select_related("municipality", "document")
        )
        if self.municipality is not None:
            items = items.filter(
                municipality__slug=self.municipality.slug
            ) | items.filter(municipality__isnull=True)
        if self.kind:
            items = items.filter(kind=self.kind)
        return items.order_by("-publication_date", "-pk")[:FEED_SIZE]


def _item_date(item):
    return item.publication_date if isinstance(item, AnnouncementPage) else item.date


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        feed_filter = FeedFilter(request)
        with translation.override(feed_filter.language):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def get_object(self, request, *args, **kwargs):
        return FeedFilter(request)

    def _settings(self):
        site = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        return PortalSettings.for_site(site)

    def title(self, obj):
        parts = [self._settings().authority_name, _("News and announcements")]
        if obj.municipality is not None:
            parts.append(obj.municipality.name)
        if obj.category is not None:
            parts.append(obj.category.name)
        if obj.kind:
            parts.append(str(AnnouncementKind(obj.kind).label))
        return " – ".join(parts)

    def subtitle(self, obj):
        return _("News and official announcements of %(authority)s") % {
            "authority": self._settings().authority_name
        }

    def link(self, obj):
        index = NewsIndexPage.objects.live().public().filter(locale=obj.locale).first()
        return index.get_full_url(self.request) if index else "/"

    def feed_url(self, obj):
        path = "/feeds/news.xml"
        return f"{path}?{obj.query}" if obj.query else path

    def author_name(self, obj):
        return self._settings().authority_name

    def items(self, obj):
        streams = []
        if obj.wants_news:
            streams.append(list(obj.news()))
        if obj.wants_announcements:
            streams.append(list(obj.announcements()))
        merged = sorted(
            (item for stream in streams for item in stream),
            key=lambda item: (_item_date(item), item.pk),
            reverse=True,
        )
        return list(islice(merged, FEED_SIZE))

    def item_title(self, item):
        if isinstance(item, AnnouncementPage):
            prefix = item.get_kind_display()
            if item.status != "current":
                prefix = f"{prefix} ({item.get_status_display()})"
            return f"{prefix}: {item.title}"
        return item.title

    def item_description(self, item):
        return item.get_teaser_text()

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(_item_date(item), datetime.time(8, 0))
        )

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return self._settings().authority_name

    def item_categories(self, item):
        categories = []
        if isinstance(item, AnnouncementPage):
            categories.append(item.get_kind_display())
        elif item.category is not None:
            categories.append(item.category.name)
        if item.municipality is not None:
            categories.append(item.municipality.name)
        return categories


def news_feed(request):
    """A fresh feed object per request (the feed keeps the request on itself)."""
    return NewsFeed()(request)
