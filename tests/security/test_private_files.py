"""Finding 6 of issue #19 and the private files of finding 7.

Consultation attachments were public media (``/media/consultations/attachments/
<uuid>.pdf`` answered 200 to anyone), replaced attachments stayed on disk and
staff had no view to read them. Now consultation attachments and applicants'
files live in the private storage (``portal.storage.private_storage``, outside
``MEDIA_ROOT``) and are served only by permission-checked views; a deleted or
replaced file is deleted from the storage.

The permission matrix: anonymous visitor, another citizen, staff without the
second factor, staff without the permission, the owner and authorised staff.
"""

import datetime as dt
import os
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.privacy import delete_account
from consultations import services as consultation_services
from consultations.models import Attachment, ConsultationPage, Response
from consultations.questionnaire import ResponseForm, questions_of
from consultations.retention import pseudonymise
from services.models import Application, ApplicationFile, ServicePage, Status
from tests import factories
from tests.consultations.factories import consultation
from tests.consultations.helpers import Q_FILE, valid_answers
from tests.factories import UserFactory
from tests.files import pdf_bytes
from tests.services.factories import service_page

from .staff import (
    login_password_only,
    login_with_second_factor,
    second_factor_step,
    staff_with,
)


def build_world():
    """The consultation and the service the files belong to, built once for the
    module (primary keys); the files themselves are made per test, since tests
    delete them from the storage."""
    return SimpleNamespace(consultation=consultation().pk, service=service_page().pk)


world = factories.module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

PDF = pdf_bytes()  # a real PDF: uploads are parsed (issue #19)
LOGIN = "/konto/login/"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def answer_with_file(page, user, name="plan.pdf", response=None):
    form = ResponseForm(
        questions_of(page),
        valid_answers(),
        {f"q-{Q_FILE}": SimpleUploadedFile(name, PDF, "application/pdf")},
    )
    assert form.is_valid(), form.errors
    return consultation_services.save_response(page, user, form, response=response)


@pytest.fixture
def attachment(site, world):
    page = ConsultationPage.objects.get(pk=world.consultation)
    response = answer_with_file(page, UserFactory())
    return response.attachments.get()


@pytest.fixture
def application_file(site, world):
    page = ServicePage.objects.get(pk=world.service)
    application = Application.objects.create(
        service=page,
        service_title=page.title,
        department=Group.objects.get(name="Bürgerbüro"),
        applicant=UserFactory(),
        status=Status.PAID,
        amount=Decimal("5.00"),
        submitted_at=timezone.now() - dt.timedelta(hours=1),
        paid_at=timezone.now(),
    )
    upload = ApplicationFile(
        application=application,
        field_name="plan",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    upload.file.save("plan.pdf", ContentFile(PDF))
    return upload


def in_private_storage(field_file):
    path = field_file.path
    assert path.startswith(os.path.realpath(settings.SERVICES_PRIVATE_ROOT) + os.sep)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    return os.path.exists(path)


def body(response):
    return b"".join(response.streaming_content)


# --- where the files are ---------------------------------------------------------


def test_files_are_in_the_private_storage(attachment, application_file, client):
    assert in_private_storage(attachment.file)
    assert in_private_storage(application_file.file)
    # the old public address answers nothing
    for name in (attachment.file.name, application_file.file.name):
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404


# --- consultation attachments: the owner's view ----------------------------------


def owner_url(attachment):
    return reverse("consultations:attachment", args=[attachment.pk])


def staff_url(attachment):
    return reverse("consultations_admin:attachment", args=[attachment.pk])


def test_attachment_anonymous(client, attachment):
    for url in (owner_url(attachment), staff_url(attachment)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(
            LOGIN if url == owner_url(attachment) else reverse("wagtailadmin_login")
        )


def test_attachment_other_citizen(client, attachment):
    client.force_login(UserFactory())
    assert client.get(owner_url(attachment)).status_code == 404
    response = client.get(staff_url(attachment))
    assert response.status_code == 302  # no admin access: the admin's login
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_attachment_owner(client, attachment):
    client.force_login(attachment.response.user)
    response = client.get(owner_url(attachment))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


@override_settings(STAFF_2FA_REQUIRED=True)
def test_attachment_staff_without_second_factor(client, attachment):
    staff = staff_with("consultations.export_response")
    login_password_only(client, staff)
    url = staff_url(attachment)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == second_factor_step(url)
    # the owner's view is no back door
    assert client.get(owner_url(attachment)).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_attachment_staff_without_permission(client, attachment):
    login_with_second_factor(client, staff_with())
    assert client.get(staff_url(attachment)).status_code == 302  # admin: refused
    assert client.get(staff_url(attachment))["Location"] == reverse("wagtailadmin_home")


@override_settings(STAFF_2FA_REQUIRED=True)
def test_attachment_authorised_staff(client, attachment):
    login_with_second_factor(client, staff_with("consultations.export_response"))
    listing = client.get(
        reverse(
            "consultations_admin:attachments",
            args=[attachment.response.consultation_id],
        )
    )
    assert listing.status_code == 200
    assert staff_url(attachment) in listing.content.decode()
    response = client.get(staff_url(attachment))
    assert response.status_code == 200
    assert body(response) == PDF


# --- applicants' files -------------------------------------------------------------


def file_url(upload):
    return reverse("services:file", args=[upload.application.reference, upload.pk])


def test_application_file_anonymous(client, application_file):
    response = client.get(file_url(application_file))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_application_file_other_citizen(client, application_file):
    client.force_login(UserFactory())
    assert client.get(file_url(application_file)).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_application_file_staff_without_second_factor(client, application_file):
    login_password_only(
        client, staff_with("services.process_application", groups=["Bürgerbüro"])
    )
    url = file_url(application_file)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == second_factor_step(url)


@override_settings(STAFF_2FA_REQUIRED=True)
def test_application_file_staff_of_another_department(client, application_file):
    login_with_second_factor(
        client, staff_with("services.process_application", groups=["Bauamt"])
    )
    assert client.get(file_url(application_file)).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_application_file_owner_and_authorised_staff(client, application_file):
    client.force_login(application_file.application.applicant)
    assert body(client.get(file_url(application_file))) == PDF
    login_with_second_factor(
        client, staff_with("services.process_application", groups=["Bürgerbüro"])
    )
    assert body(client.get(file_url(application_file))) == PDF


# --- no orphans ----------------------------------------------------------------------


def test_replaced_attachment_is_deleted(attachment, django_capture_on_commit_callbacks):
    old_path = attachment.file.path
    response = attachment.response
    with django_capture_on_commit_callbacks(execute=True):
        answer_with_file(
            response.consultation, response.user, name="neu.pdf", response=response
        )
    new = response.attachments.get()
    assert new.original_name == "neu.pdf"
    assert in_private_storage(new.file)
    assert not os.path.exists(old_path)


def test_retention_deletes_the_attachments(
    attachment, django_capture_on_commit_callbacks
):
    path = attachment.file.path
    page = attachment.response.consultation
    with django_capture_on_commit_callbacks(execute=True):
        pseudonymise(page)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not os.path.exists(path)


def test_account_deletion_deletes_the_application_files(
    application_file, django_capture_on_commit_callbacks
):
    path = application_file.file.path
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(application_file.application.applicant)
    assert not ApplicationFile.objects.filter(pk=application_file.pk).exists()
    assert not os.path.exists(path)


def test_a_rolled_back_deletion_keeps_the_file(attachment):
    from django.db import transaction

    path = attachment.file.path
    with pytest.raises(RuntimeError), transaction.atomic():
        Response.objects.filter(pk=attachment.response_id).delete()
        raise RuntimeError
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert os.path.exists(path)


# --- outside users' logos before approval --------------------------------------------


def test_logo_before_approval_has_no_guessable_name(home):
    """A logo uploaded with a change waiting for approval is kept (in the private
    storage, tests/security/test_pending_logos.py) under a name not derived from
    the uploader's file name."""
    from business.forms import EntryForm
    from business.models import BusinessDirectoryPage, BusinessEntryPage
    from tests.factories import add_page, image_file

    directory = add_page(home, BusinessDirectoryPage, title="Verzeichnis")
    entry = add_page(directory, BusinessEntryPage, title="Bäckerei")
    form = EntryForm(instance=entry)
    form.cleaned_data = {
        "tag_list": [],
        "logo_upload": SimpleUploadedFile(
            "baeckerei-logo.png", image_file(fmt="PNG").read(), "image/png"
        ),
    }
    page = form.save()
    assert page.logo_id is None  # not on the page before approval
    name = form.logo_to_keep().name
    assert "baeckerei" not in name
    assert name.startswith("logo-") and name.endswith(".png")
