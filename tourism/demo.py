"""Demo content of the tourism app: the routes with their GPX tracks.

Categories, the section, places to visit, stays, events, the route index and
the home teaser are data (``tourism/demo/pages.yaml``, loaded before this
module; event dates are relative to the day of loading). The tracks are
computed here. ``load_scale`` adds the benchmark data set.
"""

import datetime
import math
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from tourism.gpx import build_gpx
from tourism.models import (
    RouteIndexPage,
    RoutePage,
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


# The illustration of a route by its type: subject (portal.demo_pictures), alt text.
ROUTE_PICTURES = {
    "cycling": ("cycling", "Illustration: Fahrrad auf einem Radweg zwischen Feldern"),
    "hiking": ("meadow", "Illustration: Blumenwiese mit hölzernem Aussichtsturm"),
    "paddling": ("kayak", "Illustration: Paddler in Kajaks auf dem Fluss"),
}

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
            subject, alt_text = ROUTE_PICTURES[route_type]
            image = demo.image(title, alt_text, subject=subject)
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
