"""Registration with e-mail confirmation, login, logout and password reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.identity import get_identity_level
from accounts.models import IdentityLevel
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/signup/"
LOGIN = "/konto/login/"


def _link(message):
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_urls_are_translated():
    with translation.override("de"):
        assert reverse("account_login") == "/konto/login/"
        assert reverse("accounts:home") == "/konto/"
    with translation.override("en"):
        assert reverse("account_login") == "/en/account/login/"
        assert reverse("accounts:home") == "/en/account/"


def test_account_area_needs_login(client):
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/konto/")


def test_register_confirm_login(client, django_user_model):
    response = client.post(
        SIGNUP,
        {
            "email": "neu@example.org",
            "username": "neu",
            "password1": "Seeufer-Banzkow-2026",
            "password2": "Seeufer-Banzkow-2026",
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(username="neu")
    assert get_identity_level(user) == IdentityLevel.NONE
    assert len(mail.outbox) == 1
    confirm_url = _link(mail.outbox[0])
    assert confirm_url.startswith("/konto/confirm-email/")

    # Not confirmed yet: login is refused (verification mail is resent).
    response = client.post(LOGIN, {"login": "neu", "password": "Seeufer-Banzkow-2026"})
    assert "_auth_user_id" not in client.session

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"kern-btn" in page.content
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    assert get_identity_level(user) == IdentityLevel.EMAIL

    # Log in with the e-mail address instead of the user name.
    response = client.post(
        LOGIN, {"login": "neu@example.org", "password": "Seeufer-Banzkow-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/konto/").status_code == 200

    client.post("/konto/logout/")
    assert "_auth_user_id" not in client.session


def test_signup_errors_are_summarised_and_linked(client):
    response = client.post(
        SIGNUP,
        {"email": "kein-mail", "username": "", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'href="#id_username"' in html
    assert 'aria-invalid="true"' in html
    assert "Es gibt ein Problem" in html


def test_login_page_in_english(client):
    response = client.get("/en/account/login/")
    assert response.status_code == 200
    assert b'lang="en"' in response.content
    assert b"Sign In" in response.content


def test_password_reset(client):
    user = factories.UserFactory()
    response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0])
    response = client.get(reset_url)
    # allauth stores the key in the session and redirects to a key-less URL.
    if response.status_code == 302:
        reset_url = response["Location"]
        response = client.get(reset_url)
    assert response.status_code == 200
    response = client.post(
        reset_url,
        {
            "password1": "Neues-Passwort-Lewitz-7",
            "password2": "Neues-Passwort-Lewitz-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Neues-Passwort-Lewitz-7")
    response = client.post(
        LOGIN, {"login": user.username, "password": "Neues-Passwort-Lewitz-7"}
    )
    assert int(client.session["_auth_user_id"]) == user.pk
