"""Business rules of reports: submission, confirmation, routing, duplicates.

Views, the Open311 API and the demo all create reports through :func:`submit`, so
the same routing, moderation and history apply whichever way a report arrives.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from portal.models import Municipality
from reports import geo, notifications
from reports.choices import OPEN_STATUSES, EventKind, Moderation
from reports.models import Category, Report, ReportEvent, ReportPhoto, Support


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
    if confirmed:
        notifications.notify_department(report)
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
    notifications.notify_department(report)
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
TRACKED = (
    "status",
    "moderation",
    "public_answer",
    "public_description",
    "assignee_id",
    "merged_into_id",
)


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
    if before["merged_into_id"] != report.merged_into_id and report.merged_into_id:
        target = report.merged_into
        add(EventKind.MERGED, True, text=str(target))
        _merge_into(report, target, user, now)
    if note.strip():
        add(EventKind.NOTE, False, text=note.strip())
    if update:
        report.save(update_fields=[*update, "updated_at"])
    return [event for event in events if event.public]


def _merge_into(duplicate, target, user, now):
    """The duplicate's supporters (and its reporter) count for the target."""
    Report.objects.filter(pk=target.pk).update(
        supporters=F("supporters") + duplicate.supporters + 1
    )
    ReportEvent.objects.create(
        report=target,
        kind=EventKind.NOTE,
        actor=user,
        text=f"Duplicate {duplicate.pk} merged into this report.",
        created_at=now,
    )


def merge(duplicate, target, user):
    """Staff merge ``duplicate`` into ``target`` (same as choosing it in the queue)."""
    before = snapshot(duplicate)
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into", "updated_at"])
    events = record_staff_change(duplicate, before, user)
    notifications.notify_reporter(duplicate, events)
    return events


def support(report, user=None, email=""):
    """A "me too" for an open public report; False if this person already did."""
    email_hash = ""
    if user is None or not user.is_authenticated:
        user = None
        email_hash = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    try:
        with transaction.atomic():
            Support.objects.create(report=report, user=user, email_hash=email_hash)
            Report.objects.filter(pk=report.pk).update(supporters=F("supporters") + 1)
            ReportEvent.objects.create(report=report, kind=EventKind.SUPPORT)
    except IntegrityError:
        return False
    return True


SUPPORT_SALT = "reports.support.confirm"


def make_support_token(report, email):
    return signing.dumps(
        {"r": report.pk, "e": email.strip().lower()}, salt=SUPPORT_SALT
    )


def read_support_token(token):
    data = signing.loads(token, salt=SUPPORT_SALT, max_age=confirm_max_age())
    return Report.objects.public().get(pk=data["r"]), data["e"]


def send_support_confirmation(report, email, language):
    token = make_support_token(report, email)
    with translation.override(language):
        url = absolute_url(reverse("reports:support_confirm", args=[token]))
        text = render_to_string(
            "reports/email/support_confirm.txt",
            {
                "report": report,
                "confirm_url": url,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        ).strip()
    subject, _blank, body = text.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [email])
