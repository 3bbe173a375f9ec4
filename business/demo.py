"""Demo content of the business app: the directory with about 40 actors.

Idempotent like every demo module: pages are found by slug. ``unternehmen``
owns three entries; one of them has a change waiting for approval.
``load_scale`` adds 5,000 entries for benchmarks (bulk inserts, fixed seed).
"""

import datetime
import uuid
from decimal import Decimal
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from accounts.permissions import grant_owner, user_is_owner

from .models import (
    ActorType,
    BusinessDirectoryPage,
    BusinessEntryPage,
    BusinessEntryTag,
    BusinessIndexPage,
)

T = datetime.time
WORKDAYS = ["mo", "tu", "we", "th", "fr"]


def weekly(days, opens, closes):
    return ("weekly", {"days": days, "opens": opens, "closes": closes})


OFFICE = [weekly(WORKDAYS, T(8), T(16))]
SHOP = [weekly(WORKDAYS, T(9), T(18)), weekly(["sa"], T(9), T(12))]
FARM_SHOP = [weekly(["tu", "fr"], T(14), T(18)), weekly(["sa"], T(9), T(13))]
CAFE = [weekly(["we", "th", "fr", "sa", "su"], T(11), T(18))]

# slug, name, type, WZ section, municipality, street, intro (de), intro (en),
# tags, direct sale, hours, languages
# fmt: off
ENTRIES = [
    ("hofladen-banzkow", "Hofladen Banzkow", "farm", "A", "banzkow", "Dorfstraße 12", "Eier, Kartoffeln, Honig und Wurst vom eigenen Hof.", "Eggs, potatoes, honey and sausages from our own farm.", ["bio", "eier", "honig"], True, FARM_SHOP, ["de", "en"]),  # noqa: E501
    ("tischlerei-plate", "Tischlerei Möller Plate", "company", "C", "plate", "Gewerbestraße 3", "Möbel nach Maß, Fenster und Türen aus Holz.", "Made-to-measure furniture, wooden windows and doors.", ["handwerk", "holz"], False, OFFICE, ["de"]),  # noqa: E501
    ("ferienhof-sukow", "Ferienhof Sukow", "tourism", "I", "sukow", "Am Feldrand 4", "Ferienwohnungen auf dem Bauernhof mit Tieren zum Anfassen.", "Holiday flats on a farm with animals to meet.", ["ferien", "familie", "bauernhof"], True, OFFICE, ["de", "en", "pl"]),  # noqa: E501
    ("gaertnerei-crivitz", "Gärtnerei Blumenhof Crivitz", "company", "A", "crivitz", "Parchimer Straße 40", "Stauden, Gemüsepflanzen und Blumen aus eigener Anzucht.", "Perennials, vegetable plants and flowers we grow ourselves.", ["pflanzen", "garten"], True, SHOP, ["de"]),  # noqa: E501
    ("baeckerei-crivitz", "Bäckerei Lange", "company", "C", "crivitz", "Markt 5", "Handwerksbäckerei mit Brot aus Natursauerteig.", "Craft bakery with sourdough bread.", ["brot", "handwerk"], False, SHOP, ["de"]),  # noqa: E501
    ("autohaus-pinnow", "Autohaus Pinnow", "company", "G", "pinnow", "Schweriner Chaussee 1", "Verkauf, Werkstatt und E-Ladesäulen.", "Sales, workshop and charging points.", ["auto", "werkstatt", "e-mobilitaet"], False, SHOP, ["de", "en"]),  # noqa: E501
    ("bau-leezen", "Bauunternehmen Krüger Leezen", "company", "F", "leezen", "Industriestraße 8", "Hochbau, Sanierung und Pflasterarbeiten.", "Building, renovation and paving.", ["bau", "handwerk"], False, OFFICE, ["de", "pl"]),  # noqa: E501
    ("elektro-cambs", "Elektro Schulz Cambs", "company", "F", "cambs", "Seeweg 2", "Elektroinstallation, Photovoltaik und Wärmepumpen.", "Electrical installation, solar power and heat pumps.", ["handwerk", "energie"], False, OFFICE, ["de"]),  # noqa: E501
    ("solarpark-tramm", "Bürgerenergie Tramm eG", "company", "D", "tramm", "Hauptstraße 20", "Genossenschaftlicher Solarpark in Bürgerhand.", "A community-owned solar park.", ["energie", "genossenschaft"], False, OFFICE, ["de"]),  # noqa: E501
    ("spedition-friedrichsruhe", "Spedition Wendt", "company", "H", "friedrichsruhe", "Am Bahnhof 6", "Regionale Transporte und Lagerhaltung.", "Regional transport and storage.", ["logistik"], False, OFFICE, ["de", "pl", "ru"]),  # noqa: E501
    ("it-service-raben-steinfeld", "Seeblick IT-Service", "company", "J", "raben-steinfeld", "Am Ufer 9", "Netzwerke, Webseiten und Beratung für kleine Betriebe.", "Networks, websites and advice for small businesses.", ["digital", "beratung"], False, OFFICE, ["de", "en"]),  # noqa: E501
    ("raiffeisenbank-crivitz", "Raiffeisenbank Crivitz (Filiale)", "company", "K", "crivitz", "Bahnhofstraße 2", "Bankfiliale mit Geldautomat und Beratung.", "Bank branch with cash machine and advice.", ["bank"], False, OFFICE, ["de"]),  # noqa: E501
    ("steuerberatung-plate", "Steuerberatung Hansen", "company", "M", "plate", "Lindenallee 14", "Steuerberatung für Landwirtschaft und Handwerk.", "Tax advice for farms and trades.", ["beratung"], False, OFFICE, ["de", "da"]),  # noqa: E501
    ("reinigung-banzkow", "Gebäudereinigung Lewitz", "company", "N", "banzkow", "Lewitzweg 7", "Gebäude- und Glasreinigung im Amtsbereich.", "Building and window cleaning.", ["dienstleistung"], False, OFFICE, ["de", "uk"]),  # noqa: E501
    ("friseur-crivitz", "Salon Haarmonie", "company", "S", "crivitz", "Markt 9", "Friseursalon, auch mit Hausbesuchen.", "Hairdresser, home visits too.", ["friseur"], False, SHOP, ["de", "tr"]),  # noqa: E501
    ("immobilien-pinnow", "Pinnower Immobilien", "company", "L", "pinnow", "Dorfplatz 1", "Vermietung und Verkauf von Wohnungen und Häusern.", "Letting and selling flats and houses.", ["wohnen"], False, OFFICE, ["de"]),  # noqa: E501
    ("kieswerk-zapel", "Kieswerk Zapel", "company", "B", "zapel", "Kiesgrubenweg 1", "Kies und Sand für Bau und Garten.", "Gravel and sand for building and gardens.", ["bau"], False, OFFICE, ["de"]),  # noqa: E501
    ("entsorgung-tramm", "Wertstoffhof Tramm", "company", "E", "tramm", "Am Wertstoffhof 1", "Annahme von Grünschnitt, Sperrmüll und Elektroschrott.", "Green waste, bulky waste and electronics.", ["abfall", "recycling"], False, OFFICE, ["de"]),  # noqa: E501
    ("biohof-demen", "Biohof Demen", "farm", "A", "demen", "Feldweg 3", "Bio-Gemüse in der Kiste, Hofladen am Freitag.", "Organic vegetable boxes, farm shop on Fridays.", ["bio", "gemuese", "abokiste"], True, FARM_SHOP, ["de", "en"]),  # noqa: E501
    ("imkerei-barnin", "Imkerei am Barniner See", "farm", "A", "barnin", "Seestraße 11", "Honig aus Raps-, Linden- und Waldtracht.", "Rapeseed, lime and forest honey.", ["honig", "bienen"], True, FARM_SHOP, ["de"]),  # noqa: E501
    ("fischerei-cambs", "Fischerei Cambs", "farm", "A", "cambs", "Fischerweg 1", "Frischer und geräucherter Fisch aus dem Schweriner See.", "Fresh and smoked fish from Lake Schwerin.", ["fisch", "regional"], True, CAFE, ["de", "en"]),  # noqa: E501
    ("milchhof-gneven", "Milchhof Gneven", "farm", "A", "gneven", "Hofstraße 2", "Milchtankstelle und Käse aus eigener Herstellung.", "Milk vending machine and our own cheese.", ["milch", "kaese"], True, FARM_SHOP, ["de"]),  # noqa: E501
    ("obsthof-dobin", "Obsthof Dobin", "farm", "A", "dobin-am-see", "Apfelweg 5", "Äpfel, Birnen und Saft; Selbstpflücke im Herbst.", "Apples, pears and juice; pick your own in autumn.", ["obst", "saft"], True, FARM_SHOP, ["de"]),  # noqa: E501
    ("schaeferei-bulow", "Schäferei Bülow", "farm", "A", "buelow", "Weidenweg 2", "Lammfleisch, Wolle und Landschaftspflege.", "Lamb, wool and landscape care.", ["fleisch", "wolle"], True, FARM_SHOP, ["de"]),  # noqa: E501
    ("sportverein-crivitz", "SV Crivitz 1920 e. V.", "association", "R", "crivitz", "Sportplatz 1", "Fußball, Tischtennis und Gymnastik für alle Altersgruppen.", "Football, table tennis and gymnastics for all ages.", ["sport", "jugend"], False, [], ["de"]),  # noqa: E501
    ("feuerwehrverein-plate", "Förderverein Feuerwehr Plate e. V.", "association", "S", "plate", "Feuerwehrstraße 1", "Unterstützt die Freiwillige Feuerwehr und ihre Jugendarbeit.", "Supports the volunteer fire brigade and its youth work.", ["ehrenamt", "jugend"], False, [], ["de"]),  # noqa: E501
    ("heimatverein-leezen", "Heimatverein Leezen e. V.", "association", "R", "leezen", "Kirchweg 4", "Dorfchronik, Erntefest und plattdeutscher Abend.", "Village history, harvest festival and Low German evenings.", ["kultur", "plattdeutsch"], False, [], ["de", "nds"]),  # noqa: E501
    ("anglerverein-pinnow", "Anglerverein Pinnower See e. V.", "association", "R", "pinnow", "Am See 3", "Angeln, Gewässerpflege und Jugendgruppe.", "Angling, water care and a youth group.", ["natur", "angeln"], False, [], ["de"]),  # noqa: E501
    ("kulturverein-banzkow", "Kulturscheune Banzkow e. V.", "association", "R", "banzkow", "Scheunenweg 1", "Konzerte, Lesungen und Kino in der alten Scheune.", "Concerts, readings and cinema in the old barn.", ["kultur", "musik"], False, CAFE, ["de", "en"]),  # noqa: E501
    ("tafel-crivitz", "Crivitzer Tafel", "social", "Q", "crivitz", "Schulstraße 6", "Lebensmittelausgabe dienstags und freitags.", "Food bank on Tuesdays and Fridays.", ["ehrenamt", "lebensmittel"], False, [weekly(["tu", "fr"], T(13), T(16))], ["de", "uk", "ar"]),  # noqa: E501
    ("pflegedienst-plate", "Ambulanter Pflegedienst Plate", "social", "Q", "plate", "Ringstraße 2", "Häusliche Pflege und Beratung für Angehörige.", "Home care and advice for relatives.", ["pflege", "senioren"], False, OFFICE, ["de", "pl"]),  # noqa: E501
    ("jugendclub-sukow", "Jugendclub Sukow", "social", "Q", "sukow", "Schulweg 1", "Offener Treff für Jugendliche ab 12 Jahren.", "Open youth club from age 12.", ["jugend"], False, [weekly(WORKDAYS, T(14), T(20))], ["de"]),  # noqa: E501
    ("familienzentrum-pinnow", "Familienzentrum Pinnow", "social", "Q", "pinnow", "Kita-Weg 2", "Beratung, Eltern-Kind-Gruppen und Sprachcafé.", "Advice, parent-and-child groups and a language café.", ["familie", "beratung"], False, OFFICE, ["de", "en", "uk", "ar"]),  # noqa: E501
    ("kanuverleih-raben-steinfeld", "Kanuverleih Störkanal", "tourism", "N", "raben-steinfeld", "Am Störkanal 2", "Kanus und Kajaks für Touren auf Stör und Lewitz.", "Canoes and kayaks for tours on the Stör and in the Lewitz.", ["wasser", "kanu", "ferien"], False, CAFE, ["de", "en"]),  # noqa: E501
    ("fahrradverleih-crivitz", "Radstation Crivitz", "tourism", "N", "crivitz", "Bahnhofstraße 10", "E-Bikes und Tourenräder, Reparaturservice.", "E-bikes and touring bikes, repairs.", ["rad", "ferien"], False, SHOP, ["de", "en"]),  # noqa: E501
    ("cafe-zapel", "Hofcafé Zapel", "tourism", "I", "zapel", "Dorfstraße 1", "Kuchen nach Omas Rezepten im Bauerngarten.", "Cakes from grandma's recipes in a farm garden.", ["cafe", "regional"], True, CAFE, ["de"]),  # noqa: E501
    ("reiterhof-langen-bruetz", "Reiterhof Langen Brütz", "tourism", "R", "langen-bruetz", "Koppelweg 5", "Reitstunden, Ausritte und Ferien mit Pferden.", "Riding lessons, rides and holidays with horses.", ["pferde", "ferien", "familie"], False, OFFICE, ["de", "en"]),  # noqa: E501
    ("schule-crivitz", "Regionale Schule Crivitz", "public", "P", "crivitz", "Schulstraße 1", "Regionale Schule mit Ganztagsangebot.", "Secondary school with all-day programme.", ["bildung", "jugend"], False, OFFICE, ["de"]),  # noqa: E501
    ("bibliothek-crivitz", "Stadtbibliothek Crivitz", "public", "R", "crivitz", "Markt 1", "Bücher, Hörbücher, Onleihe und Lesecafé.", "Books, audiobooks, e-lending and a reading café.", ["bildung", "kultur"], False, [weekly(["tu", "th"], T(10), T(18)), weekly(["sa"], T(10), T(12))], ["de"]),  # noqa: E501
    ("feuerwehr-banzkow", "Freiwillige Feuerwehr Banzkow", "public", "O", "banzkow", "Feuerwehrweg 1", "Brandschutz und Hilfe – Mitglieder willkommen.", "Fire protection and rescue – members welcome.", ["ehrenamt"], False, [], ["de"]),  # noqa: E501
]
# fmt: on
OWNED_BY_COMPANY = ["hofladen-banzkow", "ferienhof-sukow", "imkerei-barnin"]
PENDING_CHANGE = "hofladen-banzkow"


def _coordinates(demo, municipality, index):
    """Near the village centre, spread a little so markers do not overlap."""
    offsets = [(-0.004, 0.003), (0.003, -0.005), (0.005, 0.004), (-0.002, -0.006)]
    d_lat, d_lon = offsets[index % len(offsets)]
    return (
        (municipality.latitude + Decimal(str(d_lat))).quantize(Decimal("0.000001")),
        (municipality.longitude + Decimal(str(d_lon))).quantize(Decimal("0.000001")),
    )


# Tags are shown as they are written: the demo rows use short keys, these are the
# display names (taggit derives the URL slug from the name).
TAG_NAMES = {
    "cafe": "Café",
    "e-mobilitaet": "E-Mobilität",
    "gemuese": "Gemüse",
    "kaese": "Käse",
}


def tag_name(key):
    return TAG_NAMES.get(key, key.capitalize())


def create_entries(demo, directory):
    pages = {}
    for index, row in enumerate(ENTRIES):
        (slug, name, kind, sector, municipality_slug, street, intro, intro_en) = row[:8]
        tags, direct_sale, hours, languages = row[8:]
        municipality = demo.municipality(municipality_slug)
        latitude, longitude = _coordinates(demo, municipality, index)
        page = directory.get_children().filter(slug=slug).first()
        if page is None:
            page = BusinessEntryPage(
                slug=slug,
                locale=directory.locale,
                title=name,
                actor_type=kind,
                sector=sector,
                intro=intro,
                description=f"{intro} Wir freuen uns auf Ihren Besuch.",
                products="\n".join(tag_name(tag) for tag in tags),
                municipality=municipality,
                street=street,
                postal_code="19089",
                city=municipality.name,
                latitude=latitude,
                longitude=longitude,
                phone=f"03863 {5600 + index}",
                email=f"kontakt@{slug}.example",
                website=f"https://{slug}.example",
                opening_hours=hours,
                languages=languages,
                accessibility=["step_free"] if index % 3 == 0 else [],
                direct_sale=direct_sale,
            )
            page.tags.set([tag_name(tag) for tag in tags])
            directory.add_child(instance=page)
            page.full_clean()
            page.save_revision().publish()
        else:
            page = page.specific
        pages[slug] = page
        demo.translate(page, slug=slug, intro=intro_en, description=intro_en)
    return pages


def give_company_its_entries(demo, pages):
    user = demo.users.get("unternehmen")
    if user is None:
        return
    for slug in OWNED_BY_COMPANY:
        if not user_is_owner(user, pages[slug]):
            grant_owner(pages[slug], user)
    page = BusinessEntryPage.objects.get(pk=pages[PENDING_CHANGE].pk)
    if page.current_workflow_state is not None or page.has_unpublished_changes:
        return
    # The standard workflow is assigned by setup_roles (idempotent).
    call_command("setup_roles", stdout=StringIO())
    from .services import submit_for_approval

    draft = page.get_latest_revision_as_object()
    draft.opening_hours = [
        weekly(["tu", "fr"], T(14), T(19)),
        weekly(["sa"], T(8), T(13)),
    ]
    draft.intro = (
        "Eier, Kartoffeln, Honig und Wurst vom eigenen Hof – neu: samstags ab 8 Uhr."
    )
    submit_for_approval(draft, user)


def add_home_teaser(demo, section):
    for home, title, text in (
        (
            demo.home,
            "Wirtschaft & Region",
            "Betriebe, Höfe, Vereine und Projekte der Region.",
        ),
        (
            demo.home_en(),
            "Business & region",
            "Businesses, farms, associations and projects of the region.",
        ),
    ):
        home = home.specific_class.objects.get(pk=home.pk)
        teasers = getattr(home, "teasers", None)
        if teasers is None or any(
            block.block_type == "section"
            and block.value["page"]
            and block.value["page"].translation_key == section.translation_key
            for block in teasers
        ):
            continue
        teasers.append(
            (
                "section",
                {"page": section, "title": title, "text": text, "icon": "business"},
            )
        )
        home.save_revision().publish()


@transaction.atomic
def load(demo):
    section = demo.page(
        demo.home,
        BusinessIndexPage,
        "wirtschaft",
        title="Wirtschaft",
        show_in_menus=True,
        intro=(
            "Betriebe, Höfe, Vereine, soziale Einrichtungen und Projekte im Amt "
            "Crivitz: finden, vernetzen, mitmachen."
        ),
        teaser_text="Das Verzeichnis der Akteure und die Projekte der Region.",
    )
    demo.translate(
        section,
        slug="business",
        title="Business",
        intro=(
            "Businesses, farms, associations, social services and projects in Amt "
            "Crivitz: find, connect, take part."
        ),
        teaser_text="The directory of actors and the projects of the region.",
    )
    directory = demo.page(
        section,
        BusinessDirectoryPage,
        "verzeichnis",
        title="Verzeichnis der Akteure",
        intro=(
            "Unternehmen, Höfe mit Direktvermarktung, Vereine, soziale Dienste, "
            "touristische Anbieter und öffentliche Einrichtungen der Region."
        ),
    )
    demo.translate(
        directory,
        slug="directory",
        title="Directory of actors",
        intro=(
            "Companies, farms selling directly, associations, social services, "
            "tourism providers and public institutions of the region."
        ),
    )
    pages = create_entries(demo, directory)
    give_company_its_entries(demo, pages)
    create_projects(demo, section, pages)
    add_home_teaser(demo, section)
    demo.log(f"  business: {len(pages)} directory entries")


# slug, title, English title, status, municipality, intro, English intro, goal,
# partners, items (kind, title)
PROJECTS = [
    (
        "regionalmarkt-crivitz",
        "Regionalmarkt Crivitz",
        "Crivitz regional market",
        "planning",
        "crivitz",
        "Ein monatlicher Markt für Erzeugnisse aus dem Amt.",
        "A monthly market for produce from the villages.",
        "Höfe und Handwerk der Region einmal im Monat auf dem Marktplatz.",
        ["hofladen-banzkow", "biohof-demen", "imkerei-barnin"],
        [
            ("need", "Marktstände und Pavillons"),
            ("need", "Helfende für den Aufbau"),
            ("offer", "Kostenlose Standplätze für Erzeuger"),
        ],
    ),
    (
        "buergerbus-lewitz",
        "Bürgerbus Lewitz",
        "Lewitz community bus",
        "running",
        "banzkow",
        "Ehrenamtliche fahren Menschen ohne Auto zum Arzt und Einkauf.",
        "Volunteers drive people without a car to the doctor and shops.",
        "Mobilität für alle Dörfer zwischen Banzkow, Plate und Sukow.",
        ["autohaus-pinnow", "pflegedienst-plate"],
        [
            ("need", "Fahrerinnen und Fahrer mit Führerschein B"),
            ("offer", "Fahrten dienstags und donnerstags"),
        ],
    ),
    (
        "solardaecher-schulen",
        "Solardächer für Schulen",
        "Solar roofs for schools",
        "idea",
        "tramm",
        "Photovoltaik auf kommunalen Dächern, finanziert von Bürgerinnen und Bürgern.",
        "Solar panels on municipal roofs, financed by residents.",
        "Die Dächer der Schulen erzeugen Strom für Schule und Dorf.",
        ["solarpark-tramm", "elektro-cambs", "schule-crivitz"],
        [
            ("need", "Statische Gutachten für Schuldächer"),
            ("offer", "Beratung zu Bürgerbeteiligung"),
        ],
    ),
    (
        "radweg-schweriner-see",
        "Lückenschluss Radweg am Schweriner See",
        "Closing the gap in the Lake Schwerin cycle path",
        "finished",
        "raben-steinfeld",
        "Der Radweg zwischen Raben Steinfeld und Pinnow ist fertig.",
        "The cycle path between Raben Steinfeld and Pinnow is finished.",
        "Sicher mit dem Rad zwischen den Dörfern am See.",
        ["fahrradverleih-crivitz", "bau-leezen"],
        [("offer", "Geführte Eröffnungstour mit Leihrädern")],
    ),
]


def create_projects(demo, section, pages):
    from .project_models import ProjectIndexPage, ProjectItem, ProjectPage

    index = demo.page(
        section,
        ProjectIndexPage,
        "projekte",
        title="Regionale Projekte",
        intro="Gemeinsam mit Betrieben, Vereinen und Verwaltung die Region gestalten.",
    )
    demo.translate(
        index,
        slug="projects",
        title="Regional projects",
        intro="Shaping the region together with businesses, associations and the "
        "administration.",
    )
    today = timezone.localdate()
    for row in PROJECTS:
        slug, title, title_en, status, municipality, intro, intro_en = row[:7]
        goal, partners, items = row[7:]
        page = index.get_children().filter(slug=slug).first()
        if page is None:
            page = ProjectPage(
                slug=slug,
                locale=index.locale,
                title=title,
                status=status,
                municipality=demo.municipality(municipality),
                intro=intro,
                goal=goal,
                contact_email="wirtschaft@amt-crivitz.example",
                milestones=[
                    (
                        "milestone",
                        {
                            "date": today - datetime.timedelta(days=60),
                            "title": "Auftakttreffen",
                            "done": True,
                        },
                    ),
                    (
                        "milestone",
                        {
                            "date": today + datetime.timedelta(days=90),
                            "title": "Nächster Schritt",
                            "done": False,
                        },
                    ),
                ],
                updates=[
                    (
                        "update",
                        {
                            "date": today - datetime.timedelta(days=14),
                            "text": "Das Projektteam hat sich getroffen.",
                        },
                    )
                ],
            )
            page.partners = [pages[name] for name in partners]
            page.items = [
                ProjectItem(kind=kind, title=item_title) for kind, item_title in items
            ]
            index.add_child(instance=page)
            page.full_clean()
            page.save_revision().publish()
        demo.translate(page.specific, slug=slug, title=title_en, intro=intro_en)
    answer_first_need(demo, index)


def answer_first_need(demo, index):
    """The demo company offers help to the first project's first need (shown in
    its account and in the admin's "Project answers"); no e-mail is sent."""
    from .project_models import ItemKind, ProjectItem, ProjectPage, ProjectResponse

    need = (
        ProjectItem.objects.filter(
            project__in=ProjectPage.objects.child_of(index),
            kind=ItemKind.NEED,
            open=True,
        )
        .order_by("project__path", "sort_order")
        .first()
    )
    if need is None:
        return
    ProjectResponse.objects.get_or_create(
        item=need,
        user=get_user_model().objects.get(username="unternehmen"),
        defaults={
            "message": "Wir können zwei Mitarbeitende und einen Transporter stellen."
        },
    )


# --- scale data for benchmarks ----------------------------------------------------------
SCALE_ENTRIES = 5000
SCALE_WORDS = [
    "Hof", "Werkstatt", "Laden", "Service", "Bau", "Garten", "Café", "Verein",
    "Praxis", "Studio", "Handel", "Technik", "Pension", "Manufaktur", "Zentrum",
]  # fmt: skip
SCALE_NAMES = [
    "Albers", "Becker", "Dahl", "Ebert", "Fischer", "Gohr", "Hansen", "Ihde",
    "Jahnke", "Kröger", "Lenz", "Möller", "Nagel", "Ohm", "Pahl", "Quandt",
    "Rieck", "Schulz", "Timm", "Ulrich", "Voss", "Wendt", "Zierke",
]  # fmt: skip
SCALE_TAGS = ["regional", "bio", "handwerk", "familie", "ferien", "jugend", "energie"]


def load_scale(demo, rng, count=SCALE_ENTRIES):
    """Add ``count`` live entries below the German directory with bulk inserts.

    Pages are inserted without revisions or search index entries (run
    ``update_index`` afterwards for full-text search over them).
    """
    from portal.models import Municipality

    directory = BusinessDirectoryPage.objects.get(locale=demo.de)
    directory = BusinessDirectoryPage.objects.get(pk=directory.pk)  # fresh numchild
    municipalities = list(Municipality.objects.filter(locale=demo.de))
    content_type = ContentType.objects.get_for_model(BusinessEntryPage)
    kinds = ActorType.values
    sectors = [chr(code) for code in range(ord("A"), ord("U") + 1)]
    now = timezone.now()
    # Idempotent: only what is missing of the scale entries is added.
    count -= directory.get_children().filter(slug__startswith="skala-").count()
    if count <= 0:
        return
    start = directory.numchild
    bases, entries, tag_names = [], [], []
    for number in range(count):
        name = f"{rng.choice(SCALE_NAMES)} {rng.choice(SCALE_WORDS)} {number + 1}"
        slug = f"skala-{start + number + 1}"
        municipality = rng.choice(municipalities)
        bases.append(
            Page(
                title=name,
                draft_title=name,
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{directory.url_path}{slug}/",
                locale_id=directory.locale_id,
                translation_key=uuid.UUID(int=rng.getrandbits(128)),
                path=BusinessEntryPage._get_path(
                    directory.path, directory.depth + 1, start + number + 1
                ),
                depth=directory.depth + 1,
                numchild=0,
                first_published_at=now,
                last_published_at=now,
            )
        )
        entries.append(
            {
                "actor_type": rng.choice(kinds),
                "sector": rng.choice(sectors),
                "municipality": municipality,
                "intro": f"{name} in {municipality.name}.",
                "latitude": municipality.latitude
                + Decimal(rng.randint(-80, 80)) / 10000,
                "longitude": municipality.longitude
                + Decimal(rng.randint(-80, 80)) / 10000,
                "direct_sale": rng.random() < 0.1,
            }
        )
        tag_names.append(rng.sample(SCALE_TAGS, 2))
    with transaction.atomic():
        Page.objects.bulk_create(bases, batch_size=500)
        objects = []
        for base, fields in zip(bases, entries, strict=True):
            entry = BusinessEntryPage(
                page_ptr_id=base.pk,
                street="Dorfstraße 1",
                postal_code="19089",
                city=fields["municipality"].name,
                **fields,
            )
            objects.append(entry)
        _insert_child_rows(objects)
        tags = {
            name: Tag.objects.get_or_create(name=tag_name(name))[0]
            for name in SCALE_TAGS
        }
        BusinessEntryTag.objects.bulk_create(
            [
                BusinessEntryTag(content_object_id=base.pk, tag=tags[name])
                for base, names in zip(bases, tag_names, strict=True)
                for name in names
            ],
            batch_size=1000,
        )
        Page.objects.filter(pk=directory.pk).update(numchild=start + count)
    demo.log(f"  business: {count} scale entries")


def _insert_child_rows(objects):
    """Insert the ``business_businessentrypage`` rows of existing pages in one
    statement per batch (Django's bulk_create refuses multi-table models)."""
    opts = BusinessEntryPage._meta
    fields = list(opts.local_concrete_fields)
    quote = connection.ops.quote_name
    # Table and column names come from the model, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(opts.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [
            field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
            for field in fields
        ]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), 500):
            cursor.executemany(sql, rows[offset : offset + 500])
