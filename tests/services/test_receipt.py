"""The receipt is an official document: letterhead, fee basis, payment method,
signed, verifiable at /pruefen/, issued by the worker when the payment is booked."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from payments import PaymentStatus
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import signing
from documents.issuing import current_document
from documents.models import IssuedDocument
from portal.models import PortalSettings
from services import lifecycle
from services.models import Application, Payment, Status
from services.receipt import KIND
from tests import factories
from tests.files import pdf_text

from .factories import service_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def letterhead(site):
    values = PortalSettings.for_site(site)
    values.authority_name = "Amt Crivitz"
    values.street = "Amtsstraße 1"
    values.postal_code = "19089"
    values.city = "Crivitz"
    values.save()
    return values


def awaiting_payment(user):
    page = service_page(fees_text="<p>Gebührensatzung des Amtes, § 3 Nr. 2</p>")
    application = Application.objects.create(
        service=page,
        service_title=page.title,
        department=page.department,
        applicant=user,
        status=Status.AWAITING_PAYMENT,
        amount=Decimal("5.00"),
        quantity=2,
        language="de",
    )
    payment = Payment.objects.create(
        application=application,
        variant="dummy",
        currency="EUR",
        total=Decimal("5.00"),
        status=PaymentStatus.CONFIRMED,
    )
    return application, payment


def test_paying_issues_a_signed_receipt_in_the_background(
    client, letterhead, django_capture_on_commit_callbacks, tmp_path
):
    user = factories.UserFactory(first_name="Erika", last_name="Mustermann")
    application, payment = awaiting_payment(user)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.payment_confirmed(payment)
    application.refresh_from_db()
    document = current_document(application, KIND)
    assert document is not None  # issued by the task, before any download

    client.force_login(user)
    response = client.get(reverse("services:receipt", args=[application.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == document.read()
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1

    text = pdf_text(response.content, tmp_path)
    for expected in [
        "Amt Crivitz",
        "Amtsstraße 1",
        "19089 Crivitz",
        "Bürgerbüro",
        "Zahlungsbestätigung",
        "Erika Mustermann",
        application.reference,
        application.kassenzeichen,
        "5,00 EUR",
        "2 × 2,50 EUR je Einheit",
        "Testzahlung",
        "Gebührensatzung des Amtes, § 3 Nr. 2",
        document.display_code,
    ]:
        assert expected in text, expected

    reader = PdfFileReader(io.BytesIO(response.content))
    status = validate_pdf_signature(
        reader.embedded_signatures[0],
        ValidationContext(trust_roots=signing.trust_roots()),
    )
    assert status.bottom_line
    assert document.issuing_office == "Amt Crivitz – Bürgerbüro"

    # Anyone can check it; the page shows no personal data.
    client.logout()
    body = client.get("/pruefen/", {"code": document.display_code}).content.decode()
    assert "Zahlungsbestätigung" in body
    assert "Mustermann" not in body
    assert application.reference not in body
    assert application.kassenzeichen not in body


def test_no_receipt_for_others_or_before_payment(client, letterhead):
    user = factories.UserFactory()
    application, _payment = awaiting_payment(user)
    url = reverse("services:receipt", args=[application.reference])
    client.force_login(user)
    assert client.get(url).status_code == 404
    assert not IssuedDocument.objects.exists()
    lifecycle.payment_confirmed(_payment)
    client.force_login(factories.UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 200
