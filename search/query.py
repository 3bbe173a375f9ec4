"""Site-wide search over every live, public page of the visitor's language.

Every content app's pages are found without the search app knowing them: the
search runs on ``wagtailcore.Page`` and facets by content type. A page type
contributes its text through its own ``search_fields``.
"""

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import NotSupportedError, connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from portal.models import Municipality
from search.backends import for_language

PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 8
FACET_CAP = 5000
QUERY_SYNTAX = re.compile(r"[^\w\s\-'.,&]")
SORTS = ("relevance", "newest", "title")

# Apps with dated content (events, news) register a function with this hook.
# It receives ``(date_from, date_to, locale)`` (either date may be ``None``)
# and returns a queryset of the ids (``.values("pk")``) of their pages with a
# date in that range. With a date filter, only such pages are found.
DATE_FILTER_HOOK = "portal_search_date_filters"


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    page: Page
    snippet: str
    type_label: str


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    page_obj: object = None
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    municipality_facets: list[Facet] = field(default_factory=list)
    promotions: list = field(default_factory=list)
    suggestion: str = ""
    date_filtered: bool = False
    exact_matches: bool = True  # False: nothing matched the words as written
    prefix_fallback: bool = False  # the hits match the words as title prefixes


def content_type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def _content_type_for(key):
    try:
        app_label, model = key.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None


@functools.cache
def municipality_fields():
    """``(model, field name)`` of every page field pointing at a municipality.

    Found by introspection, so a new app's pages with a ``municipality``
    foreign key (or a many-to-many such as a dataset's spatial coverage) are
    faceted without the search app knowing them.
    """
    found = set()
    for model in get_page_models():
        for model_field in model._meta.get_fields():
            if (
                model_field.is_relation
                and not model_field.auto_created
                and model_field.related_model is Municipality
            ):
                found.add((model_field.model, model_field.name))
    return sorted(found, key=lambda item: (item[0]._meta.label, item[1]))


def municipality_filter(slug):
    """A ``Q`` on ``Page`` for pages in the municipality with ``slug``."""
    condition = Q(pk__in=[])
    for model, name in municipality_fields():
        ids = model.objects.filter(**{f"{name}__slug": slug}).values("pk")
        condition |= Q(pk__in=ids)
    return condition


def page_municipalities(page_ids):
    """``{page id: {municipality slug, …}}`` for the given pages."""
    result = defaultdict(set)
    if not page_ids:
        return result
    for model, name in municipality_fields():
        rows = (
            model.objects.filter(pk__in=page_ids)
            .exclude(**{f"{name}__isnull": True})
            .values_list("pk", f"{name}__slug")
        )
        for pk, slug in rows:
            result[pk].add(slug)
    return result


def date_filter(date_from, date_to, locale):
    """A ``Q`` on ``Page`` for dated pages (events, news) in the range."""
    condition = Q(pk__in=[])
    for hook in hooks.get_hooks(DATE_FILTER_HOOK):
        ids = hook(date_from, date_to, locale)
        if ids is not None:
            condition |= Q(pk__in=ids)
    return condition


def _municipality_labels(slugs, locale):
    labels = {}
    for item in Municipality.objects.filter(slug__in=slugs).order_by("pk"):
        if item.slug not in labels or item.locale_id == locale.pk:
            labels[item.slug] = item.name
    return labels


def base_queryset(locale):
    return Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)


def highlight(text, query):
    """Escape ``text`` and wrap the query's words in ``<mark>``."""
    escaped = escape(text or "")
    words = sorted(
        {re.escape(escape(word)) for word in query.split() if len(word) >= 3},
        key=len,
        reverse=True,
    )
    if words:
        escaped = re.sub(
            "(" + "|".join(words) + ")",
            r"<mark>\1</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308 - built from escaped parts only


def _snippet(page):
    for attribute in ("get_teaser_text", "search_description"):
        value = getattr(page, attribute, "")
        value = value() if callable(value) else value
        if value:
            return value
    return ""


# Lowest word similarity (pg_trgm, 0–1) of a title to count as "did you mean".
SUGGESTION_SIMILARITY = 0.3


def _suggestion(query, queryset):
    """A page title close to a misspelt query (PostgreSQL trigram similarity).

    Only titles are compared, through the ``%>`` operator that the trigram index
    on page titles serves (migration 0003): comparing with every indexed body
    text, as the search backend's fuzzy query does, took seconds per query with
    50,000 pages. SQLite has no trigrams: no suggestion there.
    """
    if connection.vendor != "postgresql":
        return ""
    from django.contrib.postgres.search import TrigramWordSimilarity

    with connection.cursor() as cursor:
        cursor.execute(
            "SET pg_trgm.word_similarity_threshold = %s", [SUGGESTION_SIMILARITY]
        )
    close = (
        queryset.filter(title__trigram_word_similar=query)
        .annotate(similarity=TrigramWordSimilarity(query, "title"))
        .order_by("-similarity", "pk")
        .values_list("title", flat=True)[:1]
    )
    return close[0] if close else ""


def clean_query(query):
    """The words of a query, without characters that search engines read as syntax.

    Visitors type words, not query languages: quotes, brackets and operators
    would otherwise reach SQLite FTS or tsquery parsers and fail.
    """
    return normalise_query_string(QUERY_SYNTAX.sub(" ", query or ""))


def run_search(
    query,
    locale,
    *,
    content_type="",
    sort="relevance",
    page_number=1,
    municipality="",
    date_from=None,
    date_to=None,
):
    query = clean_query(query)
    outcome = SearchOutcome(query=query)
    if not query:
        return outcome
    backend = for_language(get_search_backend(), locale.language_code)
    queryset = base_queryset(locale)
    if date_from or date_to:
        outcome.date_filtered = True
        queryset = queryset.filter(date_filter(date_from, date_to, locale))

    # Facet counts from one search over the matching pages' ids and types (the
    # database backend cannot facet on Page.content_type); capped for speed.
    # Each facet counts with the other facet's selection applied, so the
    # numbers say what a click will find.
    matches = list(
        backend.search(query, queryset.only("pk", "content_type"))[:FACET_CAP]
    )
    places = page_municipalities([page.pk for page in matches])
    selected_type = _content_type_for(content_type) if content_type else None
    counts = Counter(
        page.content_type_id
        for page in matches
        if not municipality or municipality in places.get(page.pk, ())
    )
    if selected_type is not None:
        counts.setdefault(selected_type.pk, 0)
    content_types = {ct_id: ContentType.objects.get_for_id(ct_id) for ct_id in counts}
    outcome.facets = sorted(
        (
            Facet(
                key=content_type_key(ct),
                label=str(ct.model_class()._meta.verbose_name)
                if ct.model_class()
                else ct.model,
                count=counts[ct_id],
                selected=selected_type is not None and ct_id == selected_type.pk,
            )
            for ct_id, ct in content_types.items()
        ),
        key=lambda facet: (-facet.count, facet.label),
    )
    place_counts = Counter(
        slug
        for page in matches
        if selected_type is None or page.content_type_id == selected_type.pk
        for slug in places.get(page.pk, ())
    )
    if municipality:
        place_counts.setdefault(municipality, 0)
    labels = _municipality_labels(list(place_counts), locale)
    outcome.municipality_facets = sorted(
        (
            Facet(
                key=slug,
                label=labels.get(slug, slug),
                count=count,
                selected=slug == municipality,
            )
            for slug, count in place_counts.items()
        ),
        key=lambda facet: (-facet.count, facet.label),
    )

    filtered = queryset
    if selected_type is not None:
        filtered = filtered.filter(content_type=selected_type)
    if municipality:
        filtered = filtered.filter(municipality_filter(municipality))
    if sort == "newest":
        results = backend.search(
            query, filtered.order_by("-first_published_at"), order_by_relevance=False
        )
    elif sort == "title":
        results = backend.search(
            query, filtered.order_by("title"), order_by_relevance=False
        )
    else:
        results = backend.search(query, filtered)

    paginator = Paginator(results, PAGE_SIZE)
    if paginator.count == 0:
        # No page has the words as written: try them as the beginnings of
        # title words ("Glasfaser" finds "Glasfaserausbau …"). This is what
        # makes compounds and plurals findable on SQLite, which does not stem.
        outcome.exact_matches = False
        try:
            prefix_results = backend.autocomplete(query, filtered)
            paginator = Paginator(prefix_results, PAGE_SIZE)
            outcome.prefix_fallback = paginator.count > 0
        except (NotSupportedError, NotImplementedError):
            pass
    outcome.page_obj = paginator.get_page(page_number)
    outcome.total = paginator.count
    pages = Page.objects.filter(
        pk__in=[page.pk for page in outcome.page_obj]
    ).specific()
    by_pk = {page.pk: page for page in pages}
    for page in outcome.page_obj:
        specific = by_pk.get(page.pk, page)
        outcome.hits.append(
            Hit(
                page=specific,
                snippet=highlight(_snippet(specific), query),
                type_label=str(specific._meta.verbose_name),
            )
        )
    outcome.promotions = [
        promotion
        for promotion in SearchPromotion.objects.filter(
            query__query_string=query
        ).select_related("page")
        if promotion.page is None
        or (promotion.page.live and promotion.page.locale_id == locale.pk)
    ]
    if not outcome.exact_matches:
        outcome.suggestion = _suggestion(query, queryset)
    return outcome


def autocomplete(query, locale):
    query = clean_query(query)
    if len(query) < 2:
        return []
    backend = get_search_backend()
    pages = backend.autocomplete(query, base_queryset(locale))[:AUTOCOMPLETE_SIZE]
    return [{"title": page.title, "url": page.url} for page in pages]
