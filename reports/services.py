"""Business rules of reports: submission, confirmation, routing, duplicates.

Views, the Open311 API and the demo all create reports through :func:`submit`, so
the same routing, moderation and history apply whichever way a report arrives.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from portal.models import Municipality
from reports import geo
from reports.choices import OPEN_STATUSES, EventKind, Moderation
from reports.models import Category, Report, ReportEvent, ReportPhoto


def default_locale():
    return Locale.get_default()


def municipalities():
    """The member municipalities in the default language (canonical rows)."""
    return Municipality.objects.filter(locale=default_locale()).order_by("name")


def categories():
    """Active categories in the default language (canonical rows)."""
    return Category.objects.filter(locale=default_locale(), active=True)


def localized_names(objects):
    """``{canonical pk: name in the active language}`` in one query."""
    objects = list(objects)
    locale = Locale.get_active()
    names = {obj.pk: obj.name for obj in objects}
    if objects and objects[0].locale_id != locale.pk:
        model = type(objects[0])
        by_key = dict(
            model.objects.filter(
                locale=locale, translation_key__in=[o.translation_key for o in objects]
            ).values_list("translation_key", "name")
        )
        for obj in objects:
            names[obj.pk] = by_key.get(obj.translation_key, obj.name)
    return names


def confirm_max_age():
    return int(
        getattr(
            settings,
            "REPORTS_CONFIRM_MAX_AGE",
            getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 7 * 24 * 3600),
        )
    )


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass
class Submission:
    category: Category
    municipality: Municipality
    description: str
    place: str = ""
    latitude: object = None
    longitude: object = None
    reporter_name: str = ""
    reporter_email: str = ""
    user: object = None
    language: str = "de"
    source: str = "web"
    photos: list = field(default_factory=list)


def submit(submission):
    """Store a report with its photos and first history entry, all or nothing.

    Reports of signed-in users (with a confirmed address) count as confirmed; the
    others wait for the double opt-in link. Categories with pre-moderation keep
    the report internal until staff release it.
    """
    category = submission.category.canonical
    now = timezone.now()
    user = (
        submission.user if getattr(submission.user, "is_authenticated", False) else None
    )
    confirmed = user is not None
    with transaction.atomic():
        report = Report.objects.create(
            category=category,
            municipality=submission.municipality,
            department=category.department_for(submission.municipality),
            description=submission.description,
            place=submission.place,
            latitude=submission.latitude,
            longitude=submission.longitude,
            reporter=user,
            reporter_name=submission.reporter_name,
            reporter_email="" if user else submission.reporter_email,
            language=submission.language,
            source=submission.source,
            created_at=now,
            confirmed_at=now if confirmed else None,
            moderation=Moderation.PENDING
            if category.pre_moderation
            else Moderation.RELEASED,
            released_at=None if category.pre_moderation else now,
        )
        ReportEvent.objects.create(
            report=report, kind=EventKind.CREATED, public=True, created_at=now
        )
        for photo in submission.photos:
            stored = ReportPhoto(report=report, width=photo.width, height=photo.height)
            stored.file.save("photo.jpg", photo.content, save=True)
    if not confirmed and report.reporter_email:
        send_confirmation(report)
    return report


def send_confirmation(report):
    token = report.make_confirmation_token()
    with translation.override(report.language):
        url = absolute_url(reverse("reports:confirm", args=[token]))
        text = render_to_string(
            "reports/email/confirm.txt",
            {
                "report": report,
                "confirm_url": url,
                "valid_days": max(1, confirm_max_age() // (24 * 3600)),
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        ).strip()
    subject, _blank, body = text.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [report.reporter_email])


def confirm(report):
    """The reporter confirmed the address: the report goes to the department."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.confirmed_at is not None:
            return report, False
        report.confirmed_at = timezone.now()
        report.save(update_fields=["confirmed_at", "updated_at"])
        ReportEvent.objects.create(report=report, kind=EventKind.CONFIRMED)
    return report, True


def purge_unconfirmed():
    """Delete reports whose confirmation link expired unused (with their photos)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=confirm_max_age())
    stale = Report.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    count = 0
    for report in stale:
        for photo in report.photos.all():
            photo.file.delete(save=False)
        report.delete()
        count += 1
    return count


def nearby_open_reports(category, latitude, longitude, radius_m=None, exclude=None):
    """Open, public reports of the category within ``radius_m`` (default
    ``REPORTS_DUPLICATE_RADIUS_M``), nearest first, as ``(report, metres)``."""
    if latitude is None or longitude is None:
        return []
    radius = float(
        radius_m
        if radius_m is not None
        else getattr(settings, "REPORTS_DUPLICATE_RADIUS_M", 50)
    )
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(latitude, longitude, radius)
    candidates = Report.objects.public().filter(
        category=category.canonical,
        status__in=OPEN_STATUSES,
        merged_into__isnull=True,
        latitude__range=(min_lat, max_lat),
        longitude__range=(min_lon, max_lon),
    )
    if exclude is not None:
        candidates = candidates.filter(~Q(pk=exclude.pk))
    found = []
    for report in candidates[:200]:
        metres = geo.distance_m(latitude, longitude, report.latitude, report.longitude)
        if metres <= radius:
            found.append((report, metres))
    return sorted(found, key=lambda item: item[1])


# --- staff changes -------------------------------------------------------------------
TRACKED = ("status", "moderation", "public_answer", "public_description", "assignee_id")


def snapshot(report):
    return {name: getattr(report, name) for name in TRACKED}


def record_staff_change(report, before, user, note=""):
    """History entries (and timestamps) for what staff changed on ``report``.

    ``before`` is :func:`snapshot` of the report before the change. Returns the
    public events created, so that the caller can notify the reporter.
    """
    now = timezone.now()
    events = []

    def add(kind, public, **fields):
        events.append(
            ReportEvent.objects.create(
                report=report,
                kind=kind,
                actor=user,
                public=public,
                created_at=now,
                **fields,
            )
        )

    update = set()
    if before["moderation"] != report.moderation:
        if report.moderation == Moderation.RELEASED:
            add(EventKind.RELEASED, True)
            if report.released_at is None:
                report.released_at = now
                update.add("released_at")
        else:
            add(EventKind.HIDDEN, False)
    if before["status"] != report.status:
        add(
            EventKind.STATUS,
            True,
            from_status=before["status"],
            to_status=report.status,
            text=report.forwarded_to if report.status == "forwarded" else "",
        )
        closed = report.is_closed
        if closed and report.closed_at is None:
            report.closed_at = now
            update.add("closed_at")
        elif not closed and report.closed_at is not None:
            report.closed_at = None
            update.add("closed_at")
    if before["public_answer"] != report.public_answer and report.public_answer:
        add(EventKind.ANSWER, True, text=report.public_answer)
        if report.first_answer_at is None:
            report.first_answer_at = now
            update.add("first_answer_at")
    if before["public_description"] != report.public_description:
        add(
            EventKind.EDIT,
            False,
            text=report.public_description,
            previous_text=before["public_description"] or report.description,
        )
    if before["assignee_id"] != report.assignee_id:
        add(
            EventKind.ASSIGN,
            False,
            text=str(report.assignee) if report.assignee_id else "",
        )
    if note.strip():
        add(EventKind.NOTE, False, text=note.strip())
    if update:
        report.save(update_fields=[*update, "updated_at"])
    return [event for event in events if event.public]
