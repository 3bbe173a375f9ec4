"""The event listing's filter form (GET; used by the listing and /events.ics)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality

from .models.taxonomy import TourismCategory


class EventFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "kern-form-input__input"}
        ),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "kern-form-input__input"}
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )

    # The query parameters are short and language-neutral: ?from=…&to=…
    prefix_map = {"from": "date_from", "to": "date_to"}

    def __init__(self, data=None, locale=None, **kwargs):
        if data is not None:
            data = data.copy()
            for short, name in self.prefix_map.items():
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, **kwargs)
        categories = TourismCategory.objects.all()
        municipalities = Municipality.objects.all()
        if locale is not None:
            categories = categories.filter(locale=locale)
            municipalities = municipalities.filter(locale=locale)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (item.slug, item.name) for item in categories
        ]
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (item.slug, item.name) for item in municipalities
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_to"] < cleaned["date_from"]
        ):
            self.add_error(
                "date_to",
                ValidationError(_("The end date must not be before the start date.")),
            )
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "category": data.get("category") or None,
            "municipality": data.get("municipality") or None,
        }
