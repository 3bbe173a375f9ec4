"""Filter forms of the news listings and the subscription form."""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from home.models import AnnouncementKind, NewsCategory
from portal.listing import FilterForm
from portal.models import Municipality
from portal.shell import versioned_key


def _slugs_and_names(model, locale):
    """``(slug, name)`` of a snippet in ``locale``, cached until content changes."""
    key = versioned_key("home-choices", model._meta.label, locale.pk)
    choices = cache.get(key)
    if choices is None:
        choices = list(model.objects.filter(locale=locale).values_list("slug", "name"))
        cache.set(key, choices, 60 * 60)
    return choices


def municipality_choices(locale):
    return [("", _("All municipalities")), *_slugs_and_names(Municipality, locale)]


def category_choices(locale):
    return [("", _("All categories")), *_slugs_and_names(NewsCategory, locale)]


class NewsFilterForm(FilterForm):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices(locale)
        self.fields["category"].choices = category_choices(locale)

    def filter(self, queryset):
        if slug := self.cleaned_data.get("municipality"):
            queryset = queryset.filter(municipality__slug=slug)
        if slug := self.cleaned_data.get("category"):
            queryset = queryset.filter(category__slug=slug)
        return queryset


class AnnouncementFilterForm(FilterForm):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, locale, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            *municipality_choices(locale)[:1],
            ("amt", _("Association (all municipalities)")),
            *municipality_choices(locale)[1:],
        ]
        self.fields["type"].choices = [("", _("All types")), *AnnouncementKind.choices]
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in years
        ]

    def filter(self, queryset):
        slug = self.cleaned_data.get("municipality")
        if slug == "amt":
            queryset = queryset.filter(municipality__isnull=True)
        elif slug:
            queryset = queryset.filter(municipality__slug=slug)
        if kind := self.cleaned_data.get("type"):
            queryset = queryset.filter(kind=kind)
        if year := self.cleaned_data.get("year"):
            queryset = queryset.filter(publication_date__year=year)
        return queryset


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _(
                "Enter an e-mail address in the correct format, like name@example.org."
            ),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("What would you like to receive?"),
        choices=[
            ("news", _("News")),
            ("announcements", _("Official announcements")),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["news", "announcements"],
        error_messages={"required": _("Choose news, announcements or both.")},
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose none to receive everything. Announcements of the whole "
            "association are always included."
        ),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("News categories"),
        queryset=NewsCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive news of every category."),
    )

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            locale=locale
        )
        self.fields["categories"].queryset = NewsCategory.objects.filter(locale=locale)
