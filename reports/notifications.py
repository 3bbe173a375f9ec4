"""E-mails about reports: to the reporter on each public change, to the department.

Sent with ``send_mail``: in production the portal's queued e-mail backend
(``portal.mail.QueuedEmailBackend``) delivers them from the task worker, with
retries while the mail server is down.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from reports.choices import EventKind


def _render(template, context):
    text = render_to_string(template, context).strip()
    subject, _blank, body = text.partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def _base():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def notify_reporter(report, events):
    """One e-mail for the public changes ``events`` (status, answer, release…)."""
    events = [e for e in events if e.public and e.kind != EventKind.CREATED]
    email = report.contact_email
    if not events or not email or not report.notify_reporter:
        return False
    with translation.override(report.language or settings.LANGUAGE_CODE):
        url = _base() + reverse("reports:detail", args=[report.pk])
        subject, body = _render(
            "reports/email/reporter.txt",
            {
                "report": report,
                "events": events,
                "url": url if report.is_public else "",
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
    send_mail(subject, body, None, [email])
    return True


def notify_department(report):
    """A new confirmed report: its department's active members get an e-mail."""
    if not report.department_id:
        return False
    recipients = list(
        report.department.user_set.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render(
            "reports/email/department.txt",
            {
                "report": report,
                "url": _base() + reverse("citizen_reports:edit", args=[report.pk]),
            },
        )
    send_mail(subject, body, None, recipients)
    return True
