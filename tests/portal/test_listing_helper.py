"""The core's listing helper ``portal.listing.filtered_listing``: filter form →
queryset → (cached) count → page → items, and the 301s for old filter values."""

import pytest
from django import forms
from django.db.models import Q
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from portal.fragments import Deferred
from portal.listing import filter_by, filtered_listing, legacy_redirect_url
from portal.models import Municipality
from tests import factories
from tests.factories import MunicipalityFactory, locale

pytestmark = pytest.mark.django_db


class PopulationForm(forms.Form):
    """A filter form as the apps write them: optional fields, ``filter``."""

    minimum = forms.IntegerField(label="Minimum", required=False, min_value=0)
    name = forms.CharField(label="Name", required=False)

    def __init__(self, *args, prefix_letter="", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix_letter = prefix_letter

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("minimum") is not None:
            queryset = queryset.filter(population__gte=data["minimum"])
        if data.get("name"):
            queryset = queryset.filter(name__icontains=data["name"])
        if self.prefix_letter:
            queryset = queryset.filter(name__startswith=self.prefix_letter)
        return queryset


def build_towns():
    """25 towns, once for the module (``module_data``: each test's changes are
    rolled back); the tests read them from the database."""
    MunicipalityFactory.reset_sequence(0)
    return [
        MunicipalityFactory(name=f"Ort {n:02d}", population=100 * n).pk
        for n in range(1, 26)
    ]


towns = factories.module_data(build_towns)


def listing(query, per_page=10, **kwargs):
    request = RequestFactory().get("/orte/" + query)
    queryset = Municipality.objects.filter(locale=locale("de")).order_by("name")
    kwargs.setdefault("form_class", PopulationForm)
    return request, filtered_listing(request, queryset, per_page, **kwargs)


def names(items):
    return [town.name for town in items]


def test_unfiltered_first_page(towns):
    _request, result = listing("")
    assert not result.form.is_bound
    assert not result.filtered
    assert result.page_obj.number == 1
    assert result.page_obj.paginator.count == 25
    assert names(result.items) == [f"Ort {n:02d}" for n in range(1, 11)]


def test_valid_filter_narrows_and_pages(towns):
    _request, result = listing("?minimum=1500&page=2", per_page=5)
    assert result.filtered
    assert result.page_obj.paginator.count == 11  # 1500 … 2500
    assert names(result.items) == [f"Ort {n:02d}" for n in range(20, 25)]


def test_form_kwargs_reach_the_form(towns):
    _request, result = listing("?name=Ort 1", form_kwargs={"prefix_letter": "O"})
    assert result.form.prefix_letter == "O"
    assert names(result.items) == [f"Ort {n:02d}" for n in range(10, 20)]


def test_page_alone_is_no_filter(towns):
    _request, result = listing("?page=3")
    assert not result.filtered
    assert result.page_obj.number == 3
    assert names(result.items) == [f"Ort {n:02d}" for n in range(21, 26)]


@pytest.mark.parametrize(("page", "number"), [("99", 3), ("x", 1), ("-1", 3)])
def test_page_out_of_range(towns, page, number):
    _request, result = listing(f"?page={page}")
    assert result.page_obj.number == number


def test_invalid_input_keeps_the_translated_error_and_lists_everything(towns):
    with translation.override("de"):
        _request, result = listing("?minimum=viele")
        error = str(result.form.errors["minimum"][0])
    assert error == "Bitte eine ganze Zahl eingeben."
    assert result.filtered
    assert result.page_obj.paginator.count == 25


def test_invalid_input_lists_nothing_when_asked(towns):
    with translation.override("en"):
        _request, result = listing("?minimum=-5", on_invalid="empty")
        error = str(result.form.errors["minimum"][0])
    assert "greater than or equal to 0" in error
    assert result.page_obj.paginator.count == 0
    assert list(result.items) == []


def test_cached_cards_page_keys_and_load_only_the_page(towns):
    asked = []

    def load(pks):
        asked.append(list(pks))
        return Municipality.objects.in_bulk(pks)

    _request, result = listing("?minimum=2000", load=load)
    assert isinstance(result.items, Deferred)
    assert result.page_obj.paginator.cache_pages
    assert names(result.items) == [f"Ort {n:02d}" for n in range(20, 26)]
    assert asked == [list(result.page_obj.object_list)]


def test_count_key_is_a_function_of_the_valid_form(towns):
    seen = []

    def count_key(form):
        seen.append(form and form.cleaned_data["minimum"])
        return f"towns:{seen[-1]}"

    listing("?minimum=300", cached=True, count_key=count_key)
    listing("?minimum=x", cached=True, count_key=count_key)
    assert seen == [300, None]


def test_pager_keeps_the_filters_across_pages(towns):
    request, result = listing("?name=Ort&minimum=100&page=2", per_page=5)
    with translation.override("en"):
        html = Template('{% include "portal/includes/pagination.html" %}').render(
            RequestContext(request, {"page_obj": result.page_obj})
        )
    assert 'href="?name=Ort&amp;minimum=100&amp;page=3" rel="next"' in html
    assert 'href="?name=Ort&amp;minimum=100" rel="prev"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?only=bekanntmachungen", "/liste/?only=announcements"),
        ("?nur=bekanntmachungen&lang=en", "/liste/?lang=en&only=announcements"),
        ("?only=news", None),
        ("?type=bekanntmachungen", None),  # only the published parameter's value
    ],
)
def test_old_filter_values_redirect(query, expected):
    request = RequestFactory().get("/liste/" + query)
    assert legacy_redirect_url(request) == expected


def test_old_feed_value_answers_301(client):
    response = client.get("/feeds/news.xml?only=bekanntmachungen&lang=en")
    assert response.status_code == 301
    assert response["Location"] == "/feeds/news.xml?only=announcements&lang=en"


def test_no_query_string_lists_everything_even_when_invalid_empties(towns):
    _request, result = listing("", on_invalid="empty")
    assert result.page_obj.paginator.count == 25


class DefaultForm(PopulationForm):
    """A filter whose unfiltered listing still narrows (like upcoming events)."""

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if self.cleaned_data.get("minimum") is None:
            queryset = queryset.filter(population__gte=2000)
        return queryset


def test_invalid_input_gives_the_forms_own_unfiltered_listing(towns):
    _request, result = listing("?minimum=x&name=Ort 0", form_class=DefaultForm)
    assert result.form.errors
    # the valid name is not applied either: an invalid form filters nothing
    assert names(result.items) == [f"Ort {n:02d}" for n in range(20, 26)]


def test_filter_by_applies_only_the_lookups_with_a_value(towns):
    lookups = {
        "name": "name__startswith",
        "big": lambda value: Q(population__gte=1500),
    }
    towns = Municipality.objects.filter(locale=locale("de")).order_by("name")
    assert len(filter_by(towns, {"name": "", "big": None}, lookups)) == 25
    assert names(filter_by(towns, {"name": "Ort 1"}, lookups)) == [
        f"Ort {n}" for n in range(10, 20)
    ]
    assert names(filter_by(towns, {"name": "Ort 1", "big": "1"}, lookups)) == [
        f"Ort {n}" for n in range(15, 20)
    ]
