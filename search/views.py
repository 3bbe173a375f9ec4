import dataclasses
import json

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from portal.listing import PAGE_PARAMETER
from portal.page_cache import cache_anonymous_response
from portal.routing import cached_site
from portal.shell import versioned_key
from search.forms import SearchForm
from search.query import PAGE_SIZE, Counted, Facet, Hit, autocomplete, run_search
from search.statistics import count_search

# The results page tells the statistics (below) whether anything matched the words
# as written; the page cache replays this header with a cached page.
MATCHES_HEADER = "X-Portal-Search-Matches"
RESULTS_PREFIX = "search-results"
HITS_TEMPLATE = "search/includes/hits.html"


@require_GET
def search_view(request):
    """The search page. The rendered page is shared like a Wagtail page's
    (anonymous and signed-in visitors, dropped when content changes), the
    result set of a query is cached for fresh renders (``cached_search``); the
    statistics count every search, cached or not."""
    form = SearchForm(request.GET)
    response = _results_page(request, form)
    if form.is_valid() and form.cleaned_data["q"] and response.status_code == 200:
        # Statistics for editors: the query text and a daily count, nothing
        # personal, written at most once a minute per process (search.statistics).
        count_search(
            form.cleaned_data["q"],
            get_language(),
            matched=response.get(MATCHES_HEADER) != "none",
        )
    return response


@dataclasses.dataclass
class Promotion:
    """An editor's recommendation as the results page shows it."""

    url: str
    title: str
    description: str = ""


@dataclasses.dataclass
class CachedSearch:
    """What a results page shows of a search, without model instances: the
    outcome (hits as URL, title and snippet; ``page_obj`` left out), the page
    number the pager settled on, the promotions and the rendered result cards."""

    outcome: object  # search.query.SearchOutcome
    number: int
    promotions: list
    hits_html: str
    best_html: str

    def page_obj(self):
        # ``total`` results for the pager, which counts them and reads none
        return Paginator(Counted((), self.outcome.total), PAGE_SIZE).page(self.number)


def _page_number(request):
    """The page asked for as ``Paginator.get_page`` reads it: a number, or 1."""
    try:
        return int(request.GET.get(PAGE_PARAMETER, 1))
    except (TypeError, ValueError):
        return 1


def results_key(request, form, locale):
    """The cache key of a result set: everything ``run_search`` reads (the
    query with its capitals, spaces collapsed; the filters, sort and page; the
    language), the host and the day, under the content version."""
    data = form.cleaned_data
    parts = [
        " ".join(data["q"].split()),
        locale.language_code,
        data["type"],
        data["municipality"],
        data["sort"],
        str(data.get("date_from") or ""),
        str(data.get("date_to") or ""),
        _page_number(request),
        request.get_host(),
        timezone.localdate().isoformat(),
    ]
    return versioned_key(RESULTS_PREFIX, json.dumps(parts, separators=(",", ":")))


def _plain_hit(hit):
    return Hit(
        page=None,
        snippet=hit.snippet,
        type_label=str(hit.type_label),
        kind=hit.kind,
        url=hit.url,
        title=hit.title,
    )


def _plain_facet(facet):
    return Facet(facet.key, str(facet.label), facet.count, facet.selected)


def _promotion(promotion):
    if promotion.page is not None:
        return Promotion(
            promotion.page.url, promotion.page.title, promotion.description
        )
    return Promotion(
        promotion.external_link_url,
        promotion.external_link_text,
        promotion.description,
    )


def _search(request, form, locale):
    """Run the search; returns the live outcome and its cacheable form."""
    data = form.cleaned_data
    live = run_search(
        data["q"],
        locale,
        content_type=data["type"],
        sort=data["sort"],
        page_number=_page_number(request),
        municipality=data["municipality"],
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    outcome = dataclasses.replace(
        live,
        page_obj=None,
        hits=[_plain_hit(hit) for hit in live.hits],
        best_services=[_plain_hit(hit) for hit in live.best_services],
        facets=[_plain_facet(facet) for facet in live.facets],
        municipality_facets=[_plain_facet(f) for f in live.municipality_facets],
        promotions=[],
    )
    found = CachedSearch(
        outcome=outcome,
        number=live.page_obj.number,
        promotions=[_promotion(promotion) for promotion in live.promotions],
        hits_html=render_to_string(HITS_TEMPLATE, {"hits": outcome.hits}),
        best_html=render_to_string(HITS_TEMPLATE, {"hits": outcome.best_services}),
    )
    return live, found


def cached_search(request, form, locale):
    """The outcome of the search ``form`` asks for and what the page shows of
    it (``CachedSearch``). Search results are the same for everybody (live,
    public pages only; ``search.query``), so the result set is kept in the
    cache per ``results_key`` for ``PORTAL_SEARCH_CACHE_SECONDS`` (0: off) and
    until content changes: a repeated query runs no search. The outcome is the
    live one (hits with their pages) when the search ran, the cached one (hits
    without pages) otherwise; the page renders only what both have."""
    seconds = getattr(settings, "PORTAL_SEARCH_CACHE_SECONDS", 0)
    key = results_key(request, form, locale) if seconds > 0 else None
    found = cache.get(key) if key else None
    if found is not None:
        return dataclasses.replace(found.outcome, page_obj=found.page_obj()), found
    live, found = _search(request, form, locale)
    if key:
        cache.set(key, found, seconds)
    return live, found


@cache_anonymous_response(behind_view=True, shared=True)
def _results_page(request, form):
    cached_site(request)  # for the shell and settings, without a query
    outcome = found = None
    if form.is_valid() and form.cleaned_data["q"]:
        outcome, found = cached_search(request, form, Locale.get_active())
    date_fields = [
        (form["date_from"], "search-date-from"),
        (form["date_to"], "search-date-to"),
    ]
    context = {"form": form, "outcome": outcome, "date_fields": date_fields}
    if found is not None:
        context.update(
            promotions=found.promotions,
            hits_html=mark_safe(found.hits_html),  # noqa: S308 - rendered by a template
            best_html=mark_safe(found.best_html),  # noqa: S308 - rendered by a template
        )
    response = render(request, "search/search_page.html", context)
    if outcome is not None:
        response[MATCHES_HEADER] = "exact" if outcome.exact_matches else "none"
    return response


@require_GET
def autocomplete_view(request):
    form = SearchForm(request.GET)
    suggestions = []
    if form.is_valid():
        suggestions = autocomplete(form.cleaned_data["q"], Locale.get_active())
    return JsonResponse({"suggestions": suggestions})
