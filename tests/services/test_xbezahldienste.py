"""The XBezahldienste provider against the fake payment service over real HTTP."""

import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from payments import PaymentStatus
from payments.core import PROVIDER_CACHE

from services.models import Application, ApplicationEvent, Status
from services.paying import poll_pending_payments
from services.tasks import poll_pending_payments_task
from tests import factories

from .factories import service_page
from .helpers import apply, copies, latest, pay, submit

pytestmark = pytest.mark.django_db

copies_service = factories.module_data(service_page)


@pytest.fixture
def waiting(client, copies_service):
    """An application for three certified copies (7.50 EUR), waiting for payment."""
    user = factories.UserFactory()
    client.force_login(user)
    apply(client, copies_service, copies("3"))
    application = latest(user)
    submit(client, application)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT
    return application


def start(client, fake, application):
    response = pay(client, application)
    assert response.status_code == 302
    payment = application.payments.get(transaction_id__gt="")
    assert response["Location"] == f"{fake.url}/paypage/{payment.transaction_id}"
    return payment


def slow_service(settings, fake, slow):
    """With ``slow``, the service answers after 0.5 s and the provider gives up
    after 0.25 s (a read timeout, whatever the machine's load: the service sleeps
    first); without, the fixture's timeout again (``fake_service``)."""
    fake.state.delay = 0.5 if slow else 0
    settings.PAYMENT_VARIANTS = fake.variant_settings(timeout=0.25 if slow else 1)
    PROVIDER_CACHE.clear()  # django-payments keeps one provider per variant


def come_back(client, payment):
    """The applicant's browser returns from the pay page to the redirectUrl."""
    return client.get(
        reverse("process_payment", args=[payment.token]) + "?status=PAYED"
    )


def test_payment_request_follows_the_standard(client, fake_service, waiting):
    payment = start(client, fake_service, waiting)
    request = fake_service.state.only()["paymentRequest"]
    assert request["requestId"] == payment.token
    assert len(request["requestId"]) <= 36
    assert request["currency"] == "EUR"
    assert Decimal(str(request["grossAmount"])) == Decimal("7.50")
    assert sum(Decimal(str(item["grossAmount"])) for item in request["items"]) == (
        Decimal("7.50")
    )
    assert request["items"][0]["quantity"] == 3
    assert len(request["purpose"]) <= 27
    assert request["redirectUrl"].endswith(f"/payments/process/{payment.token}/")
    assert fake_service.state.token_requests == 1


def test_payed_books_the_fee_once_with_the_kassenzeichen(
    client, fake_service, waiting, django_capture_on_commit_callbacks
):
    payment = start(client, fake_service, waiting)
    # Coming back claims success, but the service still says INITIAL.
    response = come_back(client, payment)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_PAYMENT

    fake_service.state.set_status(payment.transaction_id, "PAYED", "KZ-4711")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        come_back(client, payment)
        come_back(client, payment)  # duplicate answer
        poll_pending_payments()
        response = client.get(waiting.get_absolute_url())  # polls again if needed
    waiting.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.transaction_reference == "KZ-4711"
    assert waiting.status == Status.PAID
    assert waiting.kassenzeichen == "KZ-4711"
    assert (
        ApplicationEvent.objects.filter(
            application=waiting, to_status=Status.PAID
        ).count()
        == 1
    )
    applicant_mails = [m for m in mail.outbox if m.to == [waiting.applicant.email]]
    assert len(applicant_mails) == 1
    assert "KZ-4711" in response.content.decode()
    # paying again is refused without asking the service
    requests_before = len(fake_service.state.requests)
    pay(client, waiting)
    assert len(fake_service.state.requests) == requests_before
    assert len(fake_service.state.transactions) == 1


@pytest.mark.parametrize(
    "outcome, payment_status",
    [("FAILED", PaymentStatus.REJECTED), ("CANCELED", PaymentStatus.CANCELLED)],
)
def test_failed_or_canceled_payment_can_be_retried_with_a_new_transaction(
    client, fake_service, waiting, outcome, payment_status
):
    first = start(client, fake_service, waiting)
    fake_service.state.set_status(first.transaction_id, outcome)
    come_back(client, first)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == payment_status
    assert waiting.status == Status.AWAITING_PAYMENT
    pay(client, waiting)
    second = waiting.payments.exclude(pk=first.pk).get()
    assert second.token != first.token
    assert len(fake_service.state.transactions) == 2
    fake_service.state.set_status(second.transaction_id, "PAYED")
    poll_pending_payments()
    waiting.refresh_from_db()
    assert waiting.status == Status.PAID


def test_never_finished_payment_stays_waiting(client, fake_service, waiting):
    payment = start(client, fake_service, waiting)
    for _ in range(3):
        counts = poll_pending_payments()
        assert counts == {PaymentStatus.WAITING: 1}
    out = StringIO()
    call_command("poll_payments", stdout=out)
    assert "1 open payment(s) polled" in out.getvalue()
    waiting.refresh_from_db()
    payment.refresh_from_db()
    assert waiting.status == Status.AWAITING_PAYMENT
    assert payment.status == PaymentStatus.WAITING
    # a second click sends the applicant to the same pay page, no new transaction
    response = pay(client, waiting)
    assert response["Location"].endswith(payment.transaction_id)
    assert len(fake_service.state.transactions) == 1


def test_command_and_task_book_a_payment_made_after_the_user_left(
    client, fake_service, waiting
):
    payment = start(client, fake_service, waiting)
    fake_service.state.set_status(payment.transaction_id, "PAYED")
    out = StringIO()
    call_command("poll_payments", stdout=out)
    assert "confirmed: 1" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.status == Status.PAID
    # the task runs the same polling (immediate backend in tests); nothing is left
    result = poll_pending_payments_task.enqueue()
    assert result.return_value == {}


def test_error_answer_keeps_the_application(client, fake_service, waiting):
    fake_service.state.fail_next = (500, "INTERNAL_ERROR")
    response = pay(client, waiting)
    assert response["Location"] == waiting.get_absolute_url()
    response = client.get(response["Location"])
    assert "nicht erreichbar" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_PAYMENT
    assert Application.objects.filter(pk=waiting.pk).exists()
    # the next attempt works, with the same requestId
    payment = start(client, fake_service, waiting)
    assert waiting.payments.count() == 1
    assert fake_service.state.only()["paymentRequest"]["requestId"] == payment.token


def test_validation_error_answer_is_refused_cleanly(client, fake_service, waiting):
    fake_service.state.fail_next = (400, "VALIDATION_ERROR")
    response = pay(client, waiting)
    assert response["Location"] == waiting.get_absolute_url()
    assert not fake_service.state.transactions


def test_timeout_keeps_the_application_and_retry_is_idempotent(
    client, fake_service, waiting, settings
):
    slow_service(settings, fake_service, slow=True)
    response = pay(client, waiting)
    assert response["Location"] == waiting.get_absolute_url()
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_PAYMENT
    first = waiting.payments.get()
    assert first.transaction_id == ""
    # The slow service did create the transaction; the retry with the same
    # requestId gets PAYMENT_EXISTS, so the portal starts a fresh payment. The
    # lost transaction was never shown to the applicant: no double booking.
    for _ in range(100):  # the slow answer arrives at the service after 0.5 s
        if fake_service.state.by_request_id:
            break
        time.sleep(0.05)
    slow_service(settings, fake_service, slow=False)
    second = start(client, fake_service, waiting)
    first.refresh_from_db()
    assert first.status == PaymentStatus.ERROR
    assert second.token != first.token
    assert len(fake_service.state.by_request_id) == 2
    fake_service.state.set_status(second.transaction_id, "PAYED")
    poll_pending_payments()
    waiting.refresh_from_db()
    assert waiting.status == Status.PAID
    assert waiting.payments.filter(status=PaymentStatus.CONFIRMED).count() == 1


def test_timeout_while_polling_changes_nothing(client, fake_service, waiting, settings):
    payment = start(client, fake_service, waiting)
    fake_service.state.set_status(payment.transaction_id, "PAYED")
    slow_service(settings, fake_service, slow=True)
    assert poll_pending_payments() == {"unavailable": 1}
    waiting.refresh_from_db()
    assert waiting.status == Status.AWAITING_PAYMENT
    slow_service(settings, fake_service, slow=False)
    poll_pending_payments()
    waiting.refresh_from_db()
    assert waiting.status == Status.PAID


def test_amount_differing_at_the_service_is_not_booked(client, fake_service, waiting):
    payment = start(client, fake_service, waiting)
    transaction = fake_service.state.transactions[payment.transaction_id]
    transaction["grossAmount"] = "0.01"
    fake_service.state.set_status(payment.transaction_id, "PAYED")
    poll_pending_payments()
    waiting.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.ERROR
    assert waiting.status == Status.AWAITING_PAYMENT


def test_expired_token_is_renewed(client, fake_service, waiting):
    payment = start(client, fake_service, waiting)
    fake_service.state.tokens.clear()  # the service forgot every token
    fake_service.state.set_status(payment.transaction_id, "PAYED")
    poll_pending_payments()
    waiting.refresh_from_db()
    assert waiting.status == Status.PAID
    assert fake_service.state.token_requests == 2
