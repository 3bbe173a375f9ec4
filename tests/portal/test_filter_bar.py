"""The one filter bar of the public listings (portal/includes/filter_bar.html
with a portal.listing.FilterForm, issue #23)."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal.listing import FilterChoiceField, FilterForm, FlagInput

pytestmark = pytest.mark.django_db


class SampleFilterForm(FilterForm):
    sort_fields = ("sort",)
    q = forms.CharField(label="Search", required=False, widget=forms.SearchInput)
    kind = FilterChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), ("a", "A")]
    )
    day = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = FilterChoiceField(
        label="Order", required=False, choices=[("new", "Newest"), ("old", "Oldest")]
    )
    flag = forms.CharField(label="Only open", required=False, widget=FlagInput)
    letter = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_kind(self):  # an unknown value filters nothing
        return self.cleaned_data["kind"] if self.cleaned_data["kind"] == "a" else ""

    def clean_flag(self):
        return "1" if self.cleaned_data["flag"] == "1" else ""


def bar(query="", language="en", **options):
    request = RequestFactory().get("/liste/", QueryDict(query))
    form = SampleFilterForm(request.GET or None)
    form.is_valid()
    template = Template(
        '{% load i18n %}{% include "portal/includes/filter_bar.html" %}'
    )
    with translation.override(language):
        return template.render(Context({"form": form, "request": request, **options}))


def test_every_control_is_a_labelled_field_of_the_one_field_template():
    html = bar()
    assert '<form class="filter-bar" method="get" action="" novalidate>' in html
    for name, label in [("q", "Search"), ("kind", "Kind"), ("day", "From")]:
        assert f'<label class="kern-label" for="filter-{name}">{label}</label>' in html
    assert 'id="filter-kind"' in html
    assert '<div class="kern-form-input__select-wrapper"><select' in html
    assert "(optional)" not in html  # a filter: every field is optional
    assert '<button type="submit" class="kern-btn kern-btn--primary">' in html
    assert ">Filter</span></button>" in html
    # a hidden value is left out when empty (no "letter=" in the next URL)
    assert 'name="letter"' not in html
    assert "filter-bar__reset" not in html  # nothing to reset
    assert "error-summary" not in html


def test_the_bar_shows_the_values_the_listing_filters_by():
    html = bar("kind=nonsense&q=%20Hof%20&flag=1&letter=B")
    assert '<option value="" selected>All kinds</option>' in html  # unknown: all
    assert 'value="Hof"' in html  # the cleaned words
    assert re.search(r'type="checkbox" name="flag" value="1"[^>]* checked', html)
    assert '<input type="hidden" name="letter" value="B"' in html


def test_a_chosen_filter_offers_a_reset_link_an_order_does_not():
    assert "filter-bar__reset" not in bar("sort=old")
    html = bar("kind=a")
    assert '<a class="filter-bar__reset" href="/liste/">Reset filters</a>' in html
    html = bar("kind=a", action="/andere/")
    assert 'href="/andere/">Reset filters</a>' in html
    assert "Filter zurücksetzen" in bar("kind=a", language="de")


def test_a_wrong_value_is_summarised_above_the_bar_and_named_at_its_field():
    html = bar("day=2026-02-31")
    summary = html.split("<form", 1)[0]
    assert 'class="error-summary" role="alert"' in summary
    assert 'href="#filter-day"' in summary
    assert 'aria-invalid="true"' in html
    assert 'value="2026-02-31"' in html  # the value given, to correct it
    assert "filter-bar__reset" in html


def test_form_sections_are_a_fieldset_with_a_legend():
    class GroupedForm(SampleFilterForm):
        form_sections = [("Period", ["day", "q"])]

    request = RequestFactory().get("/liste/")
    with translation.override("en"):
        html = Template('{% include "portal/includes/filter_bar.html" %}').render(
            Context({"form": GroupedForm(), "request": request})
        )
    assert re.search(
        r'<fieldset class="filter-bar__group kern-fieldset">\s*'
        r'<legend class="kern-label">Period</legend>',
        html,
    )


def test_submit_label_class_role_and_name():
    html = bar(submit="Show", role="search", label="Search things", **{"class": "x"})
    assert (
        '<form class="filter-bar x" method="get" action="" role="search" '
        'aria-label="Search things" novalidate>'
    ) in html
    assert ">Show</span></button>" in html


def test_every_listing_filters_with_the_same_button_label():
    """A listing's filter bar submits with the default label ("Filter", German
    "Filtern"); only a search box (role="search") names its button otherwise."""
    root = Path(settings.BASE_DIR)
    includes = [
        (path, line)
        for path in root.glob("*/templates/**/*.html")
        for line in path.read_text().splitlines()
        if '"portal/includes/filter_bar.html"' in line
    ]
    assert len(includes) >= 10
    for path, line in includes:
        if "submit=" in line:
            assert 'role="search"' in line, f"{path}: {line.strip()}"
