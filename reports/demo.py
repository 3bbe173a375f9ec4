"""Demo: report categories (German and English), two departments and 60 reports.

The reports are generated from the small tables below: every category, many
municipalities, every status (with public answers), some waiting for release,
photos drawn locally and one merged duplicate. Dates are relative to the day the
demo is loaded. Idempotent: nothing is added once demo reports exist.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.demo import MUNICIPALITIES
from reports.choices import EventKind, Moderation, Status
from reports.models import Category, Report, ReportEvent, ReportPhoto, Responsibility

DEPARTMENTS = ("Bauhof", "Ordnungsamt")

# code, German name, English name, German description, English description,
# department, outside authority, pre-moderation
CATEGORIES = [
    ("strassenschaden", "Straßenschaden", "Road damage",
     "Schlaglöcher, abgesackte Gehwege, lose Gullydeckel.",
     "Potholes, sunken pavements, loose drain covers.",
     "Bauhof", "Straßenbauamt Schwerin (Landesstraßen)", True),
    ("strassenbeleuchtung", "Straßenbeleuchtung", "Street lighting",
     "Dunkle oder flackernde Laternen.", "Dark or flickering street lights.",
     "Bauhof", "", True),
    ("muell", "Müll und illegale Ablagerungen", "Waste and fly-tipping",
     "Wilder Müll, überquellende Papierkörbe.", "Fly-tipping, overflowing bins.",
     "Ordnungsamt", "", True),
    ("gruenflaechen", "Grünflächen und Bäume", "Green spaces and trees",
     "Umgestürzte Bäume, ungepflegte Grünflächen.", "Fallen trees, neglected green spaces.",
     "Bauhof", "", True),
    ("spielplatz", "Spielplätze", "Playgrounds",
     "Kaputte Spielgeräte, Glasscherben.", "Broken play equipment, broken glass.",
     "Bauhof", "", True),
    ("verkehrszeichen", "Verkehrszeichen", "Traffic signs",
     "Umgefahrene oder verdeckte Schilder.", "Knocked-down or hidden signs.",
     "Ordnungsamt", "Landkreis Ludwigslust-Parchim, Straßenverkehrsbehörde", False),
    ("sonstiges", "Sonstiges", "Other",
     "Alles andere im öffentlichen Raum.", "Anything else in public space.",
     "Ordnungsamt", "", True),
]  # fmt: skip

# per category: (place, description) pairs, used in turn
TEXTS = {
    "strassenschaden": [
        ("Schweriner Straße", "Tiefes Schlagloch in der Fahrbahn, Radfahrer weichen aus."),
        ("Dorfstraße", "Der Gehweg ist abgesackt, man stolpert leicht."),
        ("Am Bahnhof", "Ein Gullydeckel klappert und liegt lose."),
    ],
    "strassenbeleuchtung": [
        ("Lindenallee", "Drei Laternen hintereinander sind dunkel."),
        ("Kirchsteig", "Die Laterne am Fußweg flackert die ganze Nacht."),
    ],
    "muell": [
        ("Parkplatz am See", "Mehrere Säcke Hausmüll neben dem Papierkorb abgelegt."),
        ("Waldweg", "Alte Reifen und Bauschutt im Wald entsorgt."),
    ],
    "gruenflaechen": [
        ("Uferweg", "Ein großer Ast hängt abgebrochen über dem Weg."),
        ("Friedhofsweg", "Die Hecke ragt weit in den Gehweg hinein."),
    ],
    "spielplatz": [
        ("Spielplatz an der Schule", "Die Schaukelkette ist gerissen."),
        ("Spielplatz am Anger", "Glasscherben im Sandkasten."),
    ],
    "verkehrszeichen": [
        ("Kreuzung Hauptstraße", "Das Stoppschild ist umgefahren."),
        ("Ortseingang", "Das Ortsschild ist von Büschen verdeckt."),
    ],
    "sonstiges": [
        ("Bushaltestelle", "Die Scheibe des Wartehäuschens ist eingeschlagen."),
        ("Marktplatz", "Der Trinkbrunnen läuft seit Tagen ununterbrochen."),
    ],
}  # fmt: skip

# status, moderation, public answer (German)
STATES = [
    (Status.RECEIVED, Moderation.RELEASED, ""),
    (Status.IN_PROGRESS, Moderation.RELEASED, "Der Bauhof ist informiert und kümmert sich in dieser Woche darum."),
    (Status.DONE, Moderation.RELEASED, "Erledigt. Vielen Dank für Ihren Hinweis!"),
    (Status.RECEIVED, Moderation.PENDING, ""),
    (Status.DONE, Moderation.RELEASED, "Wurde repariert."),
    (Status.FORWARDED, Moderation.RELEASED, "Dafür ist eine andere Behörde zuständig; wir haben Ihre Meldung weitergeleitet."),
    (Status.IN_PROGRESS, Moderation.RELEASED, "Ein Auftrag an eine Fachfirma ist erteilt."),
    (Status.REJECTED, Moderation.RELEASED, "Die Fläche ist in Privatbesitz; bitte wenden Sie sich an den Eigentümer."),
    (Status.RECEIVED, Moderation.RELEASED, ""),
    (Status.DONE, Moderation.RELEASED, "Erledigt."),
]  # fmt: skip

COUNT = 60


def _departments():
    permissions = Permission.objects.filter(
        content_type__app_label="reports",
        codename__in=["view_report", "change_report", "process_report"],
    )
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for name in DEPARTMENTS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions, *admin_access)
        groups[name] = group
    return groups


def _categories(demo, groups):
    result = {}
    for order, row in enumerate(CATEGORIES, start=1):
        code, de_name, en_name, de_text, en_text, department, outside, premod = row
        category = Category.objects.filter(slug=code, locale=demo.de).first()
        if category is None:
            category = Category.objects.create(
                locale=demo.de,
                slug=code,
                name=de_name,
                description=de_text,
                default_department=groups[department],
                outside_authority=outside,
                pre_moderation=premod,
                sort_order=order * 10,
            )
        if category.get_translation_or_none(demo.en) is None:
            english = category.copy_for_translation(demo.en)
            english.name = en_name
            english.description = en_text
            english.save()
        result[code] = category
    return result


def _photo(seed):
    """A small picture drawn locally (no metadata, nothing downloaded)."""
    picture = Image.new("RGB", (480, 360), (120 + seed % 80, 130, 110))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 240, 480, 360], fill=(90, 90, 95))
    draw.ellipse([180 + seed % 60, 260, 300 + seed % 60, 320], fill=(40, 40, 45))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=75)
    return ContentFile(buffer.getvalue())


def load(demo):
    groups = _departments()
    categories = _categories(demo, groups)
    Responsibility.objects.get_or_create(
        category=categories["strassenbeleuchtung"],
        municipality=demo.municipality("banzkow"),
        defaults={"department": groups["Ordnungsamt"]},
    )
    if Report.objects.filter(source="demo").exists():
        return
    staff = demo.users.get("pruefung")
    if staff is not None:
        staff.groups.add(groups["Bauhof"])
    now = timezone.now()
    municipalities = [demo.municipality(row[1]) for row in MUNICIPALITIES]
    codes = [row[0] for row in CATEGORIES]
    created = []
    for number in range(COUNT):
        code = codes[number % len(codes)]
        category = categories[code]
        municipality = municipalities[(number * 5) % len(municipalities)]
        place, text = TEXTS[code][number % len(TEXTS[code])]
        status, moderation, answer = STATES[number % len(STATES)]
        age_days = 2 + (number * 7) % 180
        received = now - datetime.timedelta(days=age_days, hours=number)
        offset = Decimal(demo.rng.randint(-40, 40)) / Decimal(10000)
        report = Report.objects.create(
            category=category,
            municipality=municipality,
            department=category.department_for(municipality),
            latitude=municipality.latitude + offset,
            longitude=municipality.longitude - offset,
            place=f"{place} {number % 30 + 1}",
            description=text,
            status=status,
            moderation=moderation,
            public_answer=answer,
            forwarded_to=(
                (category.outside_authority or "Landkreis Ludwigslust-Parchim")
                if status == Status.FORWARDED
                else ""
            ),
            reporter_name=f"Demo Melder {number}",
            reporter_email=f"melder{number}@example.org",
            supporters=number % 4,
            source="demo",
            created_at=received,
            confirmed_at=received + datetime.timedelta(minutes=10),
        )
        events = [(EventKind.CREATED, True, {}, received)]
        day = datetime.timedelta(days=1)
        updates = {}
        if moderation == Moderation.RELEASED:
            updates["released_at"] = received + datetime.timedelta(hours=3)
            events.append((EventKind.RELEASED, True, {}, updates["released_at"]))
        # Handled after one to eight days and some hours, done up to eleven days
        # later (with the answer), never after today: the statistics page shows
        # varied medians.
        changed = received + datetime.timedelta(
            days=min(1 + (number * 5) % 8, age_days - 1), hours=number % 12
        )
        if status == Status.DONE:
            changed = min(
                changed + datetime.timedelta(days=(number * 3) % 12),
                now - datetime.timedelta(hours=1),
            )
        if status != Status.RECEIVED:
            events.append(
                (
                    EventKind.STATUS,
                    True,
                    {"from_status": Status.RECEIVED, "to_status": status},
                    changed,
                )
            )
            if status in (Status.DONE, Status.FORWARDED, Status.REJECTED):
                updates["closed_at"] = changed
        if answer:
            updates["first_answer_at"] = changed
            events.append(
                (EventKind.ANSWER, True, {"text": answer}, updates["first_answer_at"])
            )
        if number % 9 == 1:
            events.append(
                (
                    EventKind.NOTE,
                    False,
                    {"text": "Vor Ort geprüft, Material bestellt."},
                    received + day,
                )
            )
        for kind, public, fields, moment in events:
            ReportEvent.objects.create(
                report=report, kind=kind, public=public, created_at=moment, **fields
            )
        if updates:
            Report.objects.filter(pk=report.pk).update(**updates)
        if number % 6 == 0:
            photo = ReportPhoto(report=report, width=480, height=360)
            photo.file.save("photo.jpg", _photo(number), save=True)
        if number % 12 == 0:
            # a second photo that staff kept internal (a number plate in view)
            photo = ReportPhoto(report=report, width=480, height=360, public=False)
            photo.file.save("photo.jpg", _photo(number + 1), save=True)
            ReportEvent.objects.create(
                report=report,
                kind=EventKind.NOTE,
                public=False,
                text="Foto 2 ist intern. (Kennzeichen im Bild)",
                created_at=received + datetime.timedelta(hours=2),
            )
        created.append(report)
    # a merged duplicate: the last report duplicates the first (same category)
    main, duplicate = created[0], created[len(codes) * 8]
    Report.objects.filter(pk=duplicate.pk).update(
        merged_into=main,
        latitude=main.latitude,
        longitude=main.longitude,
        moderation=Moderation.RELEASED,
    )
    ReportEvent.objects.create(
        report=duplicate,
        kind=EventKind.MERGED,
        public=True,
        text=str(main),
        created_at=now - datetime.timedelta(days=1),
    )
    Report.objects.filter(pk=main.pk).update(supporters=main.supporters + 1)
    demo.log(f"    reports: {len(created)} citizen reports in {len(codes)} categories")
