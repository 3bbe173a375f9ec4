"""Demo content of the news section: news, official announcements, categories."""

import datetime
import zlib

from django.core.files.base import ContentFile

from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    AnnouncementStatus,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from portal.models import PortalDocument

D = datetime.date

CATEGORIES = [
    # slug, German, English
    ("bauen", "Bauen und Verkehr", "Building and roads"),
    ("bildung", "Schule und Kita", "Schools and childcare"),
    ("feuerwehr", "Feuerwehr und Sicherheit", "Fire brigade and safety"),
    ("umwelt", "Umwelt und Natur", "Environment and nature"),
    ("verwaltung", "Verwaltung", "Administration"),
    ("kultur", "Kultur und Vereine", "Culture and clubs"),
]

# slug, title, date, category, municipality, intro, paragraphs, image palette
NEWS = [
    (
        "sanierung-ortsdurchfahrt-banzkow",
        "Ortsdurchfahrt Banzkow wird ab März saniert",
        D(2026, 11, 24),
        "bauen",
        "banzkow",
        "Die Landesstraße durch Banzkow erhält eine neue Fahrbahn, einen Gehweg "
        "und eine sichere Querung an der Schule. Die Bauarbeiten beginnen im März.",
        [
            "Der Landkreis und die Gemeinde Banzkow erneuern gemeinsam die "
            "Ortsdurchfahrt zwischen Lewitzbrücke und Schule. Die Arbeiten dauern "
            "voraussichtlich bis Oktober.",
            "Während der Bauzeit wird der Verkehr über die Plater Straße umgeleitet. "
            "Die Buslinie 12 hält an einer Ersatzhaltestelle am Sportplatz.",
        ],
        "town",
    ),
    (
        "neue-kita-plate",
        "Neue Kita in Plate öffnet im Januar",
        D(2026, 11, 18),
        "bildung",
        "plate",
        "60 Plätze für Krippe und Kindergarten: Die Kita „Storchennest“ in Plate "
        "öffnet am 5. Januar. Anmeldungen nimmt das Amt ab sofort entgegen.",
        [
            "Nach anderthalb Jahren Bauzeit ist der Neubau am Schulweg fertig. Die "
            "Kita bietet 20 Krippen- und 40 Kindergartenplätze.",
            "Eltern melden ihr Kind über das Kita-Portal des Landkreises oder im "
            "Bürgerbüro Crivitz an.",
        ],
        "meadow",
    ),
    (
        "feuerwehr-crivitz-neues-fahrzeug",
        "Freiwillige Feuerwehr Crivitz erhält neues Löschfahrzeug",
        D(2026, 11, 10),
        "feuerwehr",
        "crivitz",
        "Das neue Hilfeleistungslöschfahrzeug ersetzt ein 30 Jahre altes "
        "Fahrzeug. Land und Stadt teilen sich die Kosten.",
        [
            "Bei einer kleinen Feierstunde übergab der Bürgermeister den Schlüssel "
            "an die Wehrführung. Das Fahrzeug trägt 2000 Liter Wasser.",
            "Die Feuerwehr sucht weiterhin Verstärkung: Wer mitmachen möchte, kommt "
            "donnerstags um 19 Uhr ins Gerätehaus.",
        ],
        "evening",
    ),
    (
        "uferpflege-schweriner-see",
        "Mitmachaktion: Uferpflege am Schweriner See",
        D(2026, 10, 28),
        "umwelt",
        "raben-steinfeld",
        "Am Samstag, 14. November, räumen Freiwillige das Ufer zwischen Raben "
        "Steinfeld und Pinnow auf. Handschuhe und Säcke stellt die Gemeinde.",
        [
            "Treffpunkt ist um 10 Uhr der Parkplatz am Strandbad. Zum Abschluss gibt "
            "es Suppe im Gemeindehaus.",
        ],
        "lake",
    ),
    (
        "buergerbuero-neue-oeffnungszeiten",
        "Bürgerbüro: längere Öffnungszeiten am Dienstag",
        D(2026, 10, 20),
        "verwaltung",
        None,
        "Ab November hat das Bürgerbüro in Crivitz dienstags bis 18 Uhr geöffnet. "
        "Termine können online gebucht werden.",
        [
            "Mit den längeren Öffnungszeiten reagiert das Amt auf Wünsche von "
            "Berufstätigen. Personalausweise und Meldebescheinigungen gibt es auch "
            "ohne Termin.",
        ],
        "town",
    ),
    (
        "erntefest-leezen",
        "Erntefest in Leezen mit Umzug und Markt",
        D(2026, 9, 21),
        "kultur",
        "leezen",
        "Mehr als 800 Gäste feierten das Erntefest in Leezen: mit Erntekrone, "
        "Umzug der Vereine und einem Markt mit Produkten aus der Region.",
        [
            "Der Heimatverein dankt allen Helferinnen und Helfern. Der Erlös des "
            "Kuchenbasars geht an die Jugendfeuerwehr.",
        ],
        "meadow",
    ),
    (
        "glasfaser-ausbau-sukow",
        "Glasfaserausbau in Sukow und Tramm abgeschlossen",
        D(2026, 9, 8),
        "bauen",
        "sukow",
        "Rund 900 Haushalte in Sukow und Tramm können jetzt schnelles Internet "
        "buchen. Der Ausbau wurde von Bund und Land gefördert.",
        [
            "Wer noch keinen Anschluss beantragt hat, kann ihn bis Jahresende "
            "kostenlos legen lassen.",
        ],
        "forest",
    ),
    (
        "haushalt-2027-entwurf",
        "Entwurf des Amtshaushalts 2027 liegt aus",
        D(2026, 8, 30),
        "verwaltung",
        None,
        "Der Entwurf der Haushaltssatzung 2027 kann bis zum 30. September im Amt "
        "eingesehen werden. Einwohnerinnen und Einwohner können Einwendungen erheben.",
        [
            "Der Amtsausschuss berät den Haushalt in seiner Sitzung im Oktober.",
        ],
        "town",
    ),
]

ENGLISH_NEWS = {
    "sanierung-ortsdurchfahrt-banzkow": (
        "Banzkow main road to be rebuilt from March",
        "banzkow-main-road",
        "The road through Banzkow gets a new surface, a footpath and a safe "
        "crossing at the school. Work starts in March.",
        "The district and the municipality of Banzkow jointly renew the road "
        "between the Lewitz bridge and the school. Traffic will be diverted.",
    ),
    "neue-kita-plate": (
        "New day-care centre opens in Plate in January",
        "new-day-care-plate",
        "60 places for toddlers and pre-school children: the day-care centre "
        "“Storchennest” in Plate opens on 5 January.",
        "Parents register their child through the district's childcare portal or "
        "at the citizens' office in Crivitz.",
    ),
    "feuerwehr-crivitz-neues-fahrzeug": (
        "Crivitz volunteer fire brigade gets a new fire engine",
        "crivitz-fire-engine",
        "The new fire engine replaces a vehicle that was 30 years old. The state "
        "and the town share the cost.",
        "The fire brigade welcomes new members: come to the fire station on "
        "Thursdays at 7 pm.",
    ),
}

# slug, title, kind, municipality, date, summary, reference, valid_from, valid_until
ANNOUNCEMENTS = [
    (
        "hauptsatzung-crivitz-2026",
        "Hauptsatzung der Stadt Crivitz",
        AnnouncementKind.STATUTE,
        "crivitz",
        D(2026, 3, 2),
        "Die Stadtvertretung hat die Hauptsatzung neu gefasst. Sie regelt die "
        "Ausschüsse, die Aufwandsentschädigungen und die Form der Bekanntmachungen.",
        "Satzung 01/2026",
        D(2026, 3, 3),
        None,
    ),
    (
        "bebauungsplan-7-banzkow",
        "Bebauungsplan Nr. 7 „Am Lewitzrand“, Banzkow – öffentliche Auslegung",
        AnnouncementKind.PLANNING,
        "banzkow",
        D(2026, 10, 5),
        "Der Entwurf des Bebauungsplans Nr. 7 liegt vom 12. Oktober bis "
        "13. November öffentlich aus. Stellungnahmen können in dieser Zeit "
        "abgegeben werden.",
        "B-Plan 7",
        D(2026, 10, 12),
        D(2026, 11, 13),
    ),
    (
        "ausschreibung-winterdienst-2026",
        "Ausschreibung: Winterdienst auf Gemeindestraßen 2026/27",
        AnnouncementKind.TENDER,
        None,
        D(2026, 8, 15),
        "Das Amt vergibt den Winterdienst für die Gemeindestraßen in fünf Losen. "
        "Angebote sind bis zum 15. September einzureichen.",
        "VgV-2026-14",
        D(2026, 8, 15),
        D(2026, 9, 15),
    ),
    (
        "wahlbekanntmachung-buergermeisterwahl-pinnow",
        "Wahlbekanntmachung zur Bürgermeisterwahl in Pinnow",
        AnnouncementKind.ELECTION,
        "pinnow",
        D(2026, 4, 20),
        "Die Wahl der ehrenamtlichen Bürgermeisterin oder des ehrenamtlichen "
        "Bürgermeisters findet am 7. Juni statt. Das Wahllokal ist das "
        "Gemeindehaus Pinnow.",
        "",
        None,
        None,
    ),
    (
        "haushaltssatzung-amt-2026",
        "Haushaltssatzung des Amtes Crivitz für das Jahr 2026",
        AnnouncementKind.BUDGET,
        None,
        D(2026, 1, 20),
        "Der Amtsausschuss hat die Haushaltssatzung 2026 beschlossen. Die "
        "Amtsumlage beträgt 16,5 Prozent.",
        "",
        D(2026, 1, 1),
        D(2026, 12, 31),
    ),
    (
        "strassenreinigungssatzung-plate",
        "Straßenreinigungssatzung der Gemeinde Plate",
        AnnouncementKind.STATUTE,
        "plate",
        D(2025, 5, 12),
        "Die Satzung regelt, welche Straßen die Anlieger reinigen und wann der "
        "Winterdienst geleistet werden muss.",
        "Satzung 03/2025",
        D(2025, 6, 1),
        None,
    ),
    (
        "strassenreinigungssatzung-plate-2026",
        "Neufassung der Straßenreinigungssatzung der Gemeinde Plate",
        AnnouncementKind.STATUTE,
        "plate",
        D(2026, 6, 8),
        "Die Gemeindevertretung hat die Straßenreinigungssatzung neu gefasst; die "
        "Fassung von 2025 tritt außer Kraft.",
        "Satzung 02/2026",
        D(2026, 7, 1),
        None,
    ),
    (
        "sitzung-gemeindevertretung-sukow-oktober",
        "Bekanntmachung der Sitzung der Gemeindevertretung Sukow",
        AnnouncementKind.MEETING,
        "sukow",
        D(2026, 10, 1),
        "Die Gemeindevertretung Sukow tagt am 8. Oktober um 19 Uhr. Die "
        "Tagesordnung steht im Ratsinformationssystem.",
        "",
        None,
        None,
    ),
    (
        "sitzung-gemeindevertretung-sukow-oktober-berichtigung",
        "Berichtigung: Sitzung der Gemeindevertretung Sukow",
        AnnouncementKind.MEETING,
        "sukow",
        D(2026, 10, 2),
        "Die Sitzung der Gemeindevertretung Sukow beginnt abweichend von der "
        "Bekanntmachung vom 1. Oktober erst um 19:30 Uhr.",
        "",
        None,
        None,
    ),
]


def pdf_bytes(title):
    """A small, valid one-page PDF with the announcement's title."""
    text = title.encode("cp1252", "replace").decode("latin-1")
    text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 56 780 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def document(title):
    existing = PortalDocument.objects.filter(title=title).first()
    if existing is not None:
        return existing
    doc = PortalDocument(title=title, language="de")
    name = f"bekanntmachung-{zlib.crc32(title.encode()):08x}.pdf"
    doc.file.save(name, ContentFile(pdf_bytes(title)), save=False)
    doc.save()
    return doc


def categories(demo):
    result = {}
    for slug, german, english in CATEGORIES:
        category = NewsCategory.objects.filter(slug=slug, locale=demo.de).first()
        if category is None:
            category = NewsCategory.objects.create(
                locale=demo.de, name=german, slug=slug
            )
        translated = category.get_translation_or_none(demo.en)
        if translated is None:
            translated = category.copy_for_translation(demo.en)
            translated.name = english
            translated.save()
        result[slug] = (category, translated)
    return result


def load(demo):
    from documents import demo as documents_demo

    # The demo signing certificate (in the authority's name) before publishing
    # announcements issues their signed PDFs.
    documents_demo.load(demo)
    home = demo.home
    cats = categories(demo)
    index = demo.page(
        home,
        NewsIndexPage,
        "aktuelles",
        title="Aktuelles",
        show_in_menus=True,
        intro=(
            "Nachrichten aus dem Amt und den Gemeinden, amtliche Bekanntmachungen "
            "und Termine der Gemeindevertretungen."
        ),
    )
    archive = demo.page(
        index,
        AnnouncementIndexPage,
        "bekanntmachungen",
        title="Amtliche Bekanntmachungen",
        intro=(
            "Satzungen, Bekanntmachungen, Ausschreibungen und Wahlen des Amtes und "
            "seiner Gemeinden. Aufgehobene und berichtigte Bekanntmachungen bleiben "
            "gekennzeichnet im Archiv."
        ),
    )
    news_pages = {}
    for slug, title, date, category, municipality, intro, paragraphs, palette in NEWS:
        image = demo.image(title, f"Symbolbild: {title}", palette=palette)
        news_pages[slug] = demo.page(
            index,
            NewsPage,
            slug,
            title=title,
            date=date,
            category=cats[category][0],
            municipality=demo.municipality(municipality) if municipality else None,
            intro=intro,
            teaser_image=image,
            body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        )

    announcements = {}
    for (
        slug,
        title,
        kind,
        municipality,
        date,
        summary,
        reference,
        valid_from,
        valid_until,
    ) in ANNOUNCEMENTS:
        announcements[slug] = demo.page(
            archive,
            AnnouncementPage,
            slug,
            title=title,
            kind=kind,
            municipality=demo.municipality(municipality) if municipality else None,
            publication_date=date,
            summary=summary,
            reference=reference,
            valid_from=valid_from,
            valid_until=valid_until,
            document=document(title),
        )
    mark(
        announcements["strassenreinigungssatzung-plate"],
        AnnouncementStatus.REPEALED,
        announcements["strassenreinigungssatzung-plate-2026"],
        "Aufgehoben durch die Neufassung der Straßenreinigungssatzung vom 8. Juni 2026.",
        D(2026, 7, 1),
    )
    mark(
        announcements["sitzung-gemeindevertretung-sukow-oktober"],
        AnnouncementStatus.CORRECTED,
        announcements["sitzung-gemeindevertretung-sukow-oktober-berichtigung"],
        "Der Beginn der Sitzung war falsch angegeben (19 Uhr statt 19:30 Uhr).",
        D(2026, 10, 2),
    )

    sign_announcements(demo, announcements.values())

    # English: the section, the archive and the main news.
    index_en = demo.translate(
        index,
        title="News",
        slug="news",
        intro=(
            "News from the administration and the villages, official announcements "
            "and council meetings."
        ),
    )
    demo.translate(
        archive,
        title="Official announcements",
        slug="announcements",
        intro=(
            "Statutes, notices, tenders and elections. Official announcements are "
            "published in German; the German archive is the legally binding one."
        ),
    )
    for slug, (title, en_slug, intro, paragraph) in ENGLISH_NEWS.items():
        page = news_pages[slug]
        demo.translate(
            page,
            title=title,
            slug=en_slug,
            intro=intro,
            category=cats[page.category.slug][1] if page.category else None,
            body=[("paragraph", f"<p>{paragraph}</p>")],
        )
    add_home_teaser(demo, index, index_en)


def sign_announcements(demo, pages):
    """Every demo announcement gets its signed PDF (publishing issues it through
    the task backend too; this also covers a worker that is not running)."""
    from home.announcement_pdf import issue_signed_pdf

    for page in pages:
        issue_signed_pdf(page)
    demo.log(f"    {len(pages)} signed announcement PDFs")


def mark(page, status, superseded_by, reason, changed_on):
    if page.status == status:
        return
    page = type(page).objects.get(pk=page.pk)
    page.status = status
    page.superseded_by = superseded_by
    page.status_reason = reason
    page.status_changed_on = changed_on
    page.full_clean()
    page.save_revision().publish()


def add_home_teaser(demo, index, index_en):
    # Fetch afresh: other demo steps have published the home page meanwhile.
    for home, title, text in (
        (
            demo.home,
            "Aktuelles & Bekanntmachungen",
            "Nachrichten, amtliche Bekanntmachungen und Termine der Gemeinden.",
        ),
        (
            demo.home_en(),
            "News & announcements",
            "News, official announcements and council meetings.",
        ),
    ):
        home = type(home).objects.get(pk=home.pk)
        if any(
            block.value["page"] and block.value["page"].pk == index.pk
            for block in home.teasers
        ):
            continue
        home.teasers.append(
            (
                "section",
                {"page": index, "title": title, "text": text, "icon": "news"},
            )
        )
        home.save_revision().publish()
