"""E-mails about applications: to the applicant on each step, to the department."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from services.models import Status

APPLICANT_STATES = {
    Status.SUBMITTED,
    Status.AWAITING_PAYMENT,
    Status.PAID,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.REJECTED,
}
DEPARTMENT_STATES = {Status.SUBMITTED, Status.PAID}


def _render(template, context):
    text = render_to_string(template, context).strip()
    subject, _blank, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def notify_transition(application, to_status):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if to_status in APPLICANT_STATES and application.applicant.email:
        with translation.override(application.language):
            subject, body = _render(
                "services/email/applicant.txt",
                {
                    "application": application,
                    "url": base + application.get_absolute_url(),
                    "site_name": settings.WAGTAIL_SITE_NAME,
                },
            )
        send_mail(subject, body, None, [application.applicant.email])
    if to_status in DEPARTMENT_STATES and application.department_id:
        recipients = list(
            application.department.user_set.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = _render(
                    "services/email/department.txt",
                    {
                        "application": application,
                        "url": base
                        + reverse("services_admin:detail", args=[application.pk]),
                    },
                )
            send_mail(subject, body, None, recipients)
