import re

from django import forms
from django.utils.translation import gettext_lazy as _

from search.query import SORTS

MAX_QUERY_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1900, 2200
SLUG = re.compile(r"[-a-z0-9_]{1,80}")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters."),
        },
    )
    type = forms.CharField(required=False, max_length=100)
    municipality = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2026-12-24.")},
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date like 2026-12-24.")},
    )
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

    def clean_municipality(self):
        # An unknown or malformed municipality is ignored, not an error: the
        # value comes from links, and old links must keep working.
        value = self.cleaned_data.get("municipality") or ""
        return value if SLUG.fullmatch(value) else ""

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            value = cleaned.get(name)
            if value and not MIN_YEAR <= value.year <= MAX_YEAR:
                self.add_error(
                    name,
                    _("Enter a date between %(first)d and %(last)d.")
                    % {"first": MIN_YEAR, "last": MAX_YEAR},
                )
                cleaned[name] = None
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_to"] < cleaned["date_from"]
        ):
            self.add_error(
                "date_to", _("The end date must not be before the start date.")
            )
        return cleaned

    def clean_sort(self):
        value = self.cleaned_data.get("sort")
        return value if value in SORTS else "relevance"
