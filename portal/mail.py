"""E-mail that survives a mail server outage: queued as background tasks, retried.

Production sets ``EMAIL_BACKEND = "portal.mail.QueuedEmailBackend"``: sending a
message (registration, newsletter, workflow notice) only stores a
:func:`deliver_email` task in the task queue (django-tasks-db, the database).
The worker hands it to ``EMAIL_DELIVERY_BACKEND`` (SMTP by default). If the mail
server is down or refuses, the task enqueues itself again with an increasing
delay (1, 2, 4 … minutes, at most ``EMAIL_RETRY_MAX_DELAY`` seconds) until
``EMAIL_RETRY_ATTEMPTS`` attempts have failed; only then is the failure logged as
an error and the task marked failed, where the worker's log and the admin show it.

Attachments are not supported by the queue (the portal sends none); a message
with attachments is delivered at once instead.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

RETRYABLE = (OSError, smtplib.SMTPException)


def delivery_backend():
    return getattr(
        settings,
        "EMAIL_DELIVERY_BACKEND",
        "django.core.mail.backends.smtp.EmailBackend",
    )


def max_attempts():
    return max(1, int(getattr(settings, "EMAIL_RETRY_ATTEMPTS", 8)))


def retry_delay(attempt):
    """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
    limit = int(getattr(settings, "EMAIL_RETRY_MAX_DELAY", 3600))
    return min(limit, 60 * 2 ** (attempt - 1))


def serialize(message):
    """The parts of an e-mail as JSON-safe data for the task queue."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def deserialize(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


@task()
def deliver_email(data, attempt=1):
    """Hand one queued message to the real mail backend; retry later on failure."""
    message = deserialize(data)
    try:
        get_connection(delivery_backend(), fail_silently=False).send_messages([message])
    except RETRYABLE as error:
        if attempt >= max_attempts() or not deliver_email.get_backend().supports_defer:
            logger.error(
                "e-mail to %s not delivered after %s attempts: %s",
                data["to"],
                attempt,
                error,
            )
            raise
        delay = retry_delay(attempt)
        logger.warning(
            "e-mail to %s failed (%s), attempt %s; retrying in %s s",
            data["to"],
            error,
            attempt,
            delay,
        )
        run_after = timezone.now() + datetime.timedelta(seconds=delay)
        deliver_email.using(run_after=run_after).enqueue(data, attempt=attempt + 1)
        return "retry"
    return "sent"


class QueuedEmailBackend(BaseEmailBackend):
    """Django e-mail backend that enqueues each message as a :func:`deliver_email`."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if message.attachments:
                get_connection(
                    delivery_backend(), fail_silently=self.fail_silently
                ).send_messages([message])
            else:
                deliver_email.enqueue(serialize(message))
            queued += 1
        return queued
