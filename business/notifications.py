"""E-mails to owners of directory entries (in the owner's language is not
known: the portal's default language, with the English text below)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from guardian.shortcuts import get_users_with_perms


def owners_of(entry):
    return [
        user
        for user in get_users_with_perms(
            entry,
            only_with_perms_in=[f"change_{entry._meta.model_name}"],
            with_superusers=False,
            with_group_users=False,
        )
        if user.email and user.is_active
    ]


def _send(template, context, recipients):
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {**context, "base_url": base}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"business/mail/{template}_subject.txt", context)
        body = render_to_string(f"business/mail/{template}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        fail_silently=True,
    )


def notify_submitted(entry, user):
    _send("submitted", {"entry": entry, "user": user}, [user.email])


def notify_published(entry):
    _send("published", {"entry": entry}, [user.email for user in owners_of(entry)])


def notify_changes_requested(entry):
    _send(
        "changes_requested",
        {"entry": entry},
        [user.email for user in owners_of(entry)],
    )


def notify_claim_decided(claim):
    _send("claim_decided", {"claim": claim}, [claim.user.email])
