"""Demo: 60 citizen reports, generated (what is not plain data).

The two departments, the report categories (German and English) and a
responsibility are data (``reports/demo/categories.yaml``). The reports are
generated from the small tables below: every category, many
municipalities, every status (with public answers), some waiting for release,
photos drawn locally and one merged duplicate. Dates are relative to the day the
demo is loaded. Idempotent: nothing is added once demo reports exist.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.models import Municipality
from reports.choices import EventKind, Moderation, Status
from reports.models import Category, Report, ReportEvent, ReportPhoto

# The departments and categories are data (``reports/demo/categories.yaml``,
# loaded before this module); the order of the categories is their sort order.

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
    if Report.objects.filter(source="demo").exists():
        return
    staff = demo.users.get("pruefung")
    if staff is not None:
        staff.groups.add(Group.objects.get(name="Bauhof"))
    categories = {
        category.slug: category
        for category in Category.objects.filter(locale=demo.de).order_by("sort_order")
    }
    now = timezone.now()
    # In the order of their keys (portal/demo/municipalities.yaml).
    municipalities = list(Municipality.objects.filter(locale=demo.de).order_by("ags"))
    codes = list(categories)
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
