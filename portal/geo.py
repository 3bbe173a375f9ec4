"""Places: postal address and coordinates, shared by every app that locates things."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

latitude_validators = [
    MinValueValidator(-90, _("The latitude must be between -90 and 90 degrees.")),
    MaxValueValidator(90, _("The latitude must be between -90 and 90 degrees.")),
]
longitude_validators = [
    MinValueValidator(-180, _("The longitude must be between -180 and 180 degrees.")),
    MaxValueValidator(180, _("The longitude must be between -180 and 180 degrees.")),
]


class AddressMixin(models.Model):
    """A German postal address."""

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)

    address_panels = [
        FieldPanel("street"),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
    ]

    class Meta:
        abstract = True

    @property
    def address_line(self):
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, town) if part)

    def postal_address_json_ld(self):
        data = {"@type": "PostalAddress", "addressCountry": "DE"}
        if self.street:
            data["streetAddress"] = self.street
        if self.postal_code:
            data["postalCode"] = self.postal_code
        if self.city:
            data["addressLocality"] = self.city
        return data


class CoordinatesMixin(models.Model):
    """WGS 84 coordinates with range validation (so the admin shows the error)."""

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=latitude_validators,
        help_text=_("Decimal degrees north, e.g. 53.5760."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=longitude_validators,
        help_text=_("Decimal degrees east, e.g. 11.6507."),
    )

    coordinate_panels = [
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta:
        abstract = True

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def clean_coordinates(self):
        """Both or neither: a lone latitude is no place. Returns field errors."""
        errors = {}
        if self.latitude is None and self.longitude is not None:
            errors["latitude"] = _("Enter the latitude too, or clear the longitude.")
        if self.longitude is None and self.latitude is not None:
            errors["longitude"] = _("Enter the longitude too, or clear the latitude.")
        return errors

    def geo_json_ld(self):
        if not self.has_coordinates:
            return None
        return {
            "@type": "GeoCoordinates",
            "latitude": float(self.latitude),
            "longitude": float(self.longitude),
        }


def place_json_ld(place):
    """schema.org address, coordinates and contact properties of a place.

    ``place`` has the address and coordinate mixins and may have ``phone``,
    ``email`` and ``website`` fields.
    """
    data = {"address": place.postal_address_json_ld()}
    geo = place.geo_json_ld()
    if geo:
        data["geo"] = geo
    for key, field in (
        ("telephone", "phone"),
        ("email", "email"),
        ("sameAs", "website"),
    ):
        value = getattr(place, field, "")
        if value:
            data[key] = value
    return data


def location_panel(heading=None):
    """The address and coordinate fields as one panel."""
    return MultiFieldPanel(
        [*AddressMixin.address_panels, *CoordinatesMixin.coordinate_panels],
        heading=heading or _("Address and location"),
    )
