"""Finding 4 of issue #19: staff two-factor guarded only ``/admin/``.

With ``STAFF_2FA_REQUIRED`` a staff member signed in with the password alone
downloaded applicants' files and receipts through the front-end views. Now every
front-end view that staff reach through their staff rights asks for the code
first (``accounts.middleware.second_factor_redirect``, the admin's own rule).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from services.models import Application, ApplicationFile, Status
from tests.factories import UserFactory, module_data
from tests.files import pdf_bytes
from tests.services.factories import service_page

from .staff import (
    login_password_only,
    login_with_second_factor,
    second_factor_step,
    staff_with,
)

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a real PDF: uploads are parsed (issue #19)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def build_application():
    """A paid application with an uploaded PDF, once for the module
    (``module_data``: each test's changes are rolled back)."""
    page = service_page()
    department = Group.objects.get(name="Bürgerbüro")
    application = Application.objects.create(
        service=page,
        service_title=page.title,
        department=department,
        applicant=UserFactory(),
        status=Status.PAID,
        amount=Decimal("5.00"),
        submitted_at=timezone.now() - dt.timedelta(hours=1),
        paid_at=timezone.now(),
        kassenzeichen="K-1",
    )
    upload = ApplicationFile(
        application=application,
        field_name="plan",
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    upload.file.save("plan.pdf", ContentFile(PDF))
    return application.pk


application_pk = module_data(build_application)


@pytest.fixture
def application(application_pk):
    return Application.objects.get(pk=application_pk)


@pytest.fixture
def clerk():
    return staff_with("services.process_application", groups=["Bürgerbüro"])


def urls(application):
    ref = application.reference
    return [
        reverse("services:file", args=[ref, application.files.get().pk]),
        reverse("services:receipt", args=[ref]),
    ]


@override_settings(STAFF_2FA_REQUIRED=True)
def test_password_only_staff_are_sent_to_the_code(client, application, clerk):
    login_password_only(client, clerk)
    for url in urls(application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == second_factor_step(url)


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_without_a_device_are_sent_to_the_setup(client, application, clerk):
    client.force_login(clerk)
    url = urls(application)[0]
    response = client.get(url)
    assert response["Location"] == (
        second_factor_step(url).replace("/verify/", "/setup/")
    )


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_with_the_code_get_the_file_and_receipt(client, application, clerk):
    login_with_second_factor(client, clerk)
    file_url, receipt_url = urls(application)
    response = client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    response = client.get(receipt_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@override_settings(STAFF_2FA_REQUIRED=True)
def test_code_page_returns_to_the_front_end_view(client, application, clerk):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    login_password_only(client, clerk)
    url = urls(application)[0]
    device = TOTPDevice.objects.get(user=clerk)
    response = client.post(
        second_factor_step(url), {"token": f"{totp(device.bin_key):06d}", "next": url}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).status_code == 200


@override_settings(STAFF_2FA_REQUIRED=True)
def test_applicant_is_not_asked_for_a_code(client, application):
    client.force_login(application.applicant)
    for url in urls(application):
        assert client.get(url).status_code == 200, url


@override_settings(STAFF_2FA_REQUIRED=False)
def test_without_the_setting_the_password_is_enough(client, application, clerk):
    login_password_only(client, clerk)
    for url in urls(application):
        assert client.get(url).status_code == 200, url


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_of_another_department_still_get_404(client, application):
    other = staff_with("services.process_application", groups=["Bauamt"])
    login_with_second_factor(client, other)
    for url in urls(application):
        assert client.get(url).status_code == 404, url


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_editing_a_directory_entry_in_the_front_end(client, home):
    from business.models import BusinessDirectoryPage, BusinessEntryPage
    from tests.factories import add_page

    directory = add_page(home, BusinessDirectoryPage, title="Verzeichnis")
    entry = add_page(directory, BusinessEntryPage, title="Bäckerei")
    url = reverse("business:entry_edit", args=[entry.pk])
    editor = staff_with()
    login_password_only(client, editor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == second_factor_step(url)
    # with the code: the page permissions decide (none here)
    login_with_second_factor(client, editor)
    assert client.get(url).status_code == 403
