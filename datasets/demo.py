"""Demo content of the open data catalogue: publishers, 15 datasets, files.

The data files are generated here with a fixed seed (no download, no
third-party data); the figures are realistic in size but invented.
"""

import csv
import io
import json
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from openpyxl import Workbook

from datasets import vocabularies as voc
from datasets.models import (
    DatasetIndexPage,
    DatasetPage,
    DataTheme,
    Distribution,
    Organisation,
)
from portal.demo import MUNICIPALITIES
from portal.models import PortalDocument

ORGANISATIONS = [
    (
        "amt-crivitz",
        "Amt Crivitz",
        "Die Amtsverwaltung für 17 Gemeinden am Ostufer des Schweriner Sees.",
        "https://www.amt-crivitz.example/",
        "opendata@amt-crivitz.example",
    ),
    (
        "stadt-crivitz",
        "Stadt Crivitz",
        "Die Stadt Crivitz, Sitz des Amtes.",
        "https://www.crivitz.example/",
        "stadt@crivitz.example",
    ),
    (
        "gemeinde-plate",
        "Gemeinde Plate",
        "Die Gemeinde Plate an der Stör und am Störkanal.",
        "",
        "gemeinde@plate.example",
    ),
]

# (name, slug, AGS suffix, lat, lon, population) -> villages with coordinates
VILLAGES = [(row[0], row[1], row[3], row[4], row[5]) for row in MUNICIPALITIES]


# --- file generators --------------------------------------------------------------------
def csv_bytes(header, rows, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def geojson_bytes(features):
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        indent=1,
    ).encode()


def point(lon, lat, properties):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": properties,
    }


def jitter(rng, value, spread=0.006):
    return float(value) + rng.uniform(-spread, spread)


def population_rows(rng):
    rows = []
    for name, _slug, _lat, _lon, population in VILLAGES:
        for year in (2022, 2023, 2024, 2025):
            value = population + rng.randint(-40, 40)
            women = value // 2 + rng.randint(-20, 20)
            rows.append([name, year, value, women, value - women])
    return rows


def childcare_rows(rng):
    names = [
        ("Kita Spatzennest", "Crivitz"),
        ("Kita Seepferdchen", "Raben Steinfeld"),
        ("Kita Lewitzzwerge", "Banzkow"),
        ("Kita Sonnenschein", "Plate"),
        ("Kita Warnowkinder", "Demen"),
        ("Hort an der Grundschule", "Crivitz"),
        ("Kita Pusteblume", "Pinnow"),
        ("Kita Kleine Strolche", "Leezen"),
    ]
    rows = []
    for name, village in names:
        krippe = rng.randint(10, 30)
        kita = rng.randint(30, 90)
        free = rng.randint(0, 8)
        rows.append([name, village, krippe, kita, krippe + kita, free])
    return rows


def playground_features(rng):
    equipment = ["Schaukel", "Rutsche", "Sandkasten", "Klettergerüst", "Wippe"]
    features = []
    for index, (name, _slug, lat, lon, _population) in enumerate(VILLAGES):
        for number in range(1 + index % 2):
            features.append(
                point(
                    jitter(rng, lon),
                    jitter(rng, lat),
                    {
                        "name": f"Spielplatz {name}{' ' + str(number + 1) if number else ''}",
                        "gemeinde": name,
                        "ausstattung": ", ".join(rng.sample(equipment, 3)),
                        "barrierefrei": rng.random() < 0.4,
                        "altersgruppe": rng.choice(["0–6", "3–12", "6–14"]),
                    },
                )
            )
    return features


def toilet_features(rng):
    places = [
        ("Crivitz", "Marktplatz"),
        ("Crivitz", "Badestelle Crivitzer See"),
        ("Raben Steinfeld", "Badestrand am Schweriner See"),
        ("Banzkow", "Schleuse Banzkow"),
        ("Plate", "Rathaus"),
        ("Leezen", "Hafen"),
        ("Cambs", "Strand Cambs"),
    ]
    lookup = {name: (lat, lon) for name, _slug, lat, lon, _p in VILLAGES}
    features = []
    for village, place in places:
        lat, lon = lookup[village]
        features.append(
            point(
                jitter(rng, lon),
                jitter(rng, lat),
                {
                    "name": f"Öffentliche Toilette {place}",
                    "gemeinde": village,
                    "barrierefrei": rng.random() < 0.6,
                    "wickeltisch": rng.random() < 0.5,
                    "oeffnungszeiten": rng.choice(
                        ["ganzjährig 6–22 Uhr", "Mai–September 8–20 Uhr"]
                    ),
                    "gebuehr_euro": rng.choice([0, 0.5]),
                },
            )
        )
    return features


def budget_rows(rng):
    items = [
        ("11", "Innere Verwaltung"),
        ("12", "Sicherheit und Ordnung"),
        ("21", "Schulträgeraufgaben"),
        ("36", "Kinder-, Jugend- und Familienhilfe"),
        ("42", "Sportförderung"),
        ("51", "Räumliche Planung und Entwicklung"),
        ("54", "Gemeindestraßen"),
        ("55", "Natur- und Landschaftspflege"),
        ("57", "Wirtschaft und Tourismus"),
        ("61", "Allgemeine Finanzwirtschaft"),
    ]
    rows = []
    for code, label in items:
        expense = rng.randint(150, 4000) * 1000
        income = int(expense * rng.uniform(0.1, 0.9))
        rows.append([code, label, income, expense, income - expense])
    return rows


def waste_rows(rng):
    rows = []
    start = date(2026, 1, 5)
    kinds = [
        ("Restabfall", 14),
        ("Bioabfall", 14),
        ("Gelbe Tonne", 14),
        ("Papier", 28),
    ]
    for name, _slug, *_rest in VILLAGES[:10]:
        offset = rng.randint(0, 4)
        for kind, every in kinds:
            day = start + timedelta(days=offset + rng.randint(0, 3))
            while day.year == 2026 and day.month <= 3:
                rows.append([name, kind, day.isoformat()])
                day += timedelta(days=every)
    return rows


def bathing_rows(rng):
    sites = [
        "Raben Steinfeld, Schweriner See",
        "Cambs, Schweriner See",
        "Crivitz, Crivitzer See",
        "Leezen, Schweriner See",
    ]
    rows = []
    for site in sites:
        day = date(2025, 5, 12)
        while day < date(2025, 9, 15):
            ecoli = rng.randint(15, 400)
            enterococci = rng.randint(15, 150)
            rating = "ausgezeichnet" if ecoli < 250 else "gut"
            rows.append([site, day.isoformat(), ecoli, enterococci, rating])
            day += timedelta(days=28)
    return rows


def council_rows(rng):
    bodies = [
        "Gemeindevertretung Banzkow",
        "Stadtvertretung Crivitz",
        "Gemeindevertretung Plate",
        "Gemeindevertretung Leezen",
        "Amtsausschuss",
    ]
    rows = []
    for body in bodies:
        for month in range(1, 13, 2):
            day = date(2026, month, 10 + rng.randint(0, 10))
            rows.append(
                [
                    body,
                    day.isoformat(),
                    "19:00",
                    rng.choice(
                        ["Rathaus", "Gemeindehaus", "Amtsgebäude, Sitzungssaal"]
                    ),
                ]
            )
    return rows


def bus_stop_features(rng):
    features = []
    for name, _slug, lat, lon, _population in VILLAGES:
        for suffix in ("Dorfstraße", "Schule", "Kirche")[: rng.randint(1, 3)]:
            features.append(
                point(
                    jitter(rng, lon, 0.01),
                    jitter(rng, lat, 0.01),
                    {
                        "name": f"{name}, {suffix}",
                        "linien": ", ".join(
                            sorted(rng.sample(["10", "11", "12", "20", "21"], 2))
                        ),
                        "unterstand": rng.random() < 0.5,
                        "barrierefrei": rng.random() < 0.3,
                    },
                )
            )
    return features


def charging_features(rng):
    features = []
    for name, _slug, lat, lon, _population in VILLAGES[::3]:
        features.append(
            point(
                jitter(rng, lon),
                jitter(rng, lat),
                {
                    "standort": f"{name}, Parkplatz",
                    "ladepunkte": rng.choice([2, 2, 4]),
                    "leistung_kw": rng.choice([11, 22, 50]),
                    "betreiber": "Stadtwerke (Demo)",
                },
            )
        )
    return features


def fire_rows(rng):
    return [
        [
            f"Freiwillige Feuerwehr {name}",
            name,
            rng.randint(12, 45),
            rng.randint(2, 14),
            rng.randint(1, 4),
        ]
        for name, *_rest in VILLAGES
    ]


def business_rows(rng):
    rows = []
    for year in range(2016, 2026):
        registrations = rng.randint(90, 160)
        rows.append([year, registrations, rng.randint(70, 140), rng.randint(5, 25)])
    return rows


def election_rows(rng):
    parties = ["CDU", "SPD", "AfD", "DIE LINKE", "GRÜNE", "FDP", "Wählergemeinschaft"]
    rows = []
    for name, *_rest in VILLAGES:
        voters = rng.randint(300, 4000)
        turnout = rng.uniform(0.5, 0.7)
        valid = int(voters * turnout)
        shares = [rng.random() for _ in parties]
        total = sum(shares)
        votes = [int(valid * share / total) for share in shares]
        rows.append([name, voters, valid, *votes])
    return rows, parties


def school_rows(rng):
    return [
        ["Grundschule Crivitz", "Crivitz", "Grundschule", rng.randint(150, 250)],
        [
            "Regionale Schule Crivitz",
            "Crivitz",
            "Regionale Schule",
            rng.randint(250, 400),
        ],
        ["Grundschule Banzkow", "Banzkow", "Grundschule", rng.randint(80, 150)],
        ["Grundschule Plate", "Plate", "Grundschule", rng.randint(100, 180)],
        ["Grundschule Leezen", "Leezen", "Grundschule", rng.randint(60, 120)],
    ]


def water_level_rows(rng):
    rows = []
    day = date(2025, 1, 1)
    level = 537.0
    while day.year == 2025:
        level = max(510.0, min(560.0, level + rng.uniform(-1.5, 1.5)))
        rows.append([day.isoformat(), f"{level:.1f}".replace(".", ",")])
        day += timedelta(days=7)
    return rows


# --- helpers ----------------------------------------------------------------------------
def document(title, filename, content):
    existing = PortalDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    doc = PortalDocument(title=title, description="Demo-Daten (generiert)")
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


def organisations():
    result = {}
    for slug, name, description, homepage, email in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "homepage": homepage,
                "email": email,
            },
        )
        result[slug] = organisation
    return result


def create_dataset(demo, index, slug, files, tags, themes, municipalities, **fields):
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = DatasetPage(slug=slug, locale=index.locale, **fields)
    page.distributions = [
        Distribution(title=title, document=doc, description=description)
        if doc is not None
        else Distribution(
            title=title, external_url=description, format=voc.FileType.HTML
        )
        for title, doc, description in files
    ]
    page.themes = [DataTheme.objects.get(code=code) for code in themes]
    page.municipalities = [
        demo.municipality(municipality_slug) for municipality_slug in municipalities
    ]
    index.add_child(instance=page)
    page.tags.add(*tags)
    page.full_clean()
    page.save_revision().publish()
    return page


ALL = [slug for _name, slug, *_rest in VILLAGES]


@transaction.atomic
def load(demo):
    rng = demo.rng
    orgs = organisations()
    home = demo.home
    hero = demo.image(
        "Offene Daten am Schweriner See",
        "Stilisierte Landschaft am Schweriner See als Symbolbild für offene Daten",
        palette="meadow",
        seed=8,
    )
    index = demo.page(
        home,
        DatasetIndexPage,
        "daten",
        title="Offene Daten",
        intro=(
            "Das Amt Crivitz und seine Gemeinden veröffentlichen hier Daten zur freien "
            "Nutzung: zum Ansehen, Herunterladen und Weiterverwenden – auch "
            "maschinenlesbar für Open-Data-Portale."
        ),
        teaser_image=hero,
        teaser_text="Daten zu Einwohnern, Kitas, Haushalt, Umwelt und Verkehr.",
        show_in_menus=True,
    )
    contact = {
        "contact_name": "Amt Crivitz, Open-Data-Team",
        "contact_email": "opendata@amt-crivitz.example",
    }
    amt = orgs["amt-crivitz"]
    dl_by = voc.DataLicence.DL_BY
    dl_zero = voc.DataLicence.DL_ZERO

    header = ["Gemeinde", "Jahr", "Einwohner", "weiblich", "männlich"]
    rows = population_rows(rng)
    population = create_dataset(
        demo,
        index,
        "einwohner-nach-gemeinden",
        [
            (
                "Einwohner nach Gemeinden 2022–2025 (CSV)",
                document(
                    "Einwohner nach Gemeinden (CSV)",
                    "einwohner-gemeinden.csv",
                    csv_bytes(header, rows, encoding="cp1252"),
                ),
                "Semikolongetrennt, Windows-1252 (wie aus dem Melderegister exportiert).",
            ),
            (
                "Einwohner nach Gemeinden 2022–2025 (Excel)",
                document(
                    "Einwohner nach Gemeinden (XLSX)",
                    "einwohner-gemeinden.xlsx",
                    xlsx_bytes(header, rows, "Einwohner"),
                ),
                "",
            ),
        ],
        ["Einwohner", "Bevölkerung", "Statistik"],
        ["SOCI", "REGI"],
        ALL,
        title="Einwohner nach Gemeinden",
        description=(
            "Einwohnerzahlen der 17 Gemeinden des Amtes Crivitz zum 31. Dezember, "
            "nach Geschlecht. Quelle: Melderegister des Amtes (Hauptwohnsitze)."
        ),
        publisher=amt,
        licence=dl_by,
        frequency=voc.Frequency.ANNUAL,
        temporal_start=date(2022, 1, 1),
        temporal_end=date(2025, 12, 31),
        **contact,
    )

    header = [
        "Einrichtung",
        "Ort",
        "Krippenplätze",
        "Kitaplätze",
        "Plätze gesamt",
        "frei",
    ]
    childcare = create_dataset(
        demo,
        index,
        "kita-plaetze",
        [
            (
                "Kita-Plätze (CSV)",
                document(
                    "Kita-Plätze (CSV)",
                    "kita-plaetze.csv",
                    csv_bytes(header, childcare_rows(rng)),
                ),
                "",
            )
        ],
        ["Kita", "Kinderbetreuung", "Familie"],
        ["EDUC", "SOCI"],
        ["crivitz", "raben-steinfeld", "banzkow", "plate", "demen", "pinnow", "leezen"],
        title="Kita-Plätze",
        description=(
            "Genehmigte Krippen- und Kitaplätze der Kindertagesstätten im Amt und "
            "freie Plätze zum Stichtag."
        ),
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.MONTHLY,
        **contact,
    )

    playgrounds = create_dataset(
        demo,
        index,
        "spielplaetze",
        [
            (
                "Spielplätze (GeoJSON)",
                document(
                    "Spielplätze (GeoJSON)",
                    "spielplaetze.geojson",
                    geojson_bytes(playground_features(rng)),
                ),
                "Punkte in WGS 84 mit Ausstattung und Barrierefreiheit.",
            )
        ],
        ["Spielplatz", "Freizeit", "Familie", "Geodaten"],
        ["SOCI", "REGI"],
        ALL,
        title="Spielplätze",
        description="Öffentliche Spielplätze in den Gemeinden mit Lage und Ausstattung.",
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.ANNUAL,
        **contact,
    )

    toilets = create_dataset(
        demo,
        index,
        "oeffentliche-toiletten",
        [
            (
                "Öffentliche Toiletten (GeoJSON)",
                document(
                    "Öffentliche Toiletten (GeoJSON)",
                    "oeffentliche-toiletten.geojson",
                    geojson_bytes(toilet_features(rng)),
                ),
                "",
            )
        ],
        ["Toiletten", "Barrierefreiheit", "Tourismus", "Geodaten"],
        ["HEAL", "REGI"],
        ["crivitz", "raben-steinfeld", "banzkow", "plate", "leezen", "cambs"],
        title="Öffentliche Toiletten",
        description=(
            "Öffentliche Toiletten mit Öffnungszeiten, Barrierefreiheit und "
            "Wickelmöglichkeit."
        ),
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.IRREG,
        contact_url="https://www.amt-crivitz.example/kontakt",
    )

    header = [
        "Produktbereich",
        "Bezeichnung",
        "Erträge (EUR)",
        "Aufwendungen (EUR)",
        "Saldo (EUR)",
    ]
    rows = budget_rows(rng)
    create_dataset(
        demo,
        index,
        "haushaltsplan-2026",
        [
            (
                "Ergebnishaushalt 2026 (CSV)",
                document(
                    "Haushaltsplan 2026 (CSV)",
                    "haushalt-2026.csv",
                    csv_bytes(header, rows, delimiter=","),
                ),
                "",
            ),
            (
                "Ergebnishaushalt 2026 (Excel)",
                document(
                    "Haushaltsplan 2026 (XLSX)",
                    "haushalt-2026.xlsx",
                    xlsx_bytes(header, rows, "Ergebnishaushalt"),
                ),
                "",
            ),
        ],
        ["Haushalt", "Finanzen", "Transparenz"],
        ["ECON", "GOVE"],
        [],
        title="Haushaltsplan 2026",
        description=(
            "Erträge und Aufwendungen des Ergebnishaushalts 2026 des Amtes nach "
            "Produktbereichen."
        ),
        publisher=amt,
        licence=dl_by,
        frequency=voc.Frequency.ANNUAL,
        temporal_start=date(2026, 1, 1),
        temporal_end=date(2026, 12, 31),
        **contact,
    )

    waste = create_dataset(
        demo,
        index,
        "abfuhrtermine",
        [
            (
                "Abfuhrtermine 1. Quartal 2026 (CSV)",
                document(
                    "Abfuhrtermine (CSV)",
                    "abfuhrtermine-2026-q1.csv",
                    csv_bytes(["Ort", "Abfallart", "Datum"], waste_rows(rng)),
                ),
                "",
            )
        ],
        ["Abfall", "Müllabfuhr", "Termine"],
        ["ENVI"],
        ALL[:10],
        title="Abfuhrtermine",
        description="Termine der Abfallabfuhr (Restabfall, Bio, Gelbe Tonne, Papier).",
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.QUARTERLY,
        temporal_start=date(2026, 1, 1),
        temporal_end=date(2026, 3, 31),
        **contact,
    )

    bathing = create_dataset(
        demo,
        index,
        "badewasserqualitaet",
        [
            (
                "Badewasserproben 2025 (CSV)",
                document(
                    "Badewasserqualität 2025 (CSV)",
                    "badewasser-2025.csv",
                    csv_bytes(
                        [
                            "Badestelle",
                            "Probenahme",
                            "E. coli (KBE/100 ml)",
                            "Enterokokken (KBE/100 ml)",
                            "Bewertung",
                        ],
                        bathing_rows(rng),
                    ),
                ),
                "",
            )
        ],
        ["Badewasser", "Schweriner See", "Umwelt", "Gesundheit"],
        ["ENVI", "HEAL"],
        ["raben-steinfeld", "cambs", "crivitz", "leezen"],
        title="Badewasserqualität",
        description=(
            "Ergebnisse der Badewasserproben an den Badestellen am Schweriner See und "
            "am Crivitzer See in der Badesaison 2025."
        ),
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.MONTHLY,
        temporal_start=date(2025, 5, 1),
        temporal_end=date(2025, 9, 30),
        **contact,
    )

    rows = council_rows(rng)
    create_dataset(
        demo,
        index,
        "sitzungstermine",
        [
            (
                "Sitzungstermine 2026 (CSV)",
                document(
                    "Sitzungstermine 2026 (CSV)",
                    "sitzungstermine-2026.csv",
                    csv_bytes(["Gremium", "Datum", "Beginn", "Ort"], rows),
                ),
                "",
            ),
            (
                "Sitzungstermine 2026 (JSON)",
                document(
                    "Sitzungstermine 2026 (JSON)",
                    "sitzungstermine-2026.json",
                    json.dumps(
                        [
                            {
                                "gremium": r[0],
                                "datum": r[1],
                                "beginn": r[2],
                                "ort": r[3],
                            }
                            for r in rows
                        ],
                        ensure_ascii=False,
                        indent=1,
                    ).encode(),
                ),
                "",
            ),
        ],
        ["Gemeindevertretung", "Sitzungen", "Politik"],
        ["GOVE"],
        ["banzkow", "crivitz", "plate", "leezen"],
        title="Sitzungstermine der Gremien",
        description="Sitzungstermine der Gemeindevertretungen und des Amtsausschusses 2026.",
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.MONTHLY,
        **contact,
    )

    bus = create_dataset(
        demo,
        index,
        "bushaltestellen",
        [
            (
                "Bushaltestellen (GeoJSON)",
                document(
                    "Bushaltestellen (GeoJSON)",
                    "bushaltestellen.geojson",
                    geojson_bytes(bus_stop_features(rng)),
                ),
                "",
            )
        ],
        ["ÖPNV", "Bus", "Haltestellen", "Geodaten"],
        ["TRAN"],
        ALL,
        title="Bushaltestellen",
        description="Bushaltestellen im Amtsbereich mit Linien und Ausstattung.",
        publisher=amt,
        licence=dl_by,
        frequency=voc.Frequency.ANNUAL_2,
        **contact,
    )

    create_dataset(
        demo,
        index,
        "ladesaeulen",
        [
            (
                "Ladesäulen (GeoJSON)",
                document(
                    "Ladesäulen (GeoJSON)",
                    "ladesaeulen.geojson",
                    geojson_bytes(charging_features(rng)),
                ),
                "",
            )
        ],
        ["Elektromobilität", "Ladesäulen", "Geodaten"],
        ["TRAN", "ENER"],
        ALL[::3],
        title="Ladesäulen für Elektrofahrzeuge",
        description="Öffentlich zugängliche Ladepunkte auf Parkplätzen der Gemeinden.",
        publisher=orgs["stadt-crivitz"],
        licence=voc.DataLicence.CC_BY,
        frequency=voc.Frequency.IRREG,
        contact_email="stadt@crivitz.example",
    )

    create_dataset(
        demo,
        index,
        "freiwillige-feuerwehren",
        [
            (
                "Freiwillige Feuerwehren (CSV)",
                document(
                    "Freiwillige Feuerwehren (CSV)",
                    "feuerwehren.csv",
                    csv_bytes(
                        [
                            "Wehr",
                            "Gemeinde",
                            "Aktive Mitglieder",
                            "Jugendfeuerwehr",
                            "Fahrzeuge",
                        ],
                        fire_rows(rng),
                    ),
                ),
                "",
            )
        ],
        ["Feuerwehr", "Brandschutz", "Ehrenamt"],
        ["JUST"],
        ALL,
        title="Freiwillige Feuerwehren",
        description="Mitglieder und Fahrzeuge der Freiwilligen Feuerwehren im Amt.",
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.ANNUAL,
        **contact,
    )

    create_dataset(
        demo,
        index,
        "gewerbeanzeigen",
        [
            (
                "Gewerbean- und -abmeldungen 2016–2025 (CSV)",
                document(
                    "Gewerbeanzeigen (CSV)",
                    "gewerbeanzeigen.csv",
                    csv_bytes(
                        ["Jahr", "Anmeldungen", "Abmeldungen", "Ummeldungen"],
                        business_rows(rng),
                        delimiter=",",
                        encoding="utf-8",
                    ),
                ),
                "",
            )
        ],
        ["Gewerbe", "Wirtschaft", "Statistik"],
        ["ECON"],
        [],
        title="Gewerbeanzeigen",
        description="Gewerbeanmeldungen, -abmeldungen und -ummeldungen je Jahr.",
        publisher=amt,
        licence=dl_by,
        frequency=voc.Frequency.ANNUAL,
        temporal_start=date(2016, 1, 1),
        temporal_end=date(2025, 12, 31),
        **contact,
    )

    rows, parties = election_rows(rng)
    create_dataset(
        demo,
        index,
        "kommunalwahl-2024",
        [
            (
                "Ergebnisse nach Gemeinden (CSV)",
                document(
                    "Kommunalwahl 2024 (CSV)",
                    "kommunalwahl-2024.csv",
                    csv_bytes(
                        ["Gemeinde", "Wahlberechtigte", "Gültige Stimmen", *parties],
                        rows,
                    ),
                ),
                "",
            )
        ],
        ["Wahlen", "Kommunalwahl", "Politik"],
        ["GOVE"],
        ALL,
        title="Kommunalwahl 2024",
        description="Ergebnisse der Kreistagswahl 2024 in den Gemeinden des Amtes.",
        publisher=amt,
        licence=dl_zero,
        frequency=voc.Frequency.NEVER,
        temporal_start=date(2024, 6, 9),
        temporal_end=date(2024, 6, 9),
        **contact,
    )

    create_dataset(
        demo,
        index,
        "schulen",
        [
            (
                "Schulen (CSV)",
                document(
                    "Schulen (CSV)",
                    "schulen.csv",
                    csv_bytes(
                        ["Schule", "Ort", "Schulart", "Schüler"], school_rows(rng)
                    ),
                ),
                "",
            ),
            (
                "Schulverzeichnis des Landes",
                None,
                "https://www.bildung-mv.example/schulverzeichnis",
            ),
        ],
        ["Schule", "Bildung"],
        ["EDUC"],
        ["crivitz", "banzkow", "plate", "leezen"],
        title="Schulen",
        description="Allgemeinbildende Schulen im Amt mit Schülerzahlen zum Schuljahresbeginn.",
        publisher=amt,
        licence=dl_by,
        frequency=voc.Frequency.ANNUAL,
        **contact,
    )

    create_dataset(
        demo,
        index,
        "wasserstand-plate",
        [
            (
                "Wochenwerte 2025 (CSV)",
                document(
                    "Wasserstand Störkanal Plate (CSV)",
                    "wasserstand-plate-2025.csv",
                    csv_bytes(
                        ["Datum", "Wasserstand (cm über PNP)"], water_level_rows(rng)
                    ),
                ),
                "",
            )
        ],
        ["Wasserstand", "Pegel", "Umwelt"],
        ["ENVI"],
        ["plate"],
        title="Wasserstand am Pegel Plate",
        description="Wöchentliche Wasserstände am Pegel Plate (Störkanal) im Jahr 2025.",
        publisher=orgs["gemeinde-plate"],
        licence=voc.DataLicence.CC_ZERO,
        frequency=voc.Frequency.WEEKLY,
        temporal_start=date(2025, 1, 1),
        temporal_end=date(2025, 12, 31),
        contact_email="gemeinde@plate.example",
    )

    # --- English --------------------------------------------------------------------------
    index_en = demo.translate(
        index,
        title="Open data",
        slug="data",
        intro=(
            "Amt Crivitz and its municipalities publish data here for free reuse: to "
            "view, download and process – machine-readable for open data portals too."
        ),
        teaser_text="Data on population, childcare, budget, environment and transport.",
    )
    translations = [
        (
            population,
            "population-by-municipality",
            "Population by municipality",
            "Population of the 17 municipalities of Amt Crivitz on 31 December, by sex. "
            "Source: the Amt's population register (main residences).",
        ),
        (
            childcare,
            "childcare-places",
            "Childcare places",
            "Approved nursery and kindergarten places of the day-care centres and "
            "vacancies on the reference date.",
        ),
        (
            playgrounds,
            "playgrounds",
            "Playgrounds",
            "Public playgrounds in the municipalities with location and equipment.",
        ),
        (
            toilets,
            "public-toilets",
            "Public toilets",
            "Public toilets with opening hours, accessibility and baby-changing facilities.",
        ),
        (
            waste,
            "waste-collection-dates",
            "Waste collection dates",
            "Collection dates for residual waste, organic waste, packaging and paper.",
        ),
        (
            bathing,
            "bathing-water-quality",
            "Bathing water quality",
            "Results of the bathing water samples on Lake Schwerin and Lake Crivitz in "
            "the 2025 bathing season.",
        ),
        (
            bus,
            "bus-stops",
            "Bus stops",
            "Bus stops in the Amt with lines and facilities.",
        ),
    ]
    for page, slug, title, description in translations:
        demo.translate(page, slug=slug, title=title, description=description)

    # --- home teasers ------------------------------------------------------------------------
    # Fetch afresh: other apps may have edited the home page in the meantime.
    for home_page, text, title, target in [
        (
            demo.home,
            "Einwohner, Kitas, Haushalt, Umwelt und Verkehr als offene Daten.",
            "Offene Daten",
            index,
        ),
        (
            demo.home_en(),
            "Population, childcare, budget, environment and transport as open data.",
            "Open data",
            index_en,
        ),
    ]:
        if home_page is None:
            continue
        home_page = type(home_page).objects.get(pk=home_page.pk)
        if any(
            block.value["page"] is not None
            and block.value["page"].pk in {index.pk, index_en.pk}
            for block in home_page.teasers
        ):
            continue
        home_page.teasers.append(
            ("section", {"page": target, "title": title, "text": text, "icon": "data"})
        )
        home_page.save_revision().publish()
    demo.log(f"Open data: {DatasetPage.objects.count()} dataset pages")
