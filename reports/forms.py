"""The report form (works without JavaScript) and the public filter form."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.listing import FilterForm, filter_by
from reports import geo, photos, services
from reports.choices import Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


def max_photos():
    return int(getattr(settings, "REPORTS_MAX_PHOTOS", 3))


def _coordinate(value, low, high):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return False
    if not number.is_finite() or not low <= number <= high:
        return False
    return number.quantize(Decimal("0.000001"))


class ReportForm(forms.Form):
    category = forms.TypedChoiceField(
        label=_("What is the problem?"),
        coerce=int,
        error_messages={"required": _("Choose a category.")},
    )
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        required=False,
        help_text=_("Not needed if you set a pin on the map."),
    )
    place = forms.CharField(
        label=_("Street or place"),
        required=False,
        max_length=200,
        help_text=_("e.g. Schweriner Straße 12, or: playground at the church"),
    )
    latitude = forms.CharField(
        label=_("Latitude"), required=False, max_length=20, widget=forms.HiddenInput
    )
    longitude = forms.CharField(
        label=_("Longitude"), required=False, max_length=20, widget=forms.HiddenInput
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is wrong, and since when? Please leave out names and other "
            "personal data: the description is published after review."
        ),
        error_messages={"required": _("Describe the problem.")},
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "Up to three photos (JPEG, PNG or WebP). We remove all metadata, "
            "including the camera's position, before storing them."
        ),
    )
    use_photo_location = forms.BooleanField(
        label=_("Use the position stored in the photo as the location"),
        required=False,
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_(
            "We send you a link to confirm the report, and news about it. "
            "Never published."
        ),
        error_messages={
            "invalid": _(
                "Enter an e-mail address in the correct format, like name@example.org."
            )
        },
    )
    # honeypot: hidden from people, filled by simple bots
    website = forms.CharField(required=False)
    # set after the reporter saw the open reports nearby and still sends a new one
    new_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.signed_in = bool(user is not None and user.is_authenticated)
        category_list = list(services.categories())
        names = services.localized_names(category_list)
        self.categories = {c.pk: c for c in category_list}
        self.fields["category"].choices = [("", _("Please choose"))] + [
            (c.pk, names[c.pk]) for c in category_list
        ]
        municipality_list = list(services.municipalities())
        self.municipalities = {m.slug: m for m in municipality_list}
        m_names = services.localized_names(municipality_list)
        self.fields["municipality"].choices = [("", _("Please choose"))] + [
            (m.slug, m_names[m.pk]) for m in municipality_list
        ]
        if not settings.MAP_TILE_URL:  # no map to set a pin on (MAP_TILE_URL)
            self.fields["municipality"].help_text = ""
        if self.signed_in:
            del self.fields["email"]
            del self.fields["name"]
        else:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
                "Enter your e-mail address, or sign in."
            )
        self.clean_photos_result = []

    def clean_category(self):
        value = self.cleaned_data["category"]
        if value not in self.categories:
            raise ValidationError(_("Choose a category."))
        return self.categories[value]

    def clean_municipality(self):
        slug = self.cleaned_data.get("municipality")
        return self.municipalities.get(slug) if slug else None

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if len(files) > max_photos():
            raise ValidationError(
                _("Attach at most %(count)s photos.") % {"count": max_photos()}
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(photos.clean(upload))
            except photos.PhotoError as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("The form could not be sent. Please try again."))
        latitude = _coordinate(cleaned.get("latitude"), -90, 90)
        longitude = _coordinate(cleaned.get("longitude"), -180, 180)
        if (
            latitude is False
            or longitude is False
            or (latitude is None) != (longitude is None)
        ):
            self.add_error(
                "place", _("The position from the map could not be read; set it again.")
            )
            latitude = longitude = None
        if latitude is None and cleaned.get("use_photo_location"):
            gps = next((p.gps for p in cleaned.get("photos") or [] if p.gps), None)
            if gps is None:
                self.add_error(
                    "use_photo_location",
                    _(
                        "None of the photos contains a position. Set a pin or name the place."
                    ),
                )
            else:
                latitude = Decimal(str(gps[0])).quantize(Decimal("0.000001"))
                longitude = Decimal(str(gps[1])).quantize(Decimal("0.000001"))
        municipality = cleaned.get("municipality")
        all_municipalities = list(self.municipalities.values())
        if latitude is not None:
            if not geo.in_area(latitude, longitude, all_municipalities):
                self.add_error(
                    "place",
                    _(
                        "This place lies outside our area. We can only take reports "
                        "from our member municipalities; please contact the "
                        "authority responsible there."
                    ),
                )
            elif municipality is None:
                municipality = geo.nearest(latitude, longitude, all_municipalities)
        else:
            has_map = bool(settings.MAP_TILE_URL)
            if municipality is None:
                self.add_error(
                    "municipality",
                    _("Choose the municipality, or set a pin on the map.")
                    if has_map
                    else _("Choose the municipality."),
                )
            if not (cleaned.get("place") or "").strip():
                self.add_error(
                    "place",
                    _("Name the street or place, or set a pin on the map.")
                    if has_map
                    else _("Name the street or place."),
                )
        cleaned["municipality"] = municipality
        cleaned["latitude"], cleaned["longitude"] = latitude, longitude
        return cleaned


class ReportFilterForm(FilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Status.choices)
        category_list = list(services.categories())
        names = services.localized_names(category_list)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, names[c.pk]) for c in category_list
        ]
        municipality_list = list(services.municipalities())
        m_names = services.localized_names(municipality_list)
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m.slug, m_names[m.pk]) for m in municipality_list
        ]

    # field → lookup (portal.listing.filter_by)
    lookups = {
        "status": "status",
        "category": "category__slug",
        "municipality": "municipality__slug",
        "date_from": "created_at__date__gte",
        "date_to": "created_at__date__lte",
    }

    def filter(self, queryset):
        return filter_by(queryset, self.cleaned_data, self.lookups)


class SupportForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm your support. Never published."),
        error_messages={
            "required": _("Enter your e-mail address, or sign in."),
            "invalid": _(
                "Enter an e-mail address in the correct format, like name@example.org."
            ),
        },
    )
    website = forms.CharField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("The form could not be sent. Please try again."))
        return cleaned
