"""Building tourism pages in tests."""

import datetime

from wagtail.models import Locale

from portal.indexing import indexed_once
from portal.models import Municipality
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
    page = EventPage(slug=slug, start=start, locale=parent.locale, **fields)
    with indexed_once(EventPage):  # as factories.add_page
        parent.add_child(instance=page)
        page.save_revision(clean=False).publish()  # add_child validated it
    return page


def fresh_event_index(slug="testkalender"):
    """A separate event calendar (below the tourism page) for counting tests."""
    parent = tourism_index()
    page = EventIndexPage(title="Testkalender", slug=slug, locale=Locale.get_default())
    with indexed_once(EventIndexPage):  # as factories.add_page
        parent.add_child(instance=page)
        page.save_revision(clean=False).publish()  # add_child validated it
    return page
