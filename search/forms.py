from django import forms
from django.utils.translation import gettext_lazy as _

from search.query import SORTS

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters."),
        },
    )
    typ = forms.CharField(required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest first")),
            ("title", _("Title A–Z")),
        ],
    )

    def clean_q(self):
        # Control characters and stray NULs never reach the database.
        value = self.cleaned_data["q"]
        return "".join(char for char in value if char.isprintable()).strip()

    def clean_sort(self):
        value = self.cleaned_data.get("sort")
        return value if value in SORTS else "relevance"
