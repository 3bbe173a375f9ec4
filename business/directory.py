"""Filtering, searching and paging the directory with a constant number of
queries, however many entries there are."""

import hashlib

from django.core.cache import cache
from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import get_language

from portal.listing import filtered_listing
from portal.models import Municipality
from portal.shell import versioned_key
from portal.view_registry import page_view

from .forms import DirectoryFilterForm
from .models import (
    ENTRIES_PER_PAGE,
    LETTERS,
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessEntryTag,
    entry_listing_queryset,
)

FILTER_NAMES = ("type", "sector", "municipality", "tag", "letter", "direct_sale", "q")


class DirectoryQuery:
    """The visitor's filters (``DirectoryFilterForm``: unknown values are
    ignored) and the entries, for the listing, its map and the exports."""

    def __init__(self, directory, request):
        self.directory = directory
        self.request = request
        self.form = DirectoryFilterForm(request.GET, directory=directory)
        self.form.is_valid()  # unknown values filter nothing
        self.filters = {
            name: self.form.cleaned_data.get(name, "") for name in FILTER_NAMES
        }

    @property
    def active(self):
        return any(self.filters.values())

    def queryset(self):
        return self.form.filter(self.directory.entries())

    def query_string(self, **changes):
        params = {**self.filters, **changes}
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
        choices = self.choices()
        listing = filtered_listing(
            request,
            self.directory.entries(),
            ENTRIES_PER_PAGE,
            form_class=DirectoryFilterForm,
            form_kwargs={
                "directory": self.directory,
                "municipalities": [
                    (item["slug"], item["name"])
                    for item in choices["municipality_choices"]
                ],
            },
            load=self.load_cards,
        )
        self.form = listing.form
        self.filters = {
            name: listing.form.cleaned_data.get(name, "") for name in FILTER_NAMES
        }
        page_obj = listing.page_obj
        pks = list(page_obj.object_list)
        entries = listing.items
        directory = self.directory
        base = directory.get_url(request)
        query = self.query_string()
        suffix = f"?{query}" if query else ""
        filters = self.filters
        return {
            "filters": filters,
            "filtered": self.active,
            "entries": entries,
            "page_obj": page_obj,
            "filter_form": listing.form,
            "tags": choices["tags"],
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
