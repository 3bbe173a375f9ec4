"""Demo content of the tourism app: the routes with their GPX tracks.

Categories, the section, places to visit, stays, events, the route index and
the home teaser are data (``tourism/demo/pages.yaml``, loaded before this
module; event dates are relative to the day of loading). The tracks are
computed here. ``load_scale`` adds the benchmark data set.
"""

import datetime
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from tourism.gpx import build_gpx
from tourism.models import (
    AccommodationPage,
    AccommodationType,
    AttractionPage,
    EventIndexPage,
    EventPage,
    RouteIndexPage,
    RoutePage,
    TourismCategory,
    TourismIndexPage,
)

BERLIN = ZoneInfo("Europe/Berlin")


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BERLIN)


def loop(center, radius_lat, radius_lon, steps, base, amplitude, wiggle=0.0):
    """Points of a closed loop around ``center`` with rolling elevation."""
    lat0, lon0 = center
    points = []
    for step in range(steps + 1):
        angle = 2 * math.pi * step / steps
        factor = 1 + wiggle * math.sin(angle * 7)
        points.append(
            (
                round(lat0 + radius_lat * factor * math.sin(angle), 6),
                round(lon0 + radius_lon * factor * math.cos(angle), 6),
                round(
                    base
                    + amplitude * math.sin(angle * 3)
                    + amplitude / 2 * math.sin(angle * 5),
                    1,
                ),
            )
        )
    return points


def line(waypoints, steps_per_leg, base):
    points = []
    for (lat1, lon1), (lat2, lon2) in zip(waypoints, waypoints[1:], strict=False):
        for step in range(steps_per_leg):
            t = step / steps_per_leg
            points.append(
                (
                    round(
                        lat1 + (lat2 - lat1) * t + 0.0006 * math.sin(t * math.pi * 4), 6
                    ),
                    round(lon1 + (lon2 - lon1) * t, 6),
                    round(base - 3 * t, 1),
                )
            )
        base -= 3
    last = waypoints[-1]
    points.append((last[0], last[1], round(base, 1)))
    return points


ROUTES = [
    (
        "radtour-schweriner-see-ostufer",
        "Radrunde Schweriner See – Ostufer",
        "Lake Schwerin east shore cycle loop",
        "cycling",
        "moderate",
        lambda: loop((53.65, 11.52), 0.055, 0.045, 240, 45, 12, wiggle=0.08),
        "Raben Steinfeld, Badestrand",
        "",
        [
            (
                "Raben Steinfeld – Pinnow",
                "9.5",
                "Am Ufer entlang und durch den Buchenwald.",
            ),
            ("Pinnow – Leezen", "11.0", "Über Felder mit Seeblick nach Leezen."),
            (
                "Leezen – Cambs – Raben Steinfeld",
                "14.0",
                "Am Nordufer zurück zum Strand.",
            ),
        ],
        "Rund 35 Kilometer auf ruhigen Wegen, mit Badestellen und Cafés am Weg.",
        "About 35 kilometres on quiet paths with beaches and cafés along the way.",
    ),
    (
        "wanderung-lewitz-runde",
        "Lewitz-Runde ab Banzkow",
        "Lewitz loop from Banzkow",
        "hiking",
        "easy",
        lambda: loop((53.515, 11.53), 0.018, 0.03, 160, 38, 2),
        "Schleuse Banzkow",
        "",
        [
            ("Schleuse – Aussichtsturm", "4.0", "Auf dem Deich zu den Fischteichen."),
            ("Aussichtsturm – Banzkow", "5.0", "Durch Wiesen zurück ins Dorf."),
        ],
        "Flache Wanderung zu den Fischteichen der Lewitz – im Herbst mit Kranichen.",
        "Flat walk to the Lewitz fish ponds – with cranes in autumn.",
    ),
    (
        "paddeltour-warnow",
        "Paddeltour auf der Warnow",
        "Paddling the Warnow",
        "paddling",
        "moderate",
        lambda: line(
            [
                (53.6153, 11.6031),
                (53.6200, 11.6200),
                (53.6280, 11.6400),
                (53.6336, 11.6597),
            ],
            40,
            30,
        ),
        "Gneven, Einsetzstelle",
        "Bülow, Anleger",
        [
            ("Gneven – Warnowbrücke", "2.5", "Langsame Strömung, Erlen am Ufer."),
            (
                "Warnowbrücke – Bülow",
                "2.5",
                "Einige umgestürzte Bäume: vorsichtig umtragen.",
            ),
        ],
        "Gemütliche Flusstour für Kanus und Kajaks mit Rastplätzen am Ufer.",
        "A gentle river trip for canoes and kayaks with resting places on the bank.",
    ),
]


def create_routes(demo, index):
    for (
        slug,
        title,
        title_en,
        route_type,
        difficulty,
        points,
        start,
        end,
        stages,
        intro,
        intro_en,
    ) in ROUTES:
        if index.get_children().filter(slug=slug).exists():
            page = index.get_children().get(slug=slug).specific
        else:
            gpx = build_gpx(title, points())
            image = demo.image(
                title, f"Landschaft an der Strecke {title}", palette="meadow"
            )
            page = demo.page(
                index,
                RoutePage,
                slug,
                title=title,
                intro=intro,
                route_type=route_type,
                difficulty=difficulty,
                gpx_file=ContentFile(gpx.encode(), name=f"{slug}.gpx"),
                start_name=start,
                end_name=end,
                teaser_image=image,
                stages=[
                    ("stage", {"title": name, "distance_km": km, "description": text})
                    for name, km, text in stages
                ],
                body=[("paragraph", f"<p>{intro}</p>")],
            )
        demo.translate(
            page,
            slug=slug,
            title=title_en,
            intro=intro_en,
            body=[("paragraph", f"<p>{intro_en}</p>")],
        )


def load(demo):
    create_routes(demo, RouteIndexPage.objects.get(locale=demo.de))


SCALE_EVENTS = 10_000
SCALE_ATTRACTIONS = 2_500
SCALE_ACCOMMODATIONS = 2_500
SCALE_PLACE_WORDS = [
    "See",
    "Ufer",
    "Wald",
    "Mühle",
    "Kirche",
    "Hof",
    "Garten",
    "Heide",
    "Moor",
    "Park",
    "Dorf",
    "Warnow",
    "Lewitz",
    "Aussicht",
]
SCALE_EVENT_WORDS = [
    "Markt",
    "Konzert",
    "Führung",
    "Lesung",
    "Fest",
    "Kurs",
    "Wanderung",
    "Radtour",
    "Basar",
    "Flohmarkt",
    "Theater",
]


def load_scale(demo, rng):
    """5,000 attractions and accommodation, 10,000 events (benchmark data)."""
    from portal.models import Municipality
    from tourism.models import EventOccurrence

    tourism = TourismIndexPage.objects.filter(locale=demo.de).first()
    events_index = EventIndexPage.objects.filter(locale=demo.de).first()
    if tourism is None or events_index is None:
        return
    categories = list(TourismCategory.objects.filter(locale=demo.de))
    municipalities = list(Municipality.objects.filter(locale=demo.de))
    images = [
        page.teaser_image
        for page in AttractionPage.objects.filter(locale=demo.de).exclude(
            teaser_image=None
        )
    ] or [None]

    def place_fields(number):
        municipality = rng.choice(municipalities)
        return {
            "title": f"{rng.choice(SCALE_PLACE_WORDS)} {municipality.name} {number}",
            "intro": f"Ein Ort zum Entdecken in {municipality.name}. " * 2,
            "municipality": municipality,
            "latitude": Decimal("53.55") + Decimal(rng.randrange(3000)) / 10000,
            "longitude": Decimal("11.50") + Decimal(rng.randrange(4000)) / 10000,
            "street": f"Dorfstraße {rng.randrange(1, 80)}",
            "postal_code": "19089",
            "city": municipality.name,
            "teaser_image": rng.choice(images) if number % 3 == 0 else None,
        }

    attractions = demo.bulk_pages(
        tourism,
        AttractionPage,
        [
            AttractionPage(
                slug=f"ort-{number}",
                category=rng.choice(categories),
                free_entry=rng.random() < 0.5,
                **place_fields(number),
            )
            for number in range(1, SCALE_ATTRACTIONS + 1)
        ],
    )
    demo.bulk_pages(
        tourism,
        AccommodationPage,
        [
            AccommodationPage(
                slug=f"unterkunft-{number}",
                accommodation_type=rng.choice(AccommodationType.values),
                capacity=rng.randrange(2, 120),
                amenities=[],
                price_range=f"ab {rng.randrange(40, 160)} € pro Nacht",
                **place_fields(number),
            )
            for number in range(1, SCALE_ACCOMMODATIONS + 1)
        ],
    )
    venues = attractions or list(AttractionPage.objects.filter(locale=demo.de)[:50])
    today = timezone.localdate()
    events = []
    for number in range(1, SCALE_EVENTS + 1):
        day = today + datetime.timedelta(days=rng.randrange(-60, 365))
        start = at(day, rng.choice((10, 14, 16, 19)))
        venue = rng.choice(venues)
        title = f"{rng.choice(SCALE_EVENT_WORDS)} in {venue.city} {number}"
        events.append(
            EventPage(
                slug=f"termin-{number}",
                title=title,
                intro=f"{title}: für alle, Eintritt siehe Aushang.",
                body=[("paragraph", f"<p>{title}</p>")],
                category=rng.choice(categories),
                municipality_id=venue.municipality_id,
                venue_page=venue,
                start=start,
                end=start + datetime.timedelta(hours=2),
                is_free=rng.random() < 0.4,
                organiser_name="Verein (Demo)",
            )
        )
    events = demo.bulk_pages(events_index, EventPage, events)
    EventOccurrence.objects.bulk_create(
        (
            EventOccurrence(
                event_id=event.pk,
                locale_id=event.locale_id,
                start=event.start,
                end=event.end,
            )
            for event in events
        ),
        batch_size=2000,
    )
    demo.log(f"    {len(attractions)} attractions, {len(events)} events and more")
