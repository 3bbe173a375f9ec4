"""Demo content of the tourism app: places, stays, events and routes around the lakes.

Idempotent like every demo module: pages are found by slug, categories by
slug, images by title. Event dates are relative to the day of the first load.
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
    EventStatus,
    RouteIndexPage,
    RoutePage,
    TourismCategory,
    TourismIndexPage,
)

BERLIN = ZoneInfo("Europe/Berlin")
T = datetime.time

# slug, German name, English name
CATEGORIES = [
    ("natur", "Natur & Landschaft", "Nature & landscape"),
    ("baden", "Baden & Wassersport", "Swimming & water sports"),
    ("kultur", "Museen & Kultur", "Museums & culture"),
    ("kirchen", "Kirchen", "Churches"),
    ("familie", "Familie", "Families"),
    ("feste", "Feste & Konzerte", "Festivals & concerts"),
    ("maerkte", "Märkte", "Markets"),
    ("fuehrungen", "Führungen & Kurse", "Guided tours & courses"),
]

EVERY_DAY = ["mo", "tu", "we", "th", "fr", "sa", "su"]
TUE_TO_SUN = ["tu", "we", "th", "fr", "sa", "su"]


def weekly(days, opens, closes):
    return ("weekly", {"days": days, "opens": opens, "closes": closes})


def season(name, starts, ends, hours):
    return (
        "season",
        {
            "name": name,
            "starts": starts,
            "ends": ends,
            "repeats_yearly": True,
            "hours": [{"days": d, "opens": o, "closes": c} for d, o, c in hours],
        },
    )


def closed(day, note, until=None):
    return (
        "exception",
        {
            "date": day,
            "end_date": until,
            "closed": True,
            "opens": None,
            "closes": None,
            "note": note,
        },
    )


def museum_hours(year):
    return [
        weekly(["th", "fr", "sa", "su"], T(11), T(16)),
        season(
            "Sommer",
            datetime.date(year, 5, 1),
            datetime.date(year, 9, 30),
            [(TUE_TO_SUN, T(10), T(17))],
        ),
        closed(datetime.date(year, 12, 24), "Heiligabend", datetime.date(year, 12, 26)),
        closed(datetime.date(year, 12, 31), "Silvester", datetime.date(year + 1, 1, 1)),
    ]


def church_hours(year):
    return [
        season(
            "Offene Kirche",
            datetime.date(year, 4, 1),
            datetime.date(year, 10, 31),
            [(EVERY_DAY, T(10), T(17))],
        ),
    ]


# slug, title, English title, category, municipality, lat, lon, street, postal code,
# town, free entry, hours kind, features, intro, English intro, featured, image palette
ATTRACTIONS = [
    (
        "stadtkirche-crivitz",
        "Stadtkirche Crivitz",
        "Crivitz town church",
        "kirchen",
        "crivitz",
        "53.574600",
        "11.649300",
        "Kirchenstraße 1",
        "19089",
        "Crivitz",
        True,
        "church",
        ["step_free", "assistance_dogs"],
        "Backsteingotische Stadtkirche aus dem 13. Jahrhundert mit Barockaltar.",
        "Thirteenth-century Brick Gothic church with a baroque altar.",
        True,
        "town",
    ),
    (
        "badestelle-crivitzer-see",
        "Badestelle am Crivitzer See",
        "Lake Crivitz bathing beach",
        "baden",
        "crivitz",
        "53.580900",
        "11.640200",
        "Am See",
        "19089",
        "Crivitz",
        True,
        "",
        ["accessible_parking", "seating"],
        "Flacher Sandstrand mit Liegewiese, Steg und Spielplatz – ideal für Familien.",
        "Shallow sandy beach with lawn, jetty and playground – ideal for families.",
        True,
        "lake",
    ),
    (
        "heimatmuseum-crivitz",
        "Heimatstube Crivitz",
        "Crivitz local history museum",
        "kultur",
        "crivitz",
        "53.575900",
        "11.652100",
        "Amtsstraße 8",
        "19089",
        "Crivitz",
        False,
        "museum",
        ["step_free", "accessible_toilet", "easy_language"],
        "Alltag, Handwerk und Landwirtschaft im Crivitzer Land von 1850 bis heute.",
        "Everyday life, crafts and farming in the Crivitz area from 1850 to today.",
        True,
        "town",
    ),
    (
        "schleuse-banzkow",
        "Schleuse Banzkow",
        "Banzkow lock",
        "natur",
        "banzkow",
        "53.527600",
        "11.521800",
        "Schleusenweg",
        "19079",
        "Banzkow",
        True,
        "",
        ["seating", "accessible_parking"],
        "Historische Schleuse am Störkanal: Hausboote und Kanus schauen, Rast am Wasser.",
        "Historic lock on the Stör canal: watch houseboats and canoes, rest by the water.",
        True,
        "meadow",
    ),
    (
        "lewitz-aussichtsturm",
        "Aussichtsturm Lewitz",
        "Lewitz observation tower",
        "natur",
        "banzkow",
        "53.508200",
        "11.541700",
        "Lewitzweg",
        "19079",
        "Banzkow",
        True,
        "",
        ["accessible_parking"],
        "Blick über Fischteiche und Wiesen der Lewitz – im Herbst rasten hier Tausende Kraniche.",
        "View over the fish ponds and meadows of the Lewitz – thousands of cranes rest here in autumn.",
        True,
        "meadow",
    ),
    (
        "badestelle-plate",
        "Badestelle am Störkanal Plate",
        "Plate canal-side bathing spot",
        "baden",
        "plate",
        "53.551000",
        "11.509800",
        "Am Kanal",
        "19086",
        "Plate",
        True,
        "",
        ["seating"],
        "Kleine Badestelle mit Steg, Bänken und Blick auf die Boote am Störkanal.",
        "Small bathing spot with jetty, benches and a view of the boats on the Stör canal.",
        False,
        "lake",
    ),
    (
        "dorfkirche-plate",
        "Dorfkirche Plate",
        "Plate village church",
        "kirchen",
        "plate",
        "53.553200",
        "11.503700",
        "Kirchweg 2",
        "19086",
        "Plate",
        True,
        "church",
        ["step_free"],
        "Neugotische Kirche mit restaurierter Orgel; im Sommer Orgelmusik am Sonntag.",
        "Neo-Gothic church with a restored organ; organ music on summer Sundays.",
        False,
        "town",
    ),
    (
        "strand-raben-steinfeld",
        "Badestrand Raben Steinfeld",
        "Raben Steinfeld beach",
        "baden",
        "raben-steinfeld",
        "53.600800",
        "11.496500",
        "Seestraße",
        "19065",
        "Raben Steinfeld",
        True,
        "",
        ["accessible_toilet", "accessible_parking", "step_free"],
        "Badestrand am Schweriner See mit Rettungsschwimmern im Juli und August.",
        "Lake Schwerin beach with lifeguards in July and August.",
        True,
        "lake",
    ),
    (
        "ufer-raben-steinfeld",
        "Uferweg Raben Steinfeld",
        "Raben Steinfeld lakeside path",
        "natur",
        "raben-steinfeld",
        "53.606400",
        "11.494000",
        "Uferweg",
        "19065",
        "Raben Steinfeld",
        True,
        "",
        ["seating"],
        "Schattiger Uferweg mit Blick auf das Schweriner Schloss am anderen Ufer.",
        "Shady lakeside path with a view of Schwerin Castle on the far shore.",
        False,
        "forest",
    ),
    (
        "kanustation-leezen",
        "Kanustation Leezen",
        "Leezen canoe station",
        "baden",
        "leezen",
        "53.671800",
        "11.508900",
        "Am Hafen 3",
        "19067",
        "Leezen",
        False,
        "canoe",
        ["accessible_parking"],
        "Kanus und SUP-Boards leihen, geführte Paddeltouren auf dem Schweriner See.",
        "Hire canoes and SUP boards, guided paddling tours on Lake Schwerin.",
        False,
        "lake",
    ),
    (
        "dorfkirche-leezen",
        "Dorfkirche Leezen",
        "Leezen village church",
        "kirchen",
        "leezen",
        "53.671000",
        "11.516800",
        "Dorfstraße 12",
        "19067",
        "Leezen",
        True,
        "church",
        [],
        "Feldsteinkirche aus dem 14. Jahrhundert mit Fachwerkturm.",
        "Fourteenth-century fieldstone church with a half-timbered tower.",
        False,
        "town",
    ),
    (
        "badestelle-cambs",
        "Badestelle Cambs",
        "Cambs bathing spot",
        "baden",
        "cambs",
        "53.703100",
        "11.493700",
        "Seeweg",
        "19067",
        "Cambs",
        True,
        "",
        ["seating"],
        "Ruhige Badestelle am Nordufer mit Blick über den Schweriner See.",
        "Quiet bathing spot on the northern shore overlooking Lake Schwerin.",
        False,
        "evening",
    ),
    (
        "pinnower-see-rundweg",
        "Rundweg Pinnower See",
        "Lake Pinnow circular walk",
        "natur",
        "pinnow",
        "53.603100",
        "11.548900",
        "Am Pinnower See",
        "19065",
        "Pinnow",
        True,
        "",
        ["seating", "accessible_parking"],
        "Sieben Kilometer durch Buchenwald und Schilf rund um den Pinnower See.",
        "Seven kilometres through beech woods and reeds around Lake Pinnow.",
        True,
        "forest",
    ),
    (
        "freilichtbuehne-pinnow",
        "Freilichtbühne Pinnow",
        "Pinnow open-air stage",
        "kultur",
        "pinnow",
        "53.598800",
        "11.539200",
        "Waldweg 1",
        "19065",
        "Pinnow",
        False,
        "museum",
        ["step_free", "accessible_toilet", "hearing_loop"],
        "Sommertheater und Konzerte unter Kiefern – mit Induktionsschleife.",
        "Summer theatre and concerts beneath the pines – with a hearing loop.",
        False,
        "forest",
    ),
    (
        "warnowtal-gneven",
        "Warnowtal bei Gneven",
        "Warnow valley near Gneven",
        "natur",
        "gneven",
        "53.618200",
        "11.611400",
        "Warnowweg",
        "19065",
        "Gneven",
        True,
        "",
        [],
        "Die junge Warnow mäandert durch Erlenbruch und Wiesen – Eisvögel inklusive.",
        "The young Warnow meanders through alder carr and meadows – kingfishers included.",
        False,
        "meadow",
    ),
    (
        "badestelle-barnin",
        "Badestelle Barniner See",
        "Lake Barnin bathing spot",
        "baden",
        "barnin",
        "53.629100",
        "11.728900",
        "Seeweg 4",
        "19089",
        "Barnin",
        True,
        "",
        ["seating"],
        "Klarer Waldsee mit Badesteg und Grillplatz.",
        "Clear woodland lake with a bathing jetty and barbecue area.",
        False,
        "lake",
    ),
    (
        "gutshaus-friedrichsruhe",
        "Gutspark Friedrichsruhe",
        "Friedrichsruhe manor park",
        "kultur",
        "friedrichsruhe",
        "53.527000",
        "11.735200",
        "Gutshof 1",
        "19089",
        "Friedrichsruhe",
        True,
        "",
        ["step_free", "seating"],
        "Englischer Landschaftspark mit alten Eichen rund um das Gutshaus.",
        "English landscape garden with old oaks around the manor house.",
        False,
        "forest",
    ),
    (
        "erlebnishof-tramm",
        "Erlebnisbauernhof Tramm",
        "Tramm farm experience",
        "familie",
        "tramm",
        "53.541900",
        "11.648000",
        "Dorfstraße 5",
        "19089",
        "Tramm",
        False,
        "farm",
        ["step_free", "accessible_toilet", "assistance_dogs"],
        "Tiere füttern, Traktor fahren, Stroh hüpfen: ein Bauernhof zum Mitmachen.",
        "Feed the animals, ride a tractor, jump in the straw: a hands-on farm.",
        True,
        "meadow",
    ),
    (
        "kirche-sukow",
        "Dorfkirche Sukow",
        "Sukow village church",
        "kirchen",
        "sukow",
        "53.546500",
        "11.562200",
        "An der Kirche 1",
        "19079",
        "Sukow",
        True,
        "church",
        ["step_free"],
        "Kleine Backsteinkirche mit Glockenstuhl aus Eichenholz.",
        "Small brick church with an oak bell frame.",
        False,
        "town",
    ),
    (
        "naturlehrpfad-zapel",
        "Naturlehrpfad Zapel",
        "Zapel nature trail",
        "familie",
        "zapel",
        "53.551400",
        "11.763900",
        "Am Moor",
        "19089",
        "Zapel",
        True,
        "",
        ["tactile_guidance", "seating"],
        "Zwei Kilometer mit Tafeln und Tastmodellen über Moor, Wald und Vögel.",
        "Two kilometres with boards and tactile models about bog, forest and birds.",
        False,
        "forest",
    ),
]

# slug, title, English title, type, municipality, lat, lon, street, postal, town,
# beds, rooms, price range, amenities, accessibility, intro, English intro
ACCOMMODATIONS = [
    (
        "hotel-am-see-raben-steinfeld",
        "Hotel am See",
        "Lakeside hotel",
        AccommodationType.HOTEL,
        "raben-steinfeld",
        "53.602300",
        "11.499100",
        "Seestraße 20",
        "19065",
        "Raben Steinfeld",
        64,
        32,
        "ab 89 € pro Nacht",
        [
            "wifi",
            "parking",
            "breakfast",
            "restaurant",
            "bicycle_storage",
            "lake_access",
            "sauna",
        ],
        ["step_free", "accessible_toilet", "accessible_parking"],
        "Haus mit 32 Zimmern direkt am Schweriner See, Seeterrasse und Sauna.",
        "Thirty-two rooms right on Lake Schwerin, lake terrace and sauna.",
    ),
    (
        "pension-lewitzblick",
        "Pension Lewitzblick",
        "Lewitz View guesthouse",
        AccommodationType.GUESTHOUSE,
        "banzkow",
        "53.525100",
        "11.526900",
        "Lewitzweg 7",
        "19079",
        "Banzkow",
        14,
        7,
        "ab 65 € pro Nacht",
        ["wifi", "parking", "breakfast", "bicycle_rental"],
        ["accessible_parking"],
        "Familiengeführte Pension am Störkanal, Radverleih im Haus.",
        "Family-run guesthouse on the Stör canal with bike hire.",
    ),
    (
        "ferienwohnung-stoerkanal",
        "Ferienwohnung Am Störkanal",
        "Stör canal holiday flat",
        AccommodationType.HOLIDAY_FLAT,
        "plate",
        "53.549900",
        "11.508300",
        "Kanalstraße 3",
        "19086",
        "Plate",
        4,
        1,
        "ab 75 € pro Nacht",
        ["wifi", "parking", "kitchen", "boat_rental"],
        [],
        "Helle Wohnung für vier Personen mit Bootsanleger und Terrasse.",
        "Bright flat for four with a boat mooring and terrace.",
    ),
    (
        "campingplatz-pinnower-see",
        "Campingplatz Pinnower See",
        "Lake Pinnow campsite",
        AccommodationType.CAMPSITE,
        "pinnow",
        "53.606700",
        "11.552100",
        "Am Zeltplatz 1",
        "19065",
        "Pinnow",
        120,
        60,
        "ab 22 € pro Stellplatz",
        ["wifi", "parking", "lake_access", "playground", "charging", "boat_rental"],
        ["accessible_toilet", "step_free"],
        "Naturcampingplatz mit Badestrand, Kanuverleih und Stellplätzen für Wohnmobile.",
        "Nature campsite with a beach, canoe hire and motorhome pitches.",
    ),
    (
        "heuhotel-tramm",
        "Heuhotel Tramm",
        "Tramm hay hotel",
        AccommodationType.FARM_STAY,
        "tramm",
        "53.542700",
        "11.645800",
        "Dorfstraße 5",
        "19089",
        "Tramm",
        30,
        4,
        "ab 25 € pro Person",
        ["parking", "breakfast", "playground"],
        ["assistance_dogs"],
        "Schlafen im Heu auf dem Erlebnisbauernhof – mit Frühstück vom Hof.",
        "Sleep in the hay on the farm – with a farm breakfast.",
    ),
    (
        "wasserwanderrastplatz-crivitz",
        "Wasserwanderer-Herberge Crivitz",
        "Crivitz paddlers' hostel",
        AccommodationType.HOSTEL,
        "crivitz",
        "53.579200",
        "11.643900",
        "Am See 2",
        "19089",
        "Crivitz",
        24,
        6,
        "ab 28 € pro Person",
        ["wifi", "kitchen", "bicycle_storage", "lake_access"],
        ["step_free", "accessible_toilet"],
        "Einfache Herberge für Paddler und Radler am Crivitzer See.",
        "Simple hostel for paddlers and cyclists on Lake Crivitz.",
    ),
]


def localized_category(demo, slug, locale):
    return TourismCategory.objects.get(slug=slug, locale=locale)


def create_categories(demo):
    for order, (slug, name, name_en) in enumerate(CATEGORIES):
        category = TourismCategory.objects.filter(slug=slug, locale=demo.de).first()
        if category is None:
            category = TourismCategory(
                locale=demo.de, slug=slug, name=name, sort_order=order
            )
            category.full_clean()
            category.save()
        if category.get_translation_or_none(demo.en) is None:
            translation = category.copy_for_translation(demo.en)
            translation.name = name_en
            translation.save()


def hours_for(kind, year):
    if kind == "museum":
        return museum_hours(year)
    if kind == "church":
        return church_hours(year)
    if kind == "canoe":
        return [
            season(
                "Saison",
                datetime.date(year, 4, 15),
                datetime.date(year, 10, 15),
                [(EVERY_DAY, T(9), T(19))],
            ),
        ]
    if kind == "farm":
        return [
            weekly(["we", "th", "fr"], T(10), T(17)),
            weekly(["sa", "su"], T(10), T(18)),
            closed(
                datetime.date(year, 12, 24), "Weihnachten", datetime.date(year, 12, 26)
            ),
        ]
    return []


def create_attractions(demo, index, index_en):
    year = timezone.localdate().year
    pages = {}
    for (
        slug,
        title,
        title_en,
        category,
        municipality,
        lat,
        lon,
        street,
        postal,
        town,
        free,
        hours,
        features,
        intro,
        intro_en,
        featured,
        palette,
    ) in ATTRACTIONS:
        image = None
        if featured:
            image = demo.image(
                title, f"{title}: Foto in der Landschaft", palette=palette
            )
        prices = []
        if not free:
            prices = [
                ("price", {"label": "Erwachsene", "amount": "5.00", "note": ""}),
                (
                    "price",
                    {"label": "Kinder bis 14 Jahre", "amount": "2.50", "note": ""},
                ),
                (
                    "price",
                    {
                        "label": "Familienkarte",
                        "amount": "12.00",
                        "note": "2 Erwachsene, bis zu 3 Kinder",
                    },
                ),
            ]
        page = demo.page(
            index,
            AttractionPage,
            slug,
            title=title,
            intro=intro,
            category=localized_category(demo, category, demo.de),
            municipality=demo.municipality(municipality),
            latitude=lat,
            longitude=lon,
            street=street,
            postal_code=postal,
            city=town,
            free_entry=free,
            prices=prices,
            opening_hours=hours_for(hours, year),
            accessibility=features,
            teaser_image=image,
            featured=featured,
            phone="03863 5550" if not free else "",
            body=[
                (
                    "paragraph",
                    f"<p>{intro} Anfahrt mit dem Rad über den Radweg "
                    "Schweriner See–Lewitz; Parkplätze in der Nähe.</p>",
                ),
            ],
            gallery=[("image", {"image": image, "caption": title})] if image else [],
        )
        pages[slug] = page
        demo.translate(
            page,
            slug=slug,
            title=title_en,
            intro=intro_en,
            body=[
                (
                    "paragraph",
                    f"<p>{intro_en} Reach it by bike on the Lake Schwerin–"
                    "Lewitz cycle path; parking nearby.</p>",
                )
            ],
            prices=[
                ("price", {"label": "Adults", "amount": "5.00", "note": ""}),
                ("price", {"label": "Children up to 14", "amount": "2.50", "note": ""}),
                (
                    "price",
                    {
                        "label": "Family ticket",
                        "amount": "12.00",
                        "note": "2 adults, up to 3 children",
                    },
                ),
            ]
            if not free
            else [],
        )
    return pages


def create_accommodations(demo, index):
    for (
        slug,
        title,
        title_en,
        kind,
        municipality,
        lat,
        lon,
        street,
        postal,
        town,
        beds,
        rooms,
        price_range,
        amenities,
        features,
        intro,
        intro_en,
    ) in ACCOMMODATIONS:
        image = demo.image(title, f"{title} am Wasser", palette="evening")
        page = demo.page(
            index,
            AccommodationPage,
            slug,
            title=title,
            intro=intro,
            accommodation_type=kind,
            municipality=demo.municipality(municipality),
            latitude=lat,
            longitude=lon,
            street=street,
            postal_code=postal,
            city=town,
            capacity=beds,
            rooms=rooms,
            price_range=price_range,
            amenities=amenities,
            accessibility=features,
            pets_allowed=kind
            in {AccommodationType.CAMPSITE, AccommodationType.HOLIDAY_FLAT},
            booking_url=f"https://buchung.example.org/{slug}",
            email=f"{slug}@example.org",
            teaser_image=image,
            featured=kind == AccommodationType.HOTEL,
        )
        demo.translate(
            page,
            slug=slug,
            title=title_en,
            intro=intro_en,
            price_range=price_range.replace("ab", "from")
            .replace("pro Nacht", "per night")
            .replace("pro Person", "per person")
            .replace("pro Stellplatz", "per pitch"),
        )


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, T(hour, minute), tzinfo=BERLIN)


def next_weekday(start, weekday):
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7 or 7)


def create_events(demo, index, attractions):
    today = timezone.localdate()
    saturday = next_weekday(today, 5)
    sunday = next_weekday(today, 6)
    first_of_next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1
    )
    events = [
        # slug, title, title_en, category, venue slug or None, extra fields, intro, intro_en
        (
            "wochenmarkt-crivitz",
            "Wochenmarkt Crivitz",
            "Crivitz weekly market",
            "maerkte",
            None,
            {
                "start": at(saturday, 8),
                "end": at(saturday, 12),
                "recurrence_rule": "FREQ=WEEKLY;BYDAY=SA",
                "recurrence_exceptions": (
                    saturday + datetime.timedelta(days=14)
                ).isoformat(),
                "venue_name": "Marktplatz Crivitz",
                "street": "Markt",
                "postal_code": "19089",
                "city": "Crivitz",
                "municipality": demo.municipality("crivitz"),
                "is_free": True,
                "organiser_name": "Stadt Crivitz",
            },
            "Obst, Gemüse, Fisch aus der Lewitz und Blumen – jeden Samstagvormittag.",
            "Fruit, vegetables, Lewitz fish and flowers – every Saturday morning.",
        ),
        (
            "kirchenfuehrung-crivitz",
            "Führung durch die Stadtkirche",
            "Guided tour of the town church",
            "fuehrungen",
            "stadtkirche-crivitz",
            {
                "start": at(
                    first_of_next_month
                    + datetime.timedelta(days=(6 - first_of_next_month.weekday()) % 7),
                    14,
                ),
                "end": at(
                    first_of_next_month
                    + datetime.timedelta(days=(6 - first_of_next_month.weekday()) % 7),
                    15,
                ),
                "recurrence_rule": "FREQ=MONTHLY;BYDAY=1SU;COUNT=12",
                "price": "3.00",
                "organiser_name": "Kirchengemeinde Crivitz",
            },
            "Jeden ersten Sonntag im Monat: Baugeschichte, Altar und Glocken.",
            "Every first Sunday of the month: history, altar and bells.",
        ),
        (
            "paddelkurs-leezen",
            "Paddelkurs für Einsteiger",
            "Beginners' paddling course",
            "fuehrungen",
            "kanustation-leezen",
            {
                "start": at(next_weekday(today, 2), 17),
                "end": at(next_weekday(today, 2), 19),
                "recurrence_rule": "FREQ=WEEKLY;BYDAY=WE;COUNT=6",
                "price": "25.00",
                "registration_url": "https://anmeldung.example.org/paddelkurs",
                "organiser_name": "Kanustation Leezen",
                "organiser_email": "kanu@example.org",
            },
            "Sechs Abende Grundtechnik im Kanu – Boote und Westen werden gestellt.",
            "Six evenings of basic canoe technique – boats and vests provided.",
        ),
        (
            "orgelmusik-plate",
            "Orgelmusik am Sonntag",
            "Sunday organ music",
            "feste",
            "dorfkirche-plate",
            {
                "start": at(sunday, 17),
                "end": at(sunday, 18),
                "recurrence_rule": "FREQ=WEEKLY;BYDAY=SU;COUNT=8",
                "is_free": True,
                "price_note": "Spenden erbeten",
                "organiser_name": "Kirchengemeinde Plate",
            },
            "Eine Stunde Orgelmusik von Bach bis Reger.",
            "An hour of organ music from Bach to Reger.",
        ),
        (
            "seefest-raben-steinfeld",
            "Seefest Raben Steinfeld",
            "Raben Steinfeld lake festival",
            "feste",
            "strand-raben-steinfeld",
            {
                "start": at(today + datetime.timedelta(days=40), 0),
                "end": at(today + datetime.timedelta(days=41), 0),
                "all_day": True,
                "is_free": True,
                "organiser_name": "Gemeinde Raben Steinfeld",
            },
            "Zwei Tage Musik, Drachenbootrennen und Fischbrötchen am Strand.",
            "Two days of music, dragon-boat races and fish rolls on the beach.",
        ),
        (
            "kranichfuehrung-lewitz",
            "Kranichbeobachtung in der Lewitz",
            "Crane watching in the Lewitz",
            "natur",
            "lewitz-aussichtsturm",
            {
                "start": at(today + datetime.timedelta(days=12), 16, 30),
                "end": at(today + datetime.timedelta(days=12), 18, 30),
                "price": "8.00",
                "registration_url": "https://anmeldung.example.org/kraniche",
                "organiser_name": "Naturpark Lewitz",
            },
            "Mit Ferngläsern zum Schlafplatz der Kraniche – warme Kleidung mitbringen.",
            "Binoculars in hand to the cranes' roost – bring warm clothes.",
        ),
        (
            "hoffest-tramm",
            "Hoffest auf dem Erlebnisbauernhof",
            "Farm festival",
            "familie",
            "erlebnishof-tramm",
            {
                "start": at(today + datetime.timedelta(days=20), 10),
                "end": at(today + datetime.timedelta(days=20), 17),
                "price": "4.00",
                "price_note": "Kinder frei",
                "organiser_name": "Erlebnisbauernhof Tramm",
            },
            "Tiere, Trecker, Kuchen: Hoffest mit Kinderprogramm.",
            "Animals, tractors, cake: farm festival with a children's programme.",
        ),
        (
            "theater-pinnow",
            "Sommertheater: Der zerbrochne Krug",
            "Summer theatre: The Broken Jug",
            "kultur",
            "freilichtbuehne-pinnow",
            {
                "start": at(today + datetime.timedelta(days=25), 19, 30),
                "end": at(today + datetime.timedelta(days=25), 22),
                "price": "18.00",
                "registration_url": "https://tickets.example.org/krug",
                "organiser_name": "Theaterverein Pinnow",
                "status": EventStatus.CANCELLED,
            },
            "Kleists Komödie unter freiem Himmel.",
            "Kleist's comedy in the open air.",
        ),
        (
            "vortrag-warnow",
            "Vortrag: Die Warnow und ihre Eisvögel",
            "Talk: the Warnow and its kingfishers",
            "natur",
            None,
            {
                "start": at(today + datetime.timedelta(days=9), 19),
                "end": at(today + datetime.timedelta(days=9), 20, 30),
                "is_free": True,
                "status": EventStatus.MOVED_ONLINE,
                "online_url": "https://meet.example.org/warnow",
                "organiser_name": "Förderverein Warnowtal",
                "municipality": demo.municipality("gneven"),
            },
            "Bilder und Geschichten vom Fluss – jetzt als Online-Vortrag.",
            "Pictures and stories from the river – now as an online talk.",
        ),
        (
            "radtour-lewitz",
            "Geführte Radtour durch die Lewitz",
            "Guided cycle tour through the Lewitz",
            "fuehrungen",
            "schleuse-banzkow",
            {
                "start": at(today + datetime.timedelta(days=16), 10),
                "end": at(today + datetime.timedelta(days=16), 15),
                "price": "12.00",
                "organiser_name": "Radtouristik Banzkow",
                "status": EventStatus.POSTPONED,
            },
            "40 Kilometer auf ebenen Wegen, mit Picknick an der Schleuse.",
            "Forty kilometres on flat paths, with a picnic at the lock.",
        ),
        (
            "flohmarkt-leezen",
            "Flohmarkt am Hafen",
            "Harbour flea market",
            "maerkte",
            None,
            {
                "start": at(today + datetime.timedelta(days=6), 9),
                "end": at(today + datetime.timedelta(days=6), 14),
                "recurrence_rule": "FREQ=MONTHLY;BYMONTHDAY="
                + str(
                    (today + datetime.timedelta(days=6)).day
                    if (today + datetime.timedelta(days=6)).day <= 28
                    else 28
                )
                + ";COUNT=6",
                "venue_name": "Hafen Leezen",
                "street": "Am Hafen",
                "postal_code": "19067",
                "city": "Leezen",
                "municipality": demo.municipality("leezen"),
                "is_free": True,
                "organiser_name": "Heimatverein Leezen",
            },
            "Trödel, Bücher und Kaffee am Wasser – einmal im Monat.",
            "Bric-a-brac, books and coffee by the water – once a month.",
        ),
        (
            "konzert-gutspark",
            "Serenade im Gutspark",
            "Serenade in the manor park",
            "feste",
            "gutshaus-friedrichsruhe",
            {
                "start": at(today + datetime.timedelta(days=33), 18),
                "end": at(today + datetime.timedelta(days=33), 20),
                "price": "15.00",
                "organiser_name": "Freundeskreis Gutspark",
            },
            "Streichquartett unter alten Eichen; bei Regen in der Scheune.",
            "String quartet beneath old oaks; in the barn if it rains.",
        ),
        (
            "kinderwanderung-zapel",
            "Moorwanderung für Kinder",
            "Bog walk for children",
            "familie",
            "naturlehrpfad-zapel",
            {
                "start": at(today + datetime.timedelta(days=4), 10),
                "end": at(today + datetime.timedelta(days=4), 12),
                "is_free": True,
                "organiser_name": "Naturschutzstation Zapel",
            },
            "Frösche, Torfmoos und Sonnentau entdecken – Gummistiefel an!",
            "Discover frogs, peat moss and sundew – wellies on!",
        ),
        (
            "adventsmarkt-crivitz",
            "Adventsmarkt an der Kirche",
            "Advent market at the church",
            "maerkte",
            "stadtkirche-crivitz",
            {
                "start": at(today + datetime.timedelta(days=14), 14),
                "end": at(today + datetime.timedelta(days=14), 20),
                "is_free": True,
                "organiser_name": "Kirchengemeinde Crivitz",
            },
            "Punsch, Kerzen und Chorgesang vor der Stadtkirche.",
            "Mulled punch, candles and choir singing in front of the town church.",
        ),
        (
            "yoga-am-see",
            "Yoga am See",
            "Yoga by the lake",
            "familie",
            "badestelle-cambs",
            {
                "start": at(next_weekday(today, 1), 8),
                "end": at(next_weekday(today, 1), 9),
                "recurrence_rule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
                "price": "6.00",
                "organiser_name": "Yogakreis Cambs",
            },
            "Sanftes Yoga am Ufer, für alle Altersgruppen, Matten mitbringen.",
            "Gentle yoga on the shore for all ages; bring a mat.",
        ),
    ]
    pages = []
    for slug, title, title_en, category, venue, fields, intro, intro_en in events:
        fields = dict(fields)
        if venue:
            fields["venue_page"] = attractions[venue]
            fields.setdefault("municipality", attractions[venue].municipality)
        page = demo.page(
            index,
            EventPage,
            slug,
            title=title,
            intro=intro,
            category=localized_category(demo, category, demo.de),
            body=[("paragraph", f"<p>{intro}</p>")],
            **fields,
        )
        demo.translate(
            page,
            slug=slug,
            title=title_en,
            intro=intro_en,
            body=[("paragraph", f"<p>{intro_en}</p>")],
        )
        pages.append(page)
    return pages


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


def add_home_teaser(demo, tourism):
    """Append the tourism teaser to the home page once (German and English)."""
    for home, title, text in (
        (
            demo.home,
            "Tourismus & Freizeit",
            "Ausflugsziele, Unterkünfte, Veranstaltungen und Touren an Seen und Lewitz.",
        ),
        (
            demo.home_en(),
            "Tourism & leisure",
            "Places to visit, stays, events and routes around the lakes and the Lewitz.",
        ),
    ):
        home = home.specific_class.objects.get(pk=home.pk)  # fresh tree counters
        if any(
            block.block_type == "section"
            and block.value["page"]
            and block.value["page"].translation_key == tourism.translation_key
            for block in home.teasers
        ):
            continue
        home.teasers.append(
            (
                "section",
                {"page": tourism, "title": title, "text": text, "icon": "tourism"},
            )
        )
        home.save_revision().publish()


def load(demo):
    create_categories(demo)
    home = demo.home
    tourism = demo.page(
        home,
        TourismIndexPage,
        "tourismus",
        title="Tourismus",
        show_in_menus=True,
        intro=(
            "Baden im Schweriner See, Radeln durch die Lewitz, Paddeln auf der Warnow: "
            "Ausflugsziele, Unterkünfte, Veranstaltungen und Touren im Amt Crivitz."
        ),
        teaser_text="Ausflugsziele, Unterkünfte, Veranstaltungen und Touren.",
    )
    demo.translate(
        tourism,
        slug="tourism",
        title="Tourism",
        intro=(
            "Swim in Lake Schwerin, cycle through the Lewitz, paddle the Warnow: places "
            "to visit, stays, events and routes in Amt Crivitz."
        ),
        teaser_text="Places to visit, stays, events and routes.",
    )
    tourism_en = tourism.get_translation(demo.en)
    attractions = create_attractions(demo, tourism, tourism_en)
    create_accommodations(demo, tourism)
    events_index = demo.page(
        tourism,
        EventIndexPage,
        "veranstaltungen",
        title="Veranstaltungen",
        intro="Märkte, Feste, Führungen und Kurse in den Gemeinden des Amtes.",
    )
    demo.translate(
        events_index,
        slug="events",
        title="Events",
        intro="Markets, festivals, guided tours and courses in the villages.",
    )
    create_events(demo, events_index, attractions)
    routes_index = demo.page(
        tourism,
        RouteIndexPage,
        "touren",
        title="Rad-, Wander- und Paddeltouren",
        intro="Touren mit GPX-Track zum Herunterladen.",
    )
    demo.translate(
        routes_index,
        slug="routes",
        title="Cycling, hiking and paddling routes",
        intro="Routes with a GPX track to download.",
    )
    create_routes(demo, routes_index)
    add_home_teaser(demo, tourism)


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
