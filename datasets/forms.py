"""The catalogue page's search bar (``datasets/catalogue.py`` reads the query)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.listing import FilterForm


class CatalogueFilterForm(FilterForm):
    """The catalogue's filter bar: the words, the order and, as hidden values,
    the facets chosen in the filter column beside the results. It shows the
    values ``CatalogueSearch`` read from the query string (its ``initial``:
    ``q``, ``sort`` and a list of values per facet); ``sorts`` are its
    ``(value, label)`` pairs, ``facets`` the facets' parameter names."""

    sort_fields = ("sort",)
    q = forms.CharField(
        label=_("Search datasets"), required=False, widget=forms.SearchInput
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *, sorts, facets, **kwargs):
        super().__init__(**kwargs)
        self.fields["sort"].choices = sorts
        for name in facets:
            self.fields[name] = forms.MultipleChoiceField(
                required=False, widget=forms.MultipleHiddenInput
            )
