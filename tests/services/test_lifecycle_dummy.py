"""The whole lifecycle with django-payments' dummy provider, receipt, refunds."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from payments import PaymentStatus

from services import lifecycle
from services.models import ApplicationEvent, Payment, Refund, Status
from tests import factories
from tests.files import pdf_text

from .factories import department_staff, dog_service, service_page
from .helpers import apply, copies, latest, pay, submit

pytestmark = pytest.mark.django_db


def build_world():
    """Certified copies at 2.50 EUR each (Bürgerbüro) and a free dog
    registration; a citizen, another one and a Bürgerbüro member."""
    return SimpleNamespace(
        copies=service_page(),
        dog=dog_service(),
        citizen=factories.UserFactory(),
        other_citizen=factories.verified_citizen(),
        staff=department_staff("Bürgerbüro"),
    )


world = factories.module_data(build_world)


def paid_application(client, user, page, quantity="2"):
    client.force_login(user)
    apply(client, page, copies(quantity))
    application = latest(user)
    submit(client, application)
    response = pay(client, application)
    payment = application.payments.get()
    assert response["Location"] == reverse(
        "services:dummy_payment", args=[application.reference, payment.token]
    )
    page_html = client.get(response["Location"]).content.decode()
    assert "Testzahlung" in page_html  # the dummy provider's page, clearly marked
    response = client.post(
        response["Location"],
        {
            "status": PaymentStatus.CONFIRMED,
            "fraud_status": "accept",
            "gateway_response": "3ds-disabled",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    return application


def test_draft_to_completed_with_payment(
    client, world, dummy_provider, django_capture_on_commit_callbacks
):
    user = world.citizen
    page = world.copies
    client.force_login(user)
    apply(client, page, copies("2"))
    application = latest(user)
    submit(client, application)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = paid_application(client, user, page)
    assert application.status == Status.PAID
    assert application.amount == Decimal("5.00")  # 2 × 2.50 EUR
    assert application.kassenzeichen.startswith("KZ-")
    assert application.paid_at is not None
    assert any("Zahlung" in message.body for message in mail.outbox)

    staff = world.staff
    lifecycle.start_processing(application, staff)
    lifecycle.complete(application, staff, "Abholbereit.")
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    transitions = list(
        application.events.exclude(from_status="").values_list(
            "from_status", "to_status"
        )
    )
    assert [pair for pair in transitions if pair[0] != pair[1]] == [
        ("draft", "awaiting_payment"),
        ("awaiting_payment", "paid"),
        ("paid", "in_progress"),
        ("in_progress", "completed"),
    ]


def test_paying_an_already_paid_application_is_refused(client, world, dummy_provider):
    user = world.citizen
    application = paid_application(client, user, world.copies)
    response = pay(client, application)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.payments.count() == 1
    # A second "confirmed" for the same payment books nothing.
    payment = application.payments.get()
    payment.change_status(PaymentStatus.CONFIRMED)
    assert (
        ApplicationEvent.objects.filter(
            application=application,
            to_status=Status.PAID,
            from_status="awaiting_payment",
        ).count()
        == 1
    )


def test_a_second_click_reuses_the_open_payment(client, world, dummy_provider):
    user = world.citizen
    client.force_login(user)
    apply(client, world.copies, copies("1"))
    application = latest(user)
    submit(client, application)
    first = pay(client, application)
    second = pay(client, application)
    assert first["Location"] == second["Location"]
    assert application.payments.count() == 1


def test_failed_dummy_payment_leaves_the_application_waiting(
    client, world, dummy_provider
):
    user = world.citizen
    client.force_login(user)
    apply(client, world.copies, copies("1"))
    application = latest(user)
    submit(client, application)
    location = pay(client, application)["Location"]
    client.post(
        location,
        {
            "status": PaymentStatus.REJECTED,
            "fraud_status": "accept",
            "gateway_response": "3ds-disabled",
        },
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT
    # a new attempt gets a new payment
    pay(client, application)
    assert application.payments.count() == 2


def test_payment_with_a_different_amount_is_not_booked(world, client):
    user = world.citizen
    client.force_login(user)
    apply(client, world.copies, copies("2"))
    application = latest(user)
    submit(client, application)
    payment = Payment.objects.create(
        application=application, variant="dummy", total=Decimal("0.01"), currency="EUR"
    )
    payment.change_status(PaymentStatus.CONFIRMED)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT
    assert application.events.filter(note__contains="does not match").exists()


def test_receipt_pdf(client, world, dummy_provider, tmp_path):
    user = world.citizen
    application = paid_application(client, user, world.copies)
    response = client.get(reverse("services:receipt", args=[application.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert application.kassenzeichen in text
    assert application.reference in text
    assert "5,00 EUR" in text
    assert "Zahlungsbestätigung" in text
    # staff of the department may download it too, other citizens not
    client.force_login(world.staff)
    url = reverse("services:receipt", args=[application.reference])
    assert client.get(url).status_code == 200
    client.force_login(world.other_citizen)
    assert client.get(url).status_code == 404


def test_no_receipt_before_payment(client, world):
    user = world.citizen
    client.force_login(user)
    apply(client, world.copies, copies("1"))
    application = latest(user)
    url = reverse("services:receipt", args=[application.reference])
    assert client.get(url).status_code == 404


def test_rejecting_a_paid_application_records_a_refund(
    client, world, dummy_provider, django_capture_on_commit_callbacks
):
    user = world.citizen
    application = paid_application(client, user, world.copies, "3")
    staff = world.staff
    with pytest.raises(lifecycle.InvalidTransition):
        lifecycle.reject(application, staff, "   ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.reject(application, staff, "Dokument nicht beglaubigungsfähig.")
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    refund = Refund.objects.get(application=application)
    assert refund.amount == Decimal("7.50")  # 3 × 2.50 EUR
    assert refund.kassenzeichen == application.kassenzeichen
    assert refund.carried_out_at is None
    (message,) = mail.outbox
    assert "nicht beglaubigungsfähig" in message.body
    assert "erstattet" in message.body


@pytest.mark.parametrize(
    "start, target",
    [
        ("draft", Status.PAID),
        ("draft", Status.COMPLETED),
        ("awaiting_payment", Status.IN_PROGRESS),
        ("submitted", Status.COMPLETED),
        ("completed", Status.REJECTED),
        ("rejected", Status.IN_PROGRESS),
    ],
)
def test_invalid_transitions_are_refused(client, world, start, target):
    user = world.citizen
    client.force_login(user)
    page = world.dog if start == "submitted" else world.copies
    data = (
        {"name_des_hundes": "Rex", "rasse": "Mops", "haltung_seit": "2026-01-01"}
        if start == "submitted"
        else copies("1")
    )
    apply(client, page, data)
    application = latest(user)
    if start != "draft":
        application = lifecycle.submit(application, user)
    if start in {"completed", "rejected"}:
        application.status = start
        application.save()
    events = application.events.count()
    with pytest.raises(lifecycle.InvalidTransition):
        lifecycle.transition(application, target, user)
    application.refresh_from_db()
    assert application.status == start
    assert application.events.count() == events
