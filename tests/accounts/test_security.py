"""Login throttling (django-axes) and TOTP for staff in the Wagtail admin."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return factories.UserFactory(username="buerger", email="buerger@example.org")


@pytest.fixture
def admin():
    return factories.StaffFactory(username="admin", is_superuser=True)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_portal_login_locks_out_after_failures(client, citizen):
    for _attempt in range(3):
        response = client.post("/konto/login/", {"login": "buerger", "password": "x"})
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post(
        "/konto/login/", {"login": "buerger", "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same account by e-mail address counts as the same login.
    response = client.post(
        "/konto/login/",
        {"login": "buerger@example.org", "password": factories.PASSWORD},
    )
    assert response.status_code == 429


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_fewer_failures_do_not_lock(client, citizen):
    for _attempt in range(2):
        client.post("/konto/login/", {"login": "buerger", "password": "x"})
    response = client.post(
        "/konto/login/", {"login": "buerger", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_admin_login_locks_out_too(client):
    factories.StaffFactory(username="redaktion", groups=["Redaktion"])
    url = reverse("wagtailadmin_login")
    for _attempt in range(3):
        response = client.post(url, {"username": "redaktion", "password": "x"})
    assert response.status_code == 429
    response = client.post(
        url, {"username": "redaktion", "password": factories.PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_must_set_up_and_use_totp(client, admin):
    staff = admin
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/setup/?next=")

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    assert "data:image/svg+xml" in setup.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "Der Code ist nicht richtig" in wrong.content.decode()

    # django-otp throttles after a wrong code; the next try would wait a second.
    device.refresh_from_db()
    device.throttle_reset()
    token = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/admin/2fa/setup/", {"token": token, "next": "/admin/pages/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200

    # A new session needs the code again.
    client.logout()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")


@override_settings(STAFF_2FA_REQUIRED=True)
def test_citizens_are_not_asked_for_totp(client, citizen):
    client.force_login(citizen)
    assert client.get("/konto/").status_code == 200


def test_2fa_off_in_development(client, admin):
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
