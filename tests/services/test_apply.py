"""Applying: identity gating, the form, uploads, the fee computed on the server."""

from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.models import Application, ApplicationEvent, Status
from tests import factories

from .factories import (
    application,
    bonfire_service,
    certificate_service,
    department_staff,
    dog_service,
    service_page,
)
from .helpers import PDF, apply, copies, latest, submit

pytestmark = pytest.mark.django_db


def build_world():
    """Certified copies at 2.50 EUR each (Bürgerbüro), a bonfire notification
    with a required site plan (Ordnungsamt), a free dog registration (Kämmerei),
    a certificate for verified identities; citizens and a Kämmerei member."""
    return SimpleNamespace(
        copies=service_page(title="Amtliche Beglaubigung von Kopien"),
        bonfire=bonfire_service(),
        dog=dog_service(),
        certificate=certificate_service(),
        citizen=factories.UserFactory(),
        verified=factories.verified_citizen(),
        kaemmerei=department_staff("Ordnungsamt", "Kämmerei"),
    )


world = factories.module_data(build_world)


@pytest.fixture
def citizen(client, world):
    client.force_login(world.citizen)
    return world.citizen


def test_anonymous_visitor_is_sent_to_the_login(client, world):
    url = reverse("services:apply", args=[world.copies.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(url).url


def test_verified_identity_is_required_where_the_service_says_so(
    client, world, citizen
):
    page = world.certificate
    url = reverse("services:apply", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 302
    step_up = "/konto/identity/?" + urlencode({"level": "substantial", "next": url})
    assert response["Location"] == step_up
    # a POST is refused the same way and stores nothing
    response = apply(client, page, {"verwendungszweck": "x"})
    assert response.status_code == 302
    assert response["Location"] == step_up
    assert not Application.objects.filter(applicant=citizen, service=page)


def test_verified_citizen_gets_the_form(client, world):
    client.force_login(world.verified)
    response = client.get(reverse("services:apply", args=[world.certificate.pk]))
    assert response.status_code == 200
    assert "Verwendungszweck" in response.content.decode()


def test_fee_is_computed_on_the_server_and_tampering_is_ignored(client, world, citizen):
    user = citizen
    page = world.copies
    other = world.dog
    data = copies("3") | {
        "amount": "0.01",
        "total": "0.01",
        "service": str(other.pk),
        "page_id": str(other.pk),
    }
    response = apply(client, page, data)
    application = latest(user)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.status == Status.DRAFT
    assert application.service_id == page.pk
    assert application.amount == Decimal("7.50")  # 3 × 2.50 EUR
    assert application.quantity == 3
    assert application.department.name == "Bürgerbüro"
    assert {"name": "dokument", "label": "Dokument", "value": "Zeugnis"} in (
        application.answers
    )


@pytest.mark.parametrize("quantity", ["0", "2.5", "100", "-1", "abc"])
def test_bad_quantity_is_refused_with_a_message(client, world, citizen, quantity):
    before = Application.objects.count()
    response = apply(client, world.copies, copies(quantity))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Application.objects.count() == before


def osterfeuer(upload):
    return {
        "ort_des_feuers": "Festwiese",
        "datum": "2027-04-17",
        "verantwortliche_person": "Bernd Bürger",
        "telefon": "0385 1",
        "lageplan": upload,
    }


def test_upload_is_stored_privately_and_only_the_applicant_gets_it(
    client, world, citizen, settings
):
    user = citizen
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    apply(client, world.bonfire, osterfeuer(upload))
    application = latest(user)
    stored = application.files.get()
    assert stored.original_name == "plan.pdf"
    assert stored.file.path.startswith(str(settings.SERVICES_PRIVATE_ROOT))
    assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))
    url = reverse("services:file", args=[application.reference, stored.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.verified)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.exe", b"MZ\x90\x00", "PDF-, JPEG- oder PNG-Datei"),
        ("plan.pdf", b"MZ\x90\x00not a pdf", "passt nicht"),
        ("plan.png", PDF, "passt nicht"),
    ],
)
def test_uploads_are_checked_by_type_and_content(
    client, world, citizen, name, content, message
):
    before = Application.objects.count()
    upload = SimpleUploadedFile(name, content)
    response = apply(client, world.bonfire, osterfeuer(upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Application.objects.count() == before


def test_uploads_are_checked_by_size(client, world, citizen, settings):
    settings.SERVICES_MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    upload = SimpleUploadedFile("plan.pdf", big)
    response = apply(client, world.bonfire, osterfeuer(upload))
    assert response.status_code == 200
    assert "zu groß" in response.content.decode()
    assert not Application.objects.filter(applicant=citizen).exists()


def test_missing_required_upload_is_refused(client, world, citizen):
    data = osterfeuer(None)
    del data["lageplan"]
    response = apply(client, world.bonfire, data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Application.objects.filter(applicant=citizen).exists()


def test_free_service_is_submitted_without_payment_and_mails_go_out(
    client, world, citizen, django_capture_on_commit_callbacks
):
    user = citizen
    apply(
        client,
        world.dog,
        {"name_des_hundes": "Rex", "rasse": "Mischling", "haltung_seit": "2026-11-01"},
    )
    application = latest(user)
    assert application.amount == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, application)
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    recipients = [message.to for message in mail.outbox]
    assert [user.email] in recipients
    assert [world.kaemmerei.email] in recipients  # the Kämmerei's member
    assert application.reference in mail.outbox[0].subject
    # submitting twice is refused, nothing changes
    response = submit(client, application)
    assert (
        ApplicationEvent.objects.filter(
            application=application, to_status=Status.SUBMITTED
        ).count()
        == 1
    )


def test_draft_can_be_deleted_but_not_a_submitted_application(client, world, citizen):
    user = citizen
    apply(client, world.copies, copies("1"))
    application = latest(user)
    delete = reverse("services:delete", args=[application.reference])
    submit(client, application)
    client.post(delete)
    assert Application.objects.filter(pk=application.pk).exists()
    apply(client, world.copies, copies("1"))
    draft = latest(user)
    client.post(reverse("services:delete", args=[draft.reference]))
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_my_applications_and_account_section(client, world, citizen):
    mine = application(citizen, world.copies)
    others = application(world.verified, world.bonfire)
    response = client.get(reverse("services:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amtliche Beglaubigung von Kopien" in html
    assert mine.reference in html
    assert others.reference not in html
    response = client.get("/konto/")
    assert "Meine Anträge" in response.content.decode()
