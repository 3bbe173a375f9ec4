"""The front-end forms of the directory: an owner's entry, a claim."""

import datetime
import hashlib
import uuid

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.forms import LocalDecimalField
from portal.listing import (
    FilterChoiceField,
    FilterForm,
    FlagInput,
    filter_by,
    municipality_field,
)
from portal.models import Municipality
from portal.opening_hours import DAY_KEYS, WEEKDAYS
from portal.search_text import clean_query
from portal.shell import versioned_key
from portal.uploads import check_content, extension_of

from .models import LETTERS, ActorType, BusinessEntryPage, EntryClaim, Sector

LOGO_MAX_BYTES = getattr(settings, "BUSINESS_LOGO_MAX_BYTES", 2 * 1024 * 1024)
LOGO_MAX_PIXELS = 3000
LOGO_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
PERIODS_PER_DAY = 2
MIDNIGHT = datetime.time(0, 0)


def _hours_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class EntryForm(forms.ModelForm):
    """All facts an owner keeps current. Seasons and exceptions of the opening
    hours stay as staff entered them; the weekly hours are a simple grid."""

    tag_list = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. organic, eggs, honey."),
    )
    logo_upload = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most %(size)s and %(pixels)s pixels wide.")
        % {"size": filesizeformat(LOGO_MAX_BYTES), "pixels": LOGO_MAX_PIXELS},
    )

    class Meta:
        model = BusinessEntryPage
        fields = [
            "title",
            "intro",
            "actor_type",
            "sector",
            "direct_sale",
            "municipality",
            "street",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "description",
            "products",
            "languages",
            "accessibility",
            "accessibility_note",
        ]
        labels = {"title": _("Name of the organisation")}
        field_classes = {"latitude": LocalDecimalField, "longitude": LocalDecimalField}
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "products": forms.Textarea(attrs={"rows": 5}),
            "accessibility_note": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(),
            "website": forms.URLInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["municipality"].queryset = Municipality.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        )
        self.fields["website"].help_text = _("Beginning with https://")
        if instance.pk:
            self.fields["tag_list"].initial = ", ".join(
                tag.name for tag in instance.tags.all()
            )
        existing = {}
        for period in instance.opening_hours_data().regular if instance.pk else []:
            for day in period.days:
                existing.setdefault(day, []).append((period.opens, period.closes))
        self.hours_rows = []
        for day, label in WEEKDAYS:
            row = {"label": label, "fields": []}
            times = sorted(existing.get(day, []))
            for number in range(1, PERIODS_PER_DAY + 1):
                opens_name, closes_name = (
                    f"{day}_opens_{number}",
                    f"{day}_closes_{number}",
                )
                self.fields[opens_name] = _hours_field(
                    _("%(day)s, period %(number)s opens")
                    % {"day": label, "number": number}
                )
                self.fields[closes_name] = _hours_field(
                    _("%(day)s, period %(number)s closes")
                    % {"day": label, "number": number}
                )
                if len(times) >= number:
                    self.fields[opens_name].initial = times[number - 1][0]
                    self.fields[closes_name].initial = times[number - 1][1]
                row["fields"].append((self[opens_name], self[closes_name]))
            self.hours_rows.append(row)

    def visible_fields(self):
        return [
            field
            for field in super().visible_fields()
            if not field.name.startswith(tuple(f"{day}_" for day in DAY_KEYS))
        ]

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return upload
        if upload.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("The logo is %(size)s; it may be at most %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(LOGO_MAX_BYTES),
                },
                code="too_large",
            )
        try:
            # decoded completely, the type taken from the content (issue #19)
            checked = check_content(
                upload,
                LOGO_EXTENSIONS,
                max_pixels=LOGO_MAX_PIXELS**2,
                match_extension=False,
            )
        except ValidationError as error:
            if error.code in ("image_format", "file_content_mismatch"):
                raise ValidationError(
                    _("The logo must be a PNG, JPEG or WebP image."),
                    code="image_format",
                ) from error
            raise
        if max(checked.width, checked.height) > LOGO_MAX_PIXELS:
            raise ValidationError(
                _("The logo may be at most %(pixels)s pixels wide and high."),
                params={"pixels": LOGO_MAX_PIXELS},
                code="too_many_pixels",
            )
        # stored under the extension of the type found, whatever it was called
        self.logo_extension = checked.extension
        return upload

    def clean_tag_list(self):
        names = [name.strip() for name in self.cleaned_data["tag_list"].split(",")]
        names = [name for name in names if name]
        if any(len(name) > 50 for name in names):
            raise ValidationError(_("A tag may be at most 50 characters long."))
        if len(names) > 15:
            raise ValidationError(_("Give at most 15 tags."))
        return list(dict.fromkeys(names))

    def weekly_blocks(self):
        """The grid as ``weekly`` blocks, one per distinct time span."""
        spans = {}
        for day in DAY_KEYS:
            for number in range(1, PERIODS_PER_DAY + 1):
                opens = self.cleaned_data.get(f"{day}_opens_{number}")
                closes = self.cleaned_data.get(f"{day}_closes_{number}")
                if opens and closes:
                    spans.setdefault((opens, closes), []).append(day)
        return [
            ("weekly", {"days": days, "opens": opens, "closes": closes})
            for (opens, closes), days in sorted(spans.items())
        ]

    def clean(self):
        cleaned = super().clean()
        for day, label in WEEKDAYS:
            for number in range(1, PERIODS_PER_DAY + 1):
                opens_name, closes_name = (
                    f"{day}_opens_{number}",
                    f"{day}_closes_{number}",
                )
                opens, closes = cleaned.get(opens_name), cleaned.get(closes_name)
                if (
                    (opens is None) != (closes is None)
                    and not self.has_error(opens_name)
                    and not self.has_error(closes_name)
                ):
                    missing = closes_name if closes is None else opens_name
                    self.add_error(
                        missing,
                        _("%(day)s: enter both the opening and the closing time.")
                        % {"day": label},
                    )
                elif opens and closes and closes <= opens and closes != MIDNIGHT:
                    self.add_error(
                        closes_name,
                        _(
                            "%(day)s: the closing time must be after the opening "
                            "time (00:00 means midnight)."
                        )
                        % {"day": label},
                    )
        return cleaned

    def _post_clean(self):
        # Put the weekly hours into the instance before the model validates,
        # so that overlaps are reported like every other error.
        if not self.errors:
            keep = [
                (child.block_type, child.value)
                for child in self.instance.opening_hours
                if child.block_type != "weekly"
            ]
            self.instance.opening_hours = [*self.weekly_blocks(), *keep]
        super()._post_clean()

    def _update_errors(self, errors):
        # The model reports overlapping hours on "opening_hours", which the
        # form shows as a non-field error above the grid.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict and "opening_hours" in error_dict:
            for error in error_dict.pop("opening_hours"):
                self.add_error(None, error)
        if error_dict == {}:
            return
        super()._update_errors(errors)

    def save(self, commit=False):
        """Apply the form to the instance in memory; the caller saves a revision.

        A new logo is not put on the page: it waits in the private storage
        until the change is approved (``logo_to_keep``, ``business.logos``).
        """
        page = self.instance
        page.tags.set(self.cleaned_data["tag_list"])
        return page

    def logo_to_keep(self):
        """The uploaded logo named for storage (not the uploader's file name, the
        extension of the type found by decoding), or None."""
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        extension = getattr(self, "logo_extension", None) or extension_of(upload.name)
        upload.name = f"logo-{uuid.uuid4().hex}.{extension}"
        return upload


class ClaimForm(forms.ModelForm):
    class Meta:
        model = EntryClaim
        fields = ["organisation_role", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}


class ProjectResponseForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How can you help? The project team answers by e-mail."),
    )


MAX_SEARCH_RESULTS = 1000


class DirectorySearchForm(FilterForm):
    """The directory's search box on the home page (sent to the directory,
    whose ``q`` it fills)."""

    q = forms.CharField(
        label=_("Search the directory"), required=False, widget=forms.SearchInput
    )


class DirectoryFilterForm(FilterForm):
    """The directory's filters (the listing, its map and its exports). A value
    the directory does not know filters nothing (the other filters still
    apply); only short slugs and plain words reach the database. The listing
    passes the municipalities to choose from (``(slug, name)`` pairs); the tag
    and the letter are chosen by links beside the bar (hidden values in it)."""

    q = forms.CharField(
        label=_("Search"), required=False, strip=False, widget=forms.SearchInput
    )
    type = FilterChoiceField(label=_("Type"), required=False)
    sector = FilterChoiceField(label=_("Sector"), required=False)
    municipality = municipality_field()
    direct_sale = forms.CharField(
        label=_("Farm shop / direct sale"), required=False, widget=FlagInput
    )
    tag = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    letter = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, directory, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.fields["type"].choices = [("", _("All types")), *ActorType.choices]
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *municipalities,
        ]

    def clean_type(self):
        value = self.cleaned_data["type"]
        return value if value in ActorType.values else ""

    def clean_sector(self):
        value = self.cleaned_data["sector"]
        return value if value in Sector.values else ""

    def clean_municipality(self):
        return self.cleaned_data["municipality"][:80]

    def clean_tag(self):
        return self.cleaned_data["tag"][:100]

    def clean_letter(self):
        value = self.cleaned_data["letter"].upper()
        return value if value in LETTERS else ""

    def clean_direct_sale(self):
        return "1" if self.cleaned_data["direct_sale"] == "1" else ""

    def clean_q(self):
        # only words: quotes and brackets are syntax to SQLite FTS and tsquery
        return clean_query(self.cleaned_data["q"])[:200]

    # field → lookup (portal.listing.filter_by); ``q`` is searched below
    lookups = {
        "type": "actor_type",
        "sector": "sector",
        "municipality": "municipality__slug",
        "tag": "tags__slug",
        "letter": "title__istartswith",
        "direct_sale": lambda value: Q(direct_sale=True),
    }

    def filter(self, queryset):
        data = self.cleaned_data
        queryset = filter_by(queryset, data, self.lookups)
        if data.get("q"):
            queryset = queryset.filter(pk__in=self.search_matches(data["q"]))
        return queryset

    def search_matches(self, q):
        """The primary keys of the entries matching ``q``, searched once per
        content version and query: the search loads every match as a page
        (300 entries for "Hof" at 5,000 entries, 30 ms of CPU)."""
        key = versioned_key(
            "business:directory-search",
            self.directory.pk,
            hashlib.sha256(q.encode()).hexdigest(),
        )
        pks = cache.get(key)
        if pks is None:
            matches = (
                BusinessEntryPage.objects.live()
                .descendant_of(self.directory)
                .search(q, operator="and")[:MAX_SEARCH_RESULTS]
            )
            pks = [page.pk for page in matches]
            cache.set(key, pks, 3600)
        return pks
