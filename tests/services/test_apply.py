"""Applying: identity gating, the form, uploads, the fee computed on the server."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services.models import Application, ApplicationEvent, Status

from .helpers import PDF, apply, copies, latest, submit

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_anonymous_visitor_is_sent_to_the_login(client, service):
    response = client.get(reverse("services:apply", args=[service("beglaubigung").pk]))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_verified_identity_is_required_where_the_service_says_so(
    client, service, demo_user
):
    client.force_login(demo_user("buerger"))
    page = service("meldebescheinigung")
    response = client.get(reverse("services:apply", args=[page.pk]))
    assert response.status_code == 302
    assert "/konto/identity/?level=substantial" in response["Location"]
    # a POST is refused the same way and stores nothing
    response = apply(client, page, {"verwendungszweck": "x"})
    assert response.status_code == 302
    assert not Application.objects.filter(applicant=demo_user("buerger"), service=page)


def test_verified_citizen_gets_the_form(client, service, demo_user):
    client.force_login(demo_user("buerger-verifiziert"))
    response = client.get(
        reverse("services:apply", args=[service("meldebescheinigung").pk])
    )
    assert response.status_code == 200
    assert "Verwendungszweck" in response.content.decode()


def test_fee_is_computed_on_the_server_and_tampering_is_ignored(
    client, service, demo_user
):
    user = demo_user("buerger")
    client.force_login(user)
    page = service("beglaubigung")
    other = service("hund-anmelden")
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
    assert application.amount == Decimal("9.00")
    assert application.quantity == 3
    assert application.department.name == "Bürgerbüro"
    assert {"name": "dokument", "label": "Dokument", "value": "Zeugnis"} in (
        application.answers
    )


@pytest.mark.parametrize("quantity", ["0", "2.5", "100", "-1", "abc"])
def test_bad_quantity_is_refused_with_a_message(client, service, demo_user, quantity):
    user = demo_user("buerger")
    client.force_login(user)
    before = Application.objects.count()
    response = apply(client, service("beglaubigung"), copies(quantity))
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
    client, service, demo_user, settings
):
    user = demo_user("buerger")
    client.force_login(user)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    apply(client, service("osterfeuer-anzeigen"), osterfeuer(upload))
    application = latest(user)
    stored = application.files.get()
    assert stored.original_name == "plan.pdf"
    assert stored.file.path.startswith(str(settings.SERVICES_PRIVATE_ROOT))
    assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))
    url = reverse("services:file", args=[application.reference, stored.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(demo_user("unternehmen"))
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
    client, service, demo_user, name, content, message
):
    user = demo_user("buerger")
    client.force_login(user)
    before = Application.objects.count()
    upload = SimpleUploadedFile(name, content)
    response = apply(client, service("osterfeuer-anzeigen"), osterfeuer(upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Application.objects.count() == before


def test_uploads_are_checked_by_size(client, service, demo_user, settings):
    settings.SERVICES_MAX_UPLOAD_MB = 1
    client.force_login(demo_user("buerger"))
    big = PDF + b"0" * (1024 * 1024)
    upload = SimpleUploadedFile("plan.pdf", big)
    response = apply(client, service("osterfeuer-anzeigen"), osterfeuer(upload))
    assert response.status_code == 200
    assert "zu groß" in response.content.decode()


def test_missing_required_upload_is_refused(client, service, demo_user):
    client.force_login(demo_user("buerger"))
    data = osterfeuer(None)
    del data["lageplan"]
    response = apply(client, service("osterfeuer-anzeigen"), data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_free_service_is_submitted_without_payment_and_mails_go_out(
    client, service, demo_user, django_capture_on_commit_callbacks
):
    user = demo_user("buerger")
    client.force_login(user)
    apply(
        client,
        service("hund-anmelden"),
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
    assert ["ordnungsamt@example.org"] in recipients  # the Kämmerei's member
    assert application.reference in mail.outbox[0].subject
    # submitting twice is refused, nothing changes
    response = submit(client, application)
    assert (
        ApplicationEvent.objects.filter(
            application=application, to_status=Status.SUBMITTED
        ).count()
        == 1
    )


def test_draft_can_be_deleted_but_not_a_submitted_application(
    client, service, demo_user
):
    user = demo_user("buerger")
    client.force_login(user)
    apply(client, service("beglaubigung"), copies("1"))
    application = latest(user)
    delete = reverse("services:delete", args=[application.reference])
    submit(client, application)
    client.post(delete)
    assert Application.objects.filter(pk=application.pk).exists()
    apply(client, service("beglaubigung"), copies("1"))
    draft = latest(user)
    client.post(reverse("services:delete", args=[draft.reference]))
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_my_applications_and_account_section(client, demo_user):
    client.force_login(demo_user("buerger"))
    response = client.get(reverse("services:mine"))
    assert response.status_code == 200
    assert "Amtliche Beglaubigung von Kopien" in response.content.decode()
    response = client.get("/konto/")
    assert "Meine Anträge" in response.content.decode()
