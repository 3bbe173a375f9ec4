"""Tourism pages and snippets built by tests (nothing here reads the demo).

``tourism_section()`` builds the section the way an editor would: the tourism
page, the event calendar and the route index in German with their English
translations. The place, event and route builders add a page below it and,
given ``en=...``, its English translation. Event dates are relative to a
``now`` the test passes in (by default the moment of building), so a test
reads the same with the clock a year ahead.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from tests import factories
from tourism.gpx import build_gpx
from tourism.models import (
    AccommodationPage,
    AttractionPage,
    EventIndexPage,
    EventPage,
    RouteIndexPage,
    RoutePage,
    TourismCategory,
    TourismIndexPage,
)

BERLIN = ZoneInfo("Europe/Berlin")
CATEGORIES = {
    "natur": ("Natur & Landschaft", "Nature & landscape"),
    "baden": ("Baden & Wassersport", "Swimming & water sports"),
    "kultur": ("Museen & Kultur", "Museums & culture"),
    "kirchen": ("Kirchen", "Churches"),
    "feste": ("Feste & Konzerte", "Festivals & concerts"),
    "maerkte": ("Märkte", "Markets"),
    "fuehrungen": ("Führungen & Kurse", "Guided tours & courses"),
}


def category(slug):
    """The German category ``slug`` with its English translation (created once)."""
    german = TourismCategory.objects.filter(
        slug=slug, locale=factories.locale("de")
    ).first()
    if german is not None:
        return german
    name, name_en = CATEGORIES.get(slug, (slug.title(), slug.title()))
    german = TourismCategory.objects.create(
        slug=slug,
        name=name,
        locale=factories.locale("de"),
        sort_order=list(CATEGORIES).index(slug) if slug in CATEGORIES else 100,
    )
    english = german.copy_for_translation(factories.locale("en"))
    english.name = name_en
    english.save()
    return german


def municipality(name, slug=None):
    """A municipality (with its English copy), found again by slug."""
    from portal.models import Municipality

    slug = slug or name.lower().replace(" ", "-")
    existing = Municipality.objects.filter(
        slug=slug, locale=factories.locale("de")
    ).first()
    return existing or factories.translated_municipality(name=name, slug=slug)


def _translated(parent, model, slug, en, **fields):
    page = factories.add_page(parent, model, slug=slug, **fields)
    if en is not None:
        en = dict(en)
        en.setdefault("slug", slug)
        factories.translate(page, **en)
    return page


def tourism_section(teaser=False):
    """The tourism page, its event calendar and route index, in both languages."""
    home = factories.home_page()
    index = _translated(
        home,
        TourismIndexPage,
        "tourismus",
        {"slug": "tourism", "title": "Tourism"},
        title="Tourismus",
        show_in_menus=True,
        intro="Ausflugsziele, Unterkünfte, Veranstaltungen und Touren.",
    )
    events = _translated(
        index,
        EventIndexPage,
        "veranstaltungen",
        {"slug": "events", "title": "Events"},
        title="Veranstaltungen",
    )
    routes = _translated(
        index,
        RouteIndexPage,
        "touren",
        {"slug": "routes", "title": "Routes"},
        title="Touren",
    )
    if teaser:
        home = factories.home_page()
        home.teasers.append(
            (
                "section",
                {
                    "page": index,
                    "title": "Tourismus & Freizeit",
                    "text": "Ausflugsziele und Veranstaltungen.",
                    "icon": "tourism",
                },
            )
        )
        home.save_revision().publish()
    return SimpleNamespace(index=index, events=events, routes=routes)


def attraction(parent, slug, title, en=None, **fields):
    """An attraction below the tourism page; ``en={"title": ...}`` translates it."""
    fields.setdefault("intro", f"{title}: ein Ausflugsziel.")
    fields.setdefault("postal_code", "19089")
    fields.setdefault("city", "Crivitz")
    return _translated(parent, AttractionPage, slug, en, title=title, **fields)


def accommodation(parent, slug, title, en=None, **fields):
    fields.setdefault("intro", f"{title}: eine Unterkunft.")
    fields.setdefault("postal_code", "19089")
    fields.setdefault("city", "Crivitz")
    return _translated(parent, AccommodationPage, slug, en, title=title, **fields)


def day_at(days, hour=10, minute=0, now=None):
    """Local time (Europe/Berlin) ``days`` after the day of ``now``."""
    now = now or timezone.now()
    day = now.astimezone(BERLIN).date() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def next_weekday(weekday, hour, now=None):
    """The next ``weekday`` (0 = Monday) after the day of ``now``, at ``hour``."""
    now = now or timezone.now()
    today = now.astimezone(BERLIN).date()
    ahead = (weekday - today.weekday() - 1) % 7 + 1
    return day_at(ahead, hour, now=now)


def event(index, slug, title, start, en=None, **fields):
    """An event in the calendar ``index`` (dates stored on publishing)."""
    fields.setdefault("venue_name", "Dorfplatz")
    fields.setdefault("city", "Crivitz")
    fields.setdefault("intro", f"{title}.")
    return _translated(index, EventPage, slug, en, title=title, start=start, **fields)


def track_line(waypoints, steps_per_leg=10, elevation=30):
    """GPX points along straight legs between ``waypoints`` (lat, lon)."""
    points = []
    for (lat1, lon1), (lat2, lon2) in zip(waypoints, waypoints[1:], strict=False):
        for step in range(steps_per_leg):
            share = step / steps_per_leg
            points.append(
                (lat1 + (lat2 - lat1) * share, lon1 + (lon2 - lon1) * share, elevation)
            )
    points.append((*waypoints[-1], elevation))
    return points


def route(index, slug, title, points, en=None, **fields):
    """A route with a GPX track made of ``points`` (lat, lon, elevation)."""
    gpx = build_gpx(title, points)
    fields.setdefault("route_type", "hiking")
    fields.setdefault("difficulty", "easy")
    fields.setdefault("intro", f"{title}.")
    return _translated(
        index,
        RoutePage,
        slug,
        en,
        title=title,
        gpx_file=ContentFile(gpx.encode(), name=f"{slug}.gpx"),
        **fields,
    )


def calendar(section, now=None):
    """A calendar of the kinds of event the portal knows, relative to ``now``:
    a weekly market with a skipped Saturday, a monthly flea market, a course with
    a venue page and an organiser's e-mail, a weekly series with a count, a day
    out, a two-day all-day festival, a cancelled, a postponed and an online
    event. Returns the German pages by slug."""
    now = now or timezone.now()
    crivitz = municipality("Crivitz")
    leezen = municipality("Leezen")
    plate = municipality("Plate")
    banzkow = municipality("Banzkow")
    canoe_station = attraction(
        section.index,
        "kanustation-leezen",
        "Kanustation Leezen",
        en={"title": "Leezen canoe station"},
        category=category("baden"),
        municipality=leezen,
        latitude="53.671800",
        longitude="11.508900",
        street="Am Hafen 3",
        postal_code="19067",
        city="Leezen",
    )
    market_day = next_weekday(5, 8, now=now)
    pages = {}

    def add(slug, title, start, en_title, **fields):
        pages[slug] = event(
            section.events, slug, title, start, en={"title": en_title}, **fields
        )

    add(
        "wochenmarkt-crivitz",
        "Wochenmarkt Crivitz",
        market_day,
        "Crivitz weekly market",
        end=market_day + datetime.timedelta(hours=4),
        recurrence_rule="FREQ=WEEKLY;BYDAY=SA",
        recurrence_exceptions=(market_day + datetime.timedelta(days=14))
        .date()
        .isoformat(),
        category=category("maerkte"),
        municipality=crivitz,
        venue_name="Marktplatz Crivitz",
        is_free=True,
    )
    add(
        "flohmarkt-leezen",
        "Flohmarkt am Hafen",
        day_at(6, 9, now=now),
        "Harbour flea market",
        end=day_at(6, 14, now=now),
        recurrence_rule="FREQ=MONTHLY;COUNT=6",
        category=category("maerkte"),
        municipality=leezen,
        venue_name="Hafen Leezen",
        city="Leezen",
    )
    course = next_weekday(2, 17, now=now)
    add(
        "paddelkurs-leezen",
        "Paddelkurs für Einsteiger",
        course,
        "Beginners' paddling course",
        end=course + datetime.timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY;BYDAY=WE;COUNT=6",
        category=category("fuehrungen"),
        municipality=leezen,
        price="25.00",
        registration_url="https://anmeldung.example.org/paddelkurs",
        organiser_name="Kanustation Leezen",
        organiser_email="kanu@example.org",
        venue_page=canoe_station,
        venue_name="",
        city="",
    )
    organ = next_weekday(6, 17, now=now)
    add(
        "orgelmusik-plate",
        "Orgelmusik am Sonntag",
        organ,
        "Sunday organ music",
        end=organ + datetime.timedelta(hours=1),
        recurrence_rule="FREQ=WEEKLY;BYDAY=SU;COUNT=8",
        category=category("feste"),
        municipality=plate,
        is_free=True,
    )
    add(
        "kranichfuehrung-lewitz",
        "Kranichbeobachtung in der Lewitz",
        day_at(12, 16, 30, now=now),
        "Crane watching in the Lewitz",
        end=day_at(12, 18, 30, now=now),
        category=category("natur"),
        municipality=banzkow,
    )
    add(
        "seefest-raben-steinfeld",
        "Seefest Raben Steinfeld",
        day_at(40, 0, now=now),
        "Raben Steinfeld lake festival",
        end=day_at(41, 0, now=now),
        all_day=True,
        category=category("feste"),
    )
    add(
        "theater-pinnow",
        "Sommertheater: Der zerbrochne Krug",
        day_at(25, 19, 30, now=now),
        "Summer theatre: The Broken Jug",
        end=day_at(25, 22, now=now),
        status="cancelled",
        category=category("kultur"),
    )
    add(
        "radtour-lewitz",
        "Geführte Radtour durch die Lewitz",
        day_at(16, 10, now=now),
        "Guided cycle tour through the Lewitz",
        end=day_at(16, 15, now=now),
        status="postponed",
        category=category("fuehrungen"),
        municipality=banzkow,
    )
    add(
        "vortrag-warnow",
        "Vortrag: Die Warnow und ihre Eisvögel",
        day_at(9, 19, now=now),
        "Talk: the Warnow and its kingfishers",
        end=day_at(9, 20, 30, now=now),
        status="moved_online",
        online_url="https://meet.example.org/warnow",
        venue_name="",
        city="",
        category=category("natur"),
    )
    return pages
