"""Starting payments and keeping their state true (polling)."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from payments import PaymentError, PaymentStatus, RedirectNeeded
from payments.core import provider_factory

from services.lifecycle import OPEN_PAYMENT_STATUSES
from services.models import Application, Payment, Status

logger = logging.getLogger(__name__)


class NotPayable(Exception):
    """The application is not waiting for a payment (e.g. already paid)."""


def open_payment(application):
    return (
        application.payments.filter(status__in=OPEN_PAYMENT_STATUSES)
        .order_by("-created")
        .first()
    )


def start_payment(application):
    """The payment step for ``application``: a redirect URL or a form to show.

    Returns ``(payment, redirect_url, form)``. At most one open payment exists
    per application: a second click reuses it (same ``requestId``), so the
    payment service never sees two payable transactions for one fee. The amount
    is the application's, never anything from the request.
    """
    failure = None
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.AWAITING_PAYMENT or locked.amount <= 0:
            raise NotPayable(_("This application is not waiting for a payment."))
        for _attempt in (0, 1):
            payment = open_payment(locked)
            if payment is None:
                payment = Payment.objects.create(
                    application=locked,
                    variant=settings.SERVICES_PAYMENT_VARIANT,
                    total=locked.amount,
                    currency="EUR",
                    description=locked.service_title[:250],
                    billing_email=locked.applicant.email,
                    billing_first_name=locked.applicant.first_name,
                    billing_last_name=locked.applicant.last_name,
                )
            try:
                form = payment.get_form(data=None)
            except RedirectNeeded as redirect:
                return payment, str(redirect), None
            except PaymentError as error:
                if error.code in {"PAYMENT_EXISTS", "FINISHED"}:
                    # The service knows this requestId already (an earlier
                    # answer was lost) or the payment ended: start afresh.
                    payment.change_status(PaymentStatus.ERROR, str(error.code))
                    continue
                # Keep the payment (and its requestId) for the next attempt.
                logger.warning("payment %s: %s", payment.token, error)
                failure = error
                break
            return payment, "", form
    raise failure or PaymentError(_("The payment could not be started."))


def refresh_payment(payment):
    """Poll the payment service for ``payment`` if its provider can."""
    provider = provider_factory(payment.variant, payment)
    refresh = getattr(provider, "refresh_status", None)
    if refresh is None:
        return payment.status
    return refresh(payment)


def refresh_application(application):
    """Bring the open payment of an application up to date; errors are logged."""
    payment = open_payment(application)
    if payment is None:
        return
    try:
        refresh_payment(payment)
    except PaymentError:
        logger.warning("payment %s: status not available", payment.token)
    application.refresh_from_db()


def poll_pending_payments():
    """Poll every open payment; returns a count per resulting status."""
    counts = {}
    pending = Payment.objects.filter(
        status__in=OPEN_PAYMENT_STATUSES,
        application__status=Status.AWAITING_PAYMENT,
    ).exclude(transaction_id="")
    for payment in pending.select_related("application"):
        try:
            status = refresh_payment(payment)
        except PaymentError as error:
            logger.warning("payment %s: %s", payment.token, error)
            status = "unavailable"
        counts[status] = counts.get(status, 0) + 1
    return counts
