"""Building tourism pages in tests."""

import datetime

from portal.models import Municipality
from tests.factories import add_page
from tourism.models import (
    AttractionPage,
    EventIndexPage,
    EventPage,
    TourismCategory,
    TourismIndexPage,
)

from .factories import BERLIN, tourism_section


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def tourism_index(language="de"):
    """The tourism page (built with its calendar and route index if missing)."""
    if not TourismIndexPage.objects.exists():
        tourism_section()
    return TourismIndexPage.objects.get(locale__language_code=language)


def event_index(language="de"):
    tourism_index()
    return EventIndexPage.objects.get(locale__language_code=language)


def category(slug, language="de"):
    return TourismCategory.objects.get(slug=slug, locale__language_code=language)


def municipality(slug, language="de"):
    return Municipality.objects.get(slug=slug, locale__language_code=language)


def attraction(slug, language="de"):
    return AttractionPage.objects.get(slug=slug, locale__language_code=language)


def add_event(parent, slug, start, **fields):
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("venue_name", "Dorfplatz")
    fields.setdefault("city", "Crivitz")
    return add_page(parent, EventPage, slug=slug, start=start, **fields)


def fresh_event_index(slug="testkalender"):
    """A separate event calendar (below the tourism page) for counting tests."""
    return add_page(tourism_index(), EventIndexPage, title="Testkalender", slug=slug)
