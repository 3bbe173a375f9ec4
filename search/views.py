from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale

from search.forms import SearchForm
from search.models import ZeroResultQuery
from search.query import autocomplete, run_search


@require_GET
def search_view(request):
    form = SearchForm(request.GET)
    outcome = None
    if form.is_valid() and form.cleaned_data["q"]:
        outcome = run_search(
            form.cleaned_data["q"],
            Locale.get_active(),
            content_type=form.cleaned_data["typ"],
            sort=form.cleaned_data["sort"],
            page_number=request.GET.get("page", 1),
            municipality=form.cleaned_data["gemeinde"],
            date_from=form.cleaned_data.get("von"),
            date_to=form.cleaned_data.get("bis"),
        )
        # Statistics for editors: the query text and a daily count, nothing personal.
        Query.get(outcome.query).add_hit()
        if not outcome.exact_matches:
            ZeroResultQuery.record(outcome.query, get_language())
    date_fields = [(form["von"], "search-von"), (form["bis"], "search-bis")]
    return render(
        request,
        "search/search_page.html",
        {"form": form, "outcome": outcome, "date_fields": date_fields},
    )


@require_GET
def autocomplete_view(request):
    form = SearchForm(request.GET)
    suggestions = []
    if form.is_valid():
        suggestions = autocomplete(form.cleaned_data["q"], Locale.get_active())
    return JsonResponse({"suggestions": suggestions})
