"""The application lifecycle: every change of state goes through here.

draft -> submitted (no fee) or waiting for payment -> paid -> in progress ->
completed or rejected (with a reason; a paid fee becomes a recorded refund).
Each transition locks the application row, checks the allowed transitions,
logs an ``ApplicationEvent`` and sends the e-mails after the commit.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from payments import PaymentStatus

from services.models import Application, ApplicationEvent, Refund, Status
from services.notifications import notify_transition
from services.receipt import issue_receipt_later

logger = logging.getLogger(__name__)

OPEN_PAYMENT_STATUSES = (PaymentStatus.WAITING, PaymentStatus.INPUT)


class InvalidTransition(Exception):
    """The application cannot go from its state to the one asked for."""


def _locked(application):
    return Application.objects.select_for_update().get(pk=application.pk)


def transition(application, to_status, actor=None, note="", **fields):
    """Move ``application`` to ``to_status`` (locked, checked, logged).

    Returns the updated application. Raises ``InvalidTransition``.
    """
    with transaction.atomic():
        current = _locked(application)
        if to_status not in current.allowed_transitions():
            raise InvalidTransition(
                _("An application in the state “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": current.get_status_display(),
                    "to": Status(to_status).label,
                }
            )
        from_status = current.status
        current.status = to_status
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        ApplicationEvent.objects.create(
            application=current,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
        transaction.on_commit(lambda: notify_transition(current, to_status))
    logger.info("application %s: %s -> %s", current.reference, from_status, to_status)
    application.refresh_from_db()
    return current


def submit(application, actor):
    to_status = Status.AWAITING_PAYMENT if application.amount > 0 else Status.SUBMITTED
    return transition(application, to_status, actor, submitted_at=timezone.now())


def start_processing(application, actor, note=""):
    return transition(application, Status.IN_PROGRESS, actor, note)


def complete(application, actor, note=""):
    return transition(
        application, Status.COMPLETED, actor, note, decided_at=timezone.now()
    )


def reject(application, actor, reason):
    """Reject with a reason; a paid fee is recorded as a refund for the cash office."""
    if not reason.strip():
        raise InvalidTransition(_("A rejection needs a reason."))
    with transaction.atomic():
        current = transition(
            application,
            Status.REJECTED,
            actor,
            reason,
            rejection_reason=reason,
            decided_at=timezone.now(),
        )
        if current.was_paid and current.amount > 0:
            Refund.objects.get_or_create(
                application=current,
                defaults={
                    "amount": current.amount,
                    "kassenzeichen": current.kassenzeichen,
                    "recorded_by": actor,
                },
            )
    return current


def _test_payment(payment):
    """A payment of the test provider, where it is allowed (development, tests)."""
    return payment.variant == "dummy" and settings.SERVICES_DUMMY_PAYMENT_ALLOWED


def dummy_kassenzeichen(application):
    """A made-up cash reference for the test provider's payments (never in
    production: there a payment is booked only with the provider's reference)."""
    prefix = settings.SERVICES_KASSENZEICHEN_PREFIX
    return f"{prefix}-{timezone.now():%Y}-{application.pk:07d}"


def payment_confirmed(payment):
    """Book a confirmed payment on its application, exactly once.

    Called for every status answer saying "paid"; repeated answers, a payment
    of an application that is no longer waiting and a payment whose amount
    differs from the fee change nothing and are logged.
    """
    with transaction.atomic():
        application = _locked(payment.application)
        if application.status != Status.AWAITING_PAYMENT:
            if application.paid_at is None or not application.events.filter(
                note__contains=payment.token
            ):
                ApplicationEvent.objects.create(
                    application=application,
                    from_status=application.status,
                    to_status=application.status,
                    note=f"payment {payment.token} confirmed while the application "
                    f"was {application.status}: not booked again",
                )
            return application
        if payment.total != application.amount:
            ApplicationEvent.objects.create(
                application=application,
                from_status=application.status,
                to_status=application.status,
                note=f"payment {payment.token} of {payment.total} EUR does not match "
                f"the fee of {application.amount} EUR: not booked",
            )
            return application
        reference = payment.transaction_reference
        if not reference and _test_payment(payment):
            reference = dummy_kassenzeichen(application)
        if not reference:
            logger.error("payment %s confirmed without a cash reference", payment.token)
            ApplicationEvent.objects.create(
                application=application,
                from_status=application.status,
                to_status=application.status,
                note=f"payment {payment.token} confirmed without a cash reference "
                "(Kassenzeichen): not booked",
            )
            return application
        booked = transition(
            application,
            Status.PAID,
            note=f"payment {payment.token} ({payment.variant})",
            paid_at=timezone.now(),
            kassenzeichen=reference,
        )
        issue_receipt_later(booked)
        return booked
