"""'My data' export and account deletion."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from guardian.models import UserObjectPermission
from wagtail import hooks

from accounts.models import IdentityVerification, RoleKind, UserRole
from accounts.permissions import grant_owner
from accounts.privacy import account_deleting
from tests import factories

pytestmark = pytest.mark.django_db


def test_export_contains_all_user_data(client):
    user = factories.user_with_role(
        RoleKind.ACTOR,
        organisation="Hofladen Banzkow",
        username="unternehmen",
        email="unternehmen@example.org",
    )
    grant_owner(factories.MunicipalityFactory(name="Plate"), user)

    def my_entries(export_user):
        return ("business_entries", [{"title": f"Hofladen of {export_user.username}"}])

    client.force_login(user)
    assert client.get("/konto/data/").status_code == 200
    with hooks.register_temporarily("portal_user_data", my_entries):
        response = client.post("/konto/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["username"] == "unternehmen"
    assert data["account"]["email"] == "unternehmen@example.org"
    assert data["email_addresses"] == [
        {"email": "unternehmen@example.org", "verified": True, "primary": True}
    ]
    assert data["roles"][0]["role"] == RoleKind.ACTOR
    assert data["roles"][0]["organisation"] == "Hofladen Banzkow"
    assert {
        p["permission"]
        for p in data["object_permissions"]
        if p["permission"].endswith("_municipality")
    } == {
        "view_municipality",
        "change_municipality",
        "delete_municipality",
    }
    assert data["business_entries"] == [{"title": "Hofladen of unternehmen"}]
    assert data["identity_verification"] is None


def test_export_of_verified_citizen(client):
    client.force_login(factories.verified_citizen())
    data = json.loads(client.post("/konto/data/").content)
    assert data["identity_verification"]["level"] == "substantial"
    assert data["identity_verification"]["method"] == "dev-simulation"


def test_export_needs_login(client):
    response = client.post("/konto/data/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/konto/login/?next=/konto/data/",
    )


def test_delete_account(client):
    user = factories.verified_citizen(username="buerger-verifiziert")
    grant_owner(factories.MunicipalityFactory(), user)
    pk = user.pk
    received = []

    def receiver(sender, user, pseudonym, **kwargs):
        received.append((user.username, pseudonym))

    account_deleting.connect(receiver)
    try:
        client.force_login(user)
        wrong = client.post("/konto/delete/", {"password": "falsch"})
        assert wrong.status_code == 200
        assert "Das Passwort ist nicht richtig." in wrong.content.decode()
        assert get_user_model().objects.filter(pk=pk).exists()

        response = client.post("/konto/delete/", {"password": factories.PASSWORD})
    finally:
        account_deleting.disconnect(receiver)
    assert response.status_code == 302
    assert received == [("buerger-verifiziert", "gelöschtes Konto")]
    assert not get_user_model().objects.filter(pk=pk).exists()
    assert not IdentityVerification.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(user_id=pk).exists()
    assert not UserObjectPermission.objects.filter(user_id=pk).exists()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_themselves_here(client):
    client.force_login(factories.StaffFactory(username="redaktion"))
    assert (
        client.post("/konto/delete/", {"password": factories.PASSWORD}).status_code
        == 403
    )
    assert get_user_model().objects.filter(username="redaktion").exists()


def test_delete_page_explains_what_happens(client):
    client.force_login(factories.UserFactory(username="buerger"))
    html = client.get("/konto/delete/").content.decode()
    assert "bleiben sichtbar, aber ohne Ihren Namen" in html
    assert UserRole.objects.filter(user__username="buerger").count() == 0
