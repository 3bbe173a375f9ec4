"""Pseudonymisation of respondents' personal data after the retention period."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import markers

from .models import Attachment, ConsultationPage, Response, Statement
from .services import RESPONSE_SCOPE


def due_consultations(now=None):
    """Consultations (default language) whose retention period has ended."""
    now = now or timezone.now()
    due = []
    for page in ConsultationPage.objects.filter(closes_at__lt=now).only(
        "pk", "closes_at", "retention_days", "locale_id", "translation_key"
    ):
        if page.canonical.pk != page.pk:
            continue
        if page.closes_at + datetime.timedelta(days=page.retention_days) <= now:
            due.append(page)
    return due


def pseudonymise(page, now=None):
    """Cut every link between the consultation's contributions and people.

    Kept: the answers (the consultation's material), receipts, the municipality
    key (for the statistics by municipality), statements with their replies.
    Removed: the account and identity links, names and contact data of
    authors, uploaded attachments (they may contain anything), the markers of
    people whose account was deleted (``accounts.markers``).
    Returns the number of responses changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        responses = Response.objects.filter(
            consultation=page, pseudonymised_at__isnull=True
        )
        count = responses.update(user=None, person_hash=None, pseudonymised_at=now)
        # closed long ago: nobody can answer again, the markers are not needed
        markers.forget(RESPONSE_SCOPE, page.pk)
        Statement.objects.filter(consultation=page).exclude(
            author=None, author_name="", author_contact=""
        ).update(author=None, author_name="", author_contact="")
        # the files go with the rows, once committed (portal.storage)
        Attachment.objects.filter(response__consultation=page).delete()
    return count
