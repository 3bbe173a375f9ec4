"""Factories of the reports tests: categories, responsibilities, reports, photos."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from reports.choices import Moderation, Status
from reports.models import Category, Report, Responsibility
from tests.factories import MunicipalityFactory, locale

# Crivitz-like centre of the test municipalities (MunicipalityFactory's default).
CENTRE = (Decimal("53.576000"), Decimal("11.650700"))


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    locale = factory.LazyFunction(lambda: locale("de"))
    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")


def translated_category(**kwargs):
    category = CategoryFactory(**kwargs)
    english = category.copy_for_translation(locale("en"))
    english.name = f"{category.name} (en)"
    english.save()
    return category


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility


class ReportFactory(DjangoModelFactory):
    """A confirmed, released report (override for other states)."""

    class Meta:
        model = Report

    category = factory.SubFactory(CategoryFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    description = "Die Straßenlaterne ist seit einer Woche dunkel."
    place = "Schweriner Straße 12"
    latitude = CENTRE[0]
    longitude = CENTRE[1]
    status = Status.RECEIVED
    moderation = Moderation.RELEASED
    reporter_email = "melderin@example.org"
    reporter_name = "Erika Melderin"
    confirmed_at = factory.LazyFunction(timezone.now)
    released_at = factory.LazyFunction(timezone.now)


def jpeg_with_exif(name="photo.jpg", size=(2400, 1800)):
    """A JPEG with camera tags and a GPS position in its EXIF data."""
    image = Image.new("RGB", size, (120, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "TestCam GmbH"  # Make
    exif[0x0110] = "Model X100"  # Model
    exif[0x0131] = "Firmware 1.0"  # Software
    gps = {
        1: "N",
        2: (53.0, 34.0, 33.6),  # 53.576 N
        3: "E",
        4: (11.0, 39.0, 2.52),  # 11.6507 E
    }
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_file(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
