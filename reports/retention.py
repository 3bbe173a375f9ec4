"""Retention of citizen reports: contact data and unconfirmed reports expire.

- The reporter's contact data (name, e-mail address, account link) and the links of
  the "me too" supporters are removed ``REPORTS_CONTACT_RETENTION_DAYS`` after a
  report was closed (done, forwarded or rejected); the report itself, its public
  text, answers and history stay. ``contact_removed_at`` records when.
- Reports whose confirmation link expired unused are deleted with their photos
  (:func:`reports.services.purge_unconfirmed`).

``python manage.py report_retention`` runs both, daily
(``deploy/systemd/portal-report-retention.timer``).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reports.choices import CLOSED_STATUSES
from reports.models import Report, Support


def retention_days():
    return int(getattr(settings, "REPORTS_CONTACT_RETENTION_DAYS", 90))


def contact_due(now=None):
    """Closed reports past the retention period that still hold contact data."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    return Report.objects.filter(
        status__in=CLOSED_STATUSES,
        closed_at__isnull=False,
        closed_at__lt=cutoff,
    ).filter(
        Q(contact_removed_at__isnull=True)
        | Q(reporter__isnull=False)
        | ~Q(reporter_email="")
        | ~Q(reporter_name="")
    )


def remove_contact_data(now=None):
    """Remove the contact data of every due report; returns how many."""
    now = now or timezone.now()
    due = list(contact_due(now).values_list("pk", flat=True))
    if not due:
        return 0
    with transaction.atomic():
        Report.objects.filter(pk__in=due).update(
            reporter=None,
            reporter_name="",
            reporter_email="",
            notify_reporter=False,
            contact_removed_at=now,
        )
        Support.objects.filter(report_id__in=due).update(user=None, email_hash="")
    return len(due)
