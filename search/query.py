"""Site-wide search over every live, public page of the visitor's language.

Every content app's pages are found without the search app knowing them: the
search runs on ``wagtailcore.Page`` and facets by content type. A page type
contributes its text through its own ``search_fields``.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import NotSupportedError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.query import Fuzzy
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

PAGE_SIZE = 10
AUTOCOMPLETE_SIZE = 8
FACET_CAP = 5000
QUERY_SYNTAX = re.compile(r"[^\w\s\-'.,&]")
SORTS = ("relevance", "newest", "title")


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
    promotions: list = field(default_factory=list)
    suggestion: str = ""


def content_type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def _content_type_for(key):
    try:
        app_label, model = key.split(".", 1)
        return ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None


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


def _suggestion(query, queryset, backend):
    """A title close to a misspelt query (PostgreSQL trigram similarity)."""
    try:
        close = list(backend.search(Fuzzy(query), queryset)[:1])
    except (NotSupportedError, NotImplementedError, TypeError, ValueError):
        return ""
    return close[0].title if close else ""


def clean_query(query):
    """The words of a query, without characters that search engines read as syntax.

    Visitors type words, not query languages: quotes, brackets and operators
    would otherwise reach SQLite FTS or tsquery parsers and fail.
    """
    return normalise_query_string(QUERY_SYNTAX.sub(" ", query or ""))


def run_search(query, locale, *, content_type="", sort="relevance", page_number=1):
    query = clean_query(query)
    outcome = SearchOutcome(query=query)
    if not query:
        return outcome
    backend = get_search_backend()
    queryset = base_queryset(locale)

    # Facet counts in one search over the matching pages' ids and types (the
    # database backend cannot facet on Page.content_type); capped for speed.
    matches = backend.search(query, queryset.only("pk", "content_type"))[:FACET_CAP]
    counts = Counter(page.content_type_id for page in matches)
    content_types = {ct_id: ContentType.objects.get_for_id(ct_id) for ct_id in counts}
    selected_type = _content_type_for(content_type) if content_type else None
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

    filtered = queryset
    if selected_type is not None:
        filtered = filtered.filter(content_type=selected_type)
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
    if outcome.total == 0:
        outcome.suggestion = _suggestion(query, queryset, backend)
    return outcome


def autocomplete(query, locale):
    query = clean_query(query)
    if len(query) < 2:
        return []
    backend = get_search_backend()
    pages = backend.autocomplete(query, base_queryset(locale))[:AUTOCOMPLETE_SIZE]
    return [{"title": page.title, "url": page.url} for page in pages]
