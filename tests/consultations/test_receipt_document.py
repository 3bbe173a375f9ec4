"""Consultation receipts as signed official documents (#26), without the demo."""

import io
from datetime import timedelta

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from consultations.models import Response
from consultations.receipt import KIND
from documents import signing
from documents.issuing import documents_for
from documents.models import Status

from . import factories
from .helpers import Q_CHOICE, Q_TEXT, make_user

pytestmark = pytest.mark.django_db


def respond(page, user, text="Mehr Bäume bitte."):
    return Response.objects.create(
        consultation=page,
        user=user,
        language="de",
        answers={Q_CHOICE: "1", Q_TEXT: text},
    )


def pdf_url(page, response):
    return f"{page.url}receipt/{response.receipt}/pdf/"


def test_the_respondent_downloads_a_signed_receipt_that_verifies(client):
    page = factories.consultation(title="Radweg Crivitz")
    user = make_user("antwortende")
    response = respond(page, user)
    client.force_login(user)
    assert (
        f'href="{pdf_url(page, response)}"'
        in client.get(f"{page.url}receipt/{response.receipt}/").content.decode()
    )
    download = client.get(pdf_url(page, response))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    data = download.content
    (document,) = documents_for(response, KIND)
    assert document.read() == data
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=signing.trust_roots())
    )
    assert status.intact and status.valid and status.trusted
    # the verification page knows it by code, without the answers
    check = client.get("/pruefen/", {"code": document.code}).content.decode()
    assert "Eingangsbestätigung" in check
    assert "Mehr Bäume bitte." not in check
    assert "antwortende" not in check


def test_the_same_receipt_until_the_response_changes(client):
    page = factories.consultation()
    user = make_user("aendernde")
    response = respond(page, user)
    client.force_login(user)
    first = client.get(pdf_url(page, response)).content
    assert client.get(pdf_url(page, response)).content == first
    (old,) = documents_for(response, KIND)
    Response.objects.filter(pk=response.pk).update(
        answers={Q_CHOICE: "2", Q_TEXT: "Anders."},
        updated_at=old.issued_at + timedelta(minutes=5),
    )
    second = client.get(pdf_url(page, response)).content
    assert second != first
    new, old = documents_for(response, KIND)
    assert old.status == Status.SUPERSEDED
    assert new.status == Status.VALID and new.supersedes == old


def test_only_the_respondent_gets_the_receipt(client):
    page = factories.consultation()
    response = respond(page, make_user("eigentuemerin"))
    url = pdf_url(page, response)
    client.force_login(make_user("neugierig"))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert not documents_for(response, KIND).exists()
