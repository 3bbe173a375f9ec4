"""The filter forms of the event listing (GET; used by the listing and
/events.ics) and of the places on the tourism page (and their GeoJSON), and the
tourism providers' event form."""

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.listing import FilterChoiceField, FilterForm
from portal.models import Municipality
from portal.shell import versioned_key

from .models import (
    AccommodationType,
    AttractionPage,
    EventOccurrence,
    EventPage,
    TourismIndexPage,
)
from .models.taxonomy import TourismCategory
from .recurrence import zone
from .recurrence_form import BUILDER_FIELDS, RecurrenceBuilderMixin


class EventFilterForm(FilterForm):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
    )

    # The query parameters are short and language-neutral: ?from=…&to=…
    prefix_map = {"from": "date_from", "to": "date_to"}

    def __init__(self, data=None, locale=None, now=None, **kwargs):
        self.now = now
        if data is not None:
            data = data.copy()
            for short, name in self.prefix_map.items():
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, **kwargs)
        categories, municipalities = self.slugs_and_names(locale)
        self.fields["category"].choices = [("", _("All categories")), *categories]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *municipalities,
        ]

    @staticmethod
    def slugs_and_names(locale):
        """``(slug, name)`` of the categories and municipalities (in ``locale``,
        else all), cached until content changes (they are snippets)."""
        key = versioned_key(
            "tourism-event-filter-choices", locale.pk if locale is not None else ""
        )
        choices = cache.get(key)
        if choices is None:
            querysets = [TourismCategory.objects.all(), Municipality.objects.all()]
            if locale is not None:
                querysets = [queryset.filter(locale=locale) for queryset in querysets]
            choices = tuple(
                list(queryset.values_list("slug", "name")) for queryset in querysets
            )
            cache.set(key, choices, 60 * 60)
        return choices

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

    def filter(self, occurrences):
        """``occurrences`` (``EventOccurrence.visible``) narrowed by the
        filters: from today (or the start date) onwards."""
        return EventOccurrence.narrow(occurrences, now=self.now, **self.filters())


class PlaceFilterForm(FilterForm):
    """The places of the tourism page by ``type`` (attraction or accommodation;
    another value filters nothing), ``category`` (a category's slug or an
    accommodation type) and ``municipality`` (a slug); an unknown category or
    municipality matches nothing. The listing (``tourism/views.py``) and the
    GeoJSON read it; the listing renders its selects, the categories and the
    accommodation types in a group of their own. Given no ``page`` (the
    GeoJSON) it only reads the query string."""

    # every value validates and filters as given, so one the listing does not
    # know matches nothing; the select shows the value filtered by
    type = FilterChoiceField(label=_("What"), required=False)
    category = FilterChoiceField(label=_("Category"), required=False)
    municipality = FilterChoiceField(label=_("Municipality"), required=False)

    def __init__(self, data=None, *, page=None, **kwargs):
        super().__init__(data, **kwargs)
        self.categories = []
        if page is None:
            return
        choices = page.filter_choices()
        self.categories = choices["categories"]
        # plain strings (in the request's language): the cached selects are
        # keyed by their choices (portal.fragments.field_group)
        self.fields["type"].choices = [
            ("", str(_("Everything"))),
            ("attraction", str(_("Attractions"))),
            ("accommodation", str(_("Accommodation"))),
        ]
        self.fields["category"].choices = [
            ("", str(_("All categories"))),
            *((category.slug, category.name) for category in self.categories),
            (
                str(_("Accommodation")),
                [(value, str(label)) for value, label in AccommodationType.choices],
            ),
        ]
        self.fields["municipality"].choices = [
            ("", str(_("All municipalities"))),
            *(
                (municipality.slug, municipality.name)
                for municipality in choices["municipality_choices"]
            ),
        ]

    def filters(self):
        """The filters as ``TourismIndexPage.places`` and ``place_rows`` take
        them (``None`` for no filter)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("type") or None,
            "category": data.get("category") or None,
            "municipality": data.get("municipality") or None,
        }

    def filter(self, queryset):
        """``(pk, content type id)`` of the places in ``queryset``
        (``TourismIndexPage.places_base``) in title order, filtered."""
        return TourismIndexPage.place_rows(queryset, **self.filters())


class EventSubmissionForm(RecurrenceBuilderMixin, forms.ModelForm):
    """The tourism providers' event form (front end).

    The model's own ``clean()`` checks dates, the recurrence rule, the venue and
    the price, so the form and the admin refuse the same input with the same
    messages.
    """

    DATETIME_FORMAT = "%Y-%m-%dT%H:%M"

    class Meta:
        model = EventPage
        fields = [
            "title",
            "intro",
            "category",
            "status",
            "start",
            "end",
            "all_day",
            "recurrence_rule",
            "recurrence_exceptions",
            "venue_page",
            "venue_name",
            "street",
            "postal_code",
            "city",
            "municipality",
            "online_url",
            "organiser_name",
            "organiser_url",
            "organiser_email",
            "is_free",
            "price",
            "price_note",
            "registration_url",
        ]
        labels = {"title": _("Title of the event")}

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            field = self.fields[name]
            field.widget = forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=self.DATETIME_FORMAT
            )
            field.input_formats = [self.DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["start"].required = True
        self.fields["title"].help_text = ""
        self.fields["intro"].widget = forms.Textarea(
            attrs={"rows": 4, "maxlength": 600}
        )
        self.fields["intro"].required = True
        self.add_recurrence_builder(zone(self.instance.time_zone or "Europe/Berlin"))
        order = list(self.fields)
        for name in reversed(BUILDER_FIELDS):
            order.remove(name)
            order.insert(order.index("all_day") + 1, name)
        self.order_fields(order)
        self.fields["category"].queryset = TourismCategory.objects.filter(
            locale=locale
        ).order_by("sort_order", "name")
        self.fields["municipality"].queryset = Municipality.objects.filter(
            locale=locale
        ).order_by("name")
        self.fields["venue_page"].queryset = (
            AttractionPage.objects.live().filter(locale=locale).order_by("title")
        )
        self.fields["venue_page"].help_text = _(
            "Choose a place of this portal, or enter name and address below."
        )

    def clean(self):
        return self.clean_recurrence(super().clean())
