"""Filtering, searching and paging the directory with a constant number of
queries, however many entries there are."""

import hashlib

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import get_language

from portal.fragments import Deferred
from portal.listing import paginate
from portal.models import Municipality
from portal.search_text import clean_query
from portal.shell import versioned_key
from portal.view_registry import page_view

from .models import (
    ENTRIES_PER_PAGE,
    LETTERS,
    ActorType,
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessEntryTag,
    Sector,
    entry_listing_queryset,
)

MAX_SEARCH_RESULTS = 1000
FILTER_NAMES = ("type", "sector", "municipality", "tag", "letter", "direct_sale", "q")


class DirectoryQuery:
    """The visitor's filters (unknown values are ignored) and the entries."""

    def __init__(self, directory, request):
        self.directory = directory
        data = request.GET
        kind = data.get("type", "")
        sector = data.get("sector", "")
        letter = data.get("letter", "").upper()
        self.filters = {
            "type": kind if kind in ActorType.values else "",
            "sector": sector if sector in Sector.values else "",
            # NUL never matches a slug, and PostgreSQL cannot compare text with it
            "municipality": data.get("municipality", "").replace("\x00", "")[:80],
            "tag": data.get("tag", "").replace("\x00", "")[:100],
            "letter": letter if letter in LETTERS else "",
            "direct_sale": "1" if data.get("direct_sale") == "1" else "",
            # only words: quotes and brackets are syntax to SQLite FTS and tsquery
            "q": clean_query(data.get("q", ""))[:200],
        }

    @property
    def active(self):
        return any(self.filters.values())

    def queryset(self):
        filters = self.filters
        queryset = self.directory.entries()
        if filters["type"]:
            queryset = queryset.filter(actor_type=filters["type"])
        if filters["sector"]:
            queryset = queryset.filter(sector=filters["sector"])
        if filters["municipality"]:
            queryset = queryset.filter(municipality__slug=filters["municipality"])
        if filters["tag"]:
            queryset = queryset.filter(tags__slug=filters["tag"])
        if filters["letter"]:
            queryset = queryset.filter(title__istartswith=filters["letter"])
        if filters["direct_sale"]:
            queryset = queryset.filter(direct_sale=True)
        if filters["q"]:
            queryset = queryset.filter(pk__in=self.search_matches())
        return queryset

    def search_matches(self):
        """The primary keys of the entries matching ``q``, searched once per
        content version and query: the search loads every match as a page
        (300 entries for "Hof" at 5,000 entries, 30 ms of CPU)."""
        key = versioned_key(
            "business:directory-search",
            self.directory.pk,
            hashlib.sha256(self.filters["q"].encode()).hexdigest(),
        )
        pks = cache.get(key)
        if pks is None:
            matches = (
                BusinessEntryPage.objects.live()
                .descendant_of(self.directory)
                .search(self.filters["q"], operator="and")[:MAX_SEARCH_RESULTS]
            )
            pks = [page.pk for page in matches]
            cache.set(key, pks, 3600)
        return pks

    def query_string(self, **changes):
        params = {**self.filters, **changes}
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for key in FILTER_NAMES:
            if params.get(key):
                query[key] = params[key]
        return query.urlencode()

    def popular_tags(self, limit=30):
        return list(
            BusinessEntryTag.objects.filter(
                content_object__live=True,
                content_object__path__startswith=self.directory.path,
            )
            .values("tag__name", "tag__slug")
            .annotate(count=Count("id"))
            .order_by("-count", "tag__name")[:limit]
        )

    def choices(self):
        """Municipalities and popular tags; cached until content changes
        (``portal.shell.content_version`` grows on every publish or snippet save)."""
        key = versioned_key("business:directory-choices", self.directory.pk)
        choices = cache.get(key)
        if choices is None:
            choices = {
                "municipality_choices": list(
                    Municipality.objects.filter(
                        locale_id=self.directory.locale_id
                    ).values("name", "slug")
                ),
                "tags": self.popular_tags(),
            }
            cache.set(key, choices, 3600)
        return choices

    def load_cards(self, pks):
        """``{pk: entry}`` with what a card and the map's list show."""
        return (
            entry_listing_queryset(BusinessEntryPage.objects.filter(pk__in=pks))
            .defer_streamfields()
            .in_bulk()
        )

    def map_places(self, request, pks):
        """The map's list of places for the entries ``pks`` (those with
        coordinates), cached per content version, language and host."""
        key = versioned_key(
            "business:directory-map",
            self.directory.pk,
            get_language(),
            request.get_host(),
            hashlib.sha256(repr(pks).encode()).hexdigest(),
        )
        places = cache.get(key)
        if places is None:
            entries = self.load_cards(pks)
            places = [
                {
                    "name": entry.title,
                    "url": entry.get_url(request),
                    "address": entry.address_line,
                    "detail": str(entry.get_actor_type_display()),
                }
                for entry in (entries[pk] for pk in pks if pk in entries)
                if entry.has_coordinates
            ]
            cache.set(key, places, 3600)
        return places

    def context(self, request):
        # Count and pages of keys cached per content version; the entries are
        # loaded only for cards missing from the cache.
        page_obj = paginate(
            request,
            self.queryset().values_list("pk", flat=True),
            ENTRIES_PER_PAGE,
            cached=True,
            cache_pages=True,
        )
        pks = list(page_obj.object_list)
        entries = Deferred(BusinessEntryPage, pks, self.load_cards)
        directory = self.directory
        base = directory.get_url(request)
        query = self.query_string()
        suffix = f"?{query}" if query else ""
        return {
            "filters": self.filters,
            "filtered": self.active,
            "entries": entries,
            "page_obj": page_obj,
            "query_string": query,
            "actor_types": ActorType.choices,
            "sectors": Sector.choices,
            **self.choices(),
            "letters": [
                (letter, self.query_string(letter=letter)) for letter in LETTERS
            ],
            "letters_all": self.query_string(letter=""),
            "map_places": self.map_places(request, pks),
            "geojson_url": base + directory.reverse_subpage("geojson") + suffix,
            "export_csv_url": base + directory.reverse_subpage("export_csv") + suffix,
            "export_json_url": base + directory.reverse_subpage("export_json") + suffix,
        }


@page_view(BusinessDirectoryPage, "directory_context")
def directory_context(request, page):
    """The directory page's filters, entries and map for its GET parameters."""
    return DirectoryQuery(page, request).context(request)
