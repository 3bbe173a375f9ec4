"""Querying the catalogue: the datasets the public sees, search, facets, sorting.

The HTML catalogue page and the CKAN API share :func:`public_datasets` and
:func:`facet_counts`. Facet counts are aggregated in SQL over the current result
set (one ``GROUP BY`` per facet), so they stay cheap at 10,000 datasets.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from datasets import vocabularies as voc
from datasets.forms import CatalogueFilterForm
from datasets.models import DatasetIndexPage, DatasetPage, Organisation
from portal import ratelimit
from portal.fragments import Deferred
from portal.listing import PAGE_PARAMETER, page_of
from portal.models import Municipality
from portal.restrictions import private_q
from portal.shell import versioned_key
from portal.view_registry import page_view

PAGE_SIZE = 20
# Facet counts stay in the cache at most this long (and until content changes).
FACET_CACHE_SECONDS = 300
MAX_QUERY_TERMS = 10

# facet name -> (query parameter, ORM path of the value)
FACETS = {
    "theme": "themes__code",
    "keyword": "tagged_items__tag__name",
    "organisation": "publisher__slug",
    "format": "distributions__format",
    "licence": "licence",
    "municipality": "municipalities__slug",
    "frequency": "frequency",
}
FACET_LABELS = {
    "theme": _("Theme"),
    "keyword": _("Keyword"),
    "organisation": _("Publisher"),
    "format": _("Format"),
    "licence": _("Licence"),
    "municipality": _("Municipality"),
    "frequency": _("Update frequency"),
}
SORTS = {
    "relevance": _("Relevance"),
    "modified": _("Last modified"),
    "title": _("Title"),
}


def default_locale():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def public_datasets(locale=None, include_deprecated=False):
    """Live, public datasets of one language (the default one for machines).

    Withdrawn datasets are left out, except (``include_deprecated``) while they
    are still within ``DATASET_DEPRECATION_DAYS`` after their withdrawal: the
    machine interfaces keep them, marked as deprecated, so that harvesters do
    not lose them silently.
    """
    locale = locale or default_locale()
    queryset = DatasetPage.objects.live().exclude(private_q()).filter(locale=locale)
    now = timezone.now()
    active = Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gt=now)
    if include_deprecated:
        cutoff = now - timezone.timedelta(days=settings.DATASET_DEPRECATION_DAYS)
        active |= Q(withdrawn_at__gt=cutoff)
    return queryset.filter(active)


def text_filter(queryset, q):
    """Every term must occur in the title, description or a keyword."""
    terms = [term for term in q.split() if term][:MAX_QUERY_TERMS]
    if not terms:
        return queryset, None
    score = Value(0)
    for term in terms:
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(tagged_items__tag__name__icontains=term)
        )
        score = (
            score
            + Case(
                When(title__icontains=term, then=Value(3)),
                default=Value(0),
                output_field=IntegerField(),
            )
            + Case(
                When(description__icontains=term, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    # The joins above may repeat rows: keep each dataset once.
    queryset = DatasetPage.objects.filter(pk__in=queryset.values("pk"))
    return queryset, score


def facet_counts(queryset, path, limit=None, mincount=1):
    """[(value, count)] of one facet over ``queryset``, most frequent first."""
    rows = (
        DatasetPage.objects.filter(pk__in=queryset.values("pk"))
        .exclude(**{f"{path}__isnull": True})
        .exclude(**{path: ""})
        .values_list(path)
        .annotate(count=Count("pk", distinct=True))
        .filter(count__gte=max(mincount, 1))
        .order_by("-count", path)
    )
    if limit is not None:
        rows = rows[:limit]
    return list(rows)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)


def load_cards(ids):
    """``{pk: dataset}`` with what a card shows (publisher, formats)."""
    return (
        DatasetPage.objects.filter(pk__in=ids)
        .select_related("publisher")
        .prefetch_related("distributions")
        .in_bulk()
    )


class CatalogueSearch:
    """The catalogue page's search: GET parameters in, results and facets out."""

    def __init__(self, params, parent=None):
        self.params = params
        self.parent = parent
        # NUL: PostgreSQL cannot compare text with it; it is never part of a word
        self.q = params.get("q", "").replace("\x00", "").strip()[:200]
        self.sort = params.get("sort", "")
        if self.sort not in SORTS:
            self.sort = "relevance" if self.q else "modified"
        self.selected = {
            name: [
                value for value in params.getlist(name) if value and "\x00" not in value
            ][:20]
            for name in FACETS
        }

    def base_queryset(self):
        queryset = public_datasets(locale=self.parent.locale if self.parent else None)
        if self.parent is not None:
            queryset = queryset.child_of(self.parent)
        return queryset

    def filtered(self):
        queryset = self.base_queryset()
        for name, values in self.selected.items():
            if values:
                queryset = queryset.filter(**{f"{FACETS[name]}__in": values})
        queryset, score = text_filter(queryset, self.q)
        if score is None:
            queryset = DatasetPage.objects.filter(pk__in=queryset.values("pk"))
        return queryset, score

    def run(self, request=None):
        """Results, facets and the page; with ``request`` (the catalogue page)
        the facets come as the rendered filter column, ``filters``
        (:meth:`filters_html`), instead of data."""
        queryset, score = self.filtered()
        if self.sort == "relevance" and score is not None:
            queryset = queryset.annotate(relevance=score).order_by(
                "-relevance", "-metadata_modified", "pk"
            )
        elif self.sort == "title":
            queryset = queryset.order_by("title", "pk")
        else:
            queryset = queryset.order_by("-metadata_modified", "pk")
        # Sort and slice only the ids (narrow rows), then load the page's datasets.
        page = page_of(
            queryset.values_list("pk", flat=True),
            PAGE_SIZE,
            self.params.get(PAGE_PARAMETER),
            cached=True,
            # The filter on withdrawals holds the current time: key by the
            # filters (and the sort, for the cached pages) instead of the SQL,
            # like the facets.
            count_key=f"datasets:{self.filter_key()}:{self.sort}",
            count_timeout=FACET_CACHE_SECONDS,
            cache_pages=True,
        )
        # The page's datasets are loaded only for cards missing from the cache.
        page.object_list = Deferred(DatasetPage, page.object_list, load_cards)
        result = {
            "q": self.q,
            "sort": self.sort,
            "sorts": list(SORTS.items()),
            "page": page,
            "count": page.paginator.count,
            "selected": self.selected,
            "has_filters": any(self.selected.values()) or bool(self.q),
        }
        if request is None:
            result["facets"] = self.facets(queryset)
        else:
            # the search bar (portal/includes/filter_bar.html)
            result["form"] = CatalogueFilterForm(
                initial={"q": self.q, "sort": self.sort, **self.selected},
                sorts=list(SORTS.items()),
                facets=FACETS,
            )
            result["filters"] = self.filters_html(request, queryset, result)
        return result

    def filters_html(self, request, queryset, result):
        """The filter column (``datasets/includes/catalogue_filters.html``:
        about 200 facet values with their counts), rendered once per filters,
        sort, language and host and kept like the facet counts (content
        version, at most ``FACET_CACHE_SECONDS``): a fresh render of the
        catalogue reads it with one cache read and computes no facet (issue
        #27). A preview renders it every time."""
        raw = repr((self.filter_key(), self.sort, get_language(), request.get_host()))
        key = versioned_key(
            "datasets-filters", hashlib.sha256(raw.encode()).hexdigest()
        )
        preview = getattr(request, "is_preview", False)
        html = None if preview else cache.get(key)
        if html is None:
            html = render_to_string(
                "datasets/includes/catalogue_filters.html",
                {
                    "page": self.parent,
                    "request": request,
                    "catalogue": {**result, "facets": self.facets(queryset)},
                },
            )
            if not preview:
                cache.set(key, html, FACET_CACHE_SECONDS)
        return mark_safe(html)  # noqa: S308 - rendered by the template engine

    def filter_key(self):
        """The catalogue and its filters, for cache keys."""
        return repr(
            (
                self.parent.pk if self.parent else None,
                self.parent.locale_id if self.parent else None,
                self.q,
                sorted(self.selected.items()),
            )
        )

    def facets(self, queryset):
        """Facet counts, kept in the cache per filter combination until content
        changes (nine grouped queries over the whole catalogue otherwise)."""
        digest = hashlib.sha256(self.filter_key().encode()).hexdigest()
        key = versioned_key("datasets-facets", digest)
        facets = cache.get(key)
        if facets is None:
            facets = self.compute_facets(queryset)
            cache.set(key, facets, FACET_CACHE_SECONDS)
        return facets

    def compute_facets(self, queryset):
        labels = self.value_labels()
        facets = []
        for name, path in FACETS.items():
            facet = Facet(name=name, label=FACET_LABELS[name])
            for value, count in facet_counts(queryset, path, limit=30):
                facet.values.append(
                    FacetValue(
                        value=value,
                        label=labels.get(name, {}).get(value, value),
                        count=count,
                        selected=value in self.selected[name],
                    )
                )
            if facet.values:
                facets.append(facet)
        return facets

    def value_labels(self):
        return {
            "theme": dict(voc.Theme.choices),
            "licence": dict(voc.DataLicence.choices),
            "frequency": dict(voc.Frequency.choices),
            "format": dict(voc.FileType.choices),
            "organisation": dict(Organisation.objects.values_list("slug", "name")),
            "municipality": dict(
                Municipality.objects.filter(
                    locale=self.parent.locale if self.parent else default_locale()
                ).values_list("slug", "name")
            ),
        }


# CKAN's error envelope for a refused request (the API, the catalogue and the
# data packages answer machines, so the 429 is JSON, not the 429 page).
RATE_LIMIT_BODY = {
    "success": False,
    "error": {
        "__type": "Rate Limit Error",
        "message": "Too many requests, please retry later.",
    },
}


def open_data_limited(scope):
    """``OPEN_DATA_RATE_LIMIT`` requests per address and ``OPEN_DATA_RATE_WINDOW``
    seconds on a machine interface, every method, cache hits included (put it
    outside ``cache_anonymous_response(behind_view=True)``)."""
    return ratelimit.throttle(
        scope, "OPEN_DATA", methods=None, json_body=RATE_LIMIT_BODY
    )


@page_view(DatasetIndexPage, "catalogue")
def catalogue(request, page):
    """The catalogue page's results and facets for its GET parameters."""
    return CatalogueSearch(request.GET, parent=page).run(request)
