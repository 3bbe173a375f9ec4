from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale

from portal.listing import PAGE_PARAMETER
from portal.page_cache import cache_anonymous_response
from search.forms import SearchForm
from search.models import ZeroResultQuery
from search.query import autocomplete, run_search

# The results page tells the statistics (below) whether anything matched the words
# as written; the page cache replays this header with a cached page.
MATCHES_HEADER = "X-Portal-Search-Matches"


@require_GET
def search_view(request):
    """The search page. The rendered results are cached for anonymous visitors
    under the page cache's rules (dropped when content changes); the statistics
    count every search, cached or not."""
    form = SearchForm(request.GET)
    response = _results_page(request, form)
    if form.is_valid() and form.cleaned_data["q"] and response.status_code == 200:
        # Statistics for editors: the query text and a daily count, nothing personal.
        query = form.cleaned_data["q"]
        Query.get(query).add_hit()
        if response.get(MATCHES_HEADER) == "none":
            ZeroResultQuery.record(query, get_language())
    return response


@cache_anonymous_response(behind_view=True)
def _results_page(request, form):
    outcome = None
    if form.is_valid() and form.cleaned_data["q"]:
        outcome = run_search(
            form.cleaned_data["q"],
            Locale.get_active(),
            content_type=form.cleaned_data["type"],
            sort=form.cleaned_data["sort"],
            page_number=request.GET.get(PAGE_PARAMETER, 1),
            municipality=form.cleaned_data["municipality"],
            date_from=form.cleaned_data.get("date_from"),
            date_to=form.cleaned_data.get("date_to"),
        )
    date_fields = [
        (form["date_from"], "search-date-from"),
        (form["date_to"], "search-date-to"),
    ]
    response = render(
        request,
        "search/search_page.html",
        {"form": form, "outcome": outcome, "date_fields": date_fields},
    )
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
