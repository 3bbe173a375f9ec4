"""Claims: a representative asks to manage an entry; staff confirm or refuse."""

import random

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core import mail
from django.urls import reverse

from accounts.permissions import user_is_owner
from bench.scale.business import load_scale
from business.models import BusinessEntryPage, ClaimStatus, EntryClaim
from business.services import decide_claim
from portal.demo import Demo
from tests import factories

from .factories import directory, entry

pytestmark = pytest.mark.django_db


def claim_url(page):
    return reverse("business:entry_claim", args=[page.pk])


def carpentry():
    return entry("Tischlerei Möller")


page = factories.module_data(carpentry)


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def admin(db):
    return factories.UserFactory(is_superuser=True, is_staff=True)


def test_claim_is_stored_and_grants_nothing_yet(client, user, page):
    client.force_login(user)
    response = client.post(
        claim_url(page), {"organisation_role": "Inhaber", "message": "Ich bin Herr M."}
    )
    assert response.status_code == 302
    claim = EntryClaim.objects.get(entry=page, user=user)
    assert claim.status == ClaimStatus.PENDING
    assert not user_is_owner(user, page)
    edit = reverse("business:entry_edit", args=[page.pk])
    assert client.get(edit).status_code == 403
    # A second request while the first waits is not stored again.
    client.post(claim_url(page), {"organisation_role": "Inhaber"})
    assert EntryClaim.objects.filter(entry=page, user=user).count() == 1


def test_claim_needs_a_role(client, user, page):
    client.force_login(user)
    response = client.post(claim_url(page), {"message": "x"})
    assert response.status_code == 200
    assert "organisation_role" in response.context["form"].errors
    assert not EntryClaim.objects.exists()


def test_anonymous_must_log_in_to_claim(client, page):
    url = claim_url(page)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(url).url


def test_approved_claim_makes_an_owner_and_sends_mail(client, user, page, admin):
    claim = EntryClaim.objects.create(entry=page, user=user, organisation_role="Chef")
    mail.outbox.clear()
    decide_claim(claim, ClaimStatus.APPROVED, admin)
    assert user_is_owner(user, page)
    assert mail.outbox[-1].to == [user.email]
    client.force_login(user)
    edit = reverse("business:entry_edit", args=[page.pk])
    assert client.get(edit).status_code == 200


def test_refused_claim_grants_nothing(user, page, admin):
    claim = EntryClaim.objects.create(entry=page, user=user, organisation_role="Chef")
    decide_claim(claim, ClaimStatus.REJECTED, admin, "Nicht belegt.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert claim.decided_by == admin
    assert not user_is_owner(user, page)
    assert "Nicht belegt." in mail.outbox[-1].body


def test_staff_decide_in_the_admin(client, user, page, admin):
    claim = EntryClaim.objects.create(entry=page, user=user, organisation_role="Chef")
    client.force_login(admin)
    listing = client.get("/admin/business_claims/")
    assert listing.status_code == 200
    assert "Tischlerei" in listing.content.decode()
    response = client.post(
        f"/admin/business_claims/edit/{claim.pk}/",
        {"status": "approved", "decision_note": "Handelsregister geprüft."},
    )
    assert response.status_code == 302
    assert user_is_owner(user, page)


def test_citizens_cannot_reach_the_claims_admin(client, user, page):
    claim = EntryClaim.objects.create(entry=page, user=user, organisation_role="Chef")
    client.force_login(user)
    for url in ("/admin/business_claims/", f"/admin/business_claims/edit/{claim.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == (
            redirect_to_login(url, login_url=reverse("wagtailadmin_login")).url
        )
    response = client.post(
        f"/admin/business_claims/edit/{claim.pk}/", {"status": "approved"}
    )
    assert response.status_code == 302
    assert not user_is_owner(user, page)


def test_load_scale_adds_live_entries(client):
    factories.MunicipalityFactory()
    entry("Bestehender Betrieb")
    before = BusinessEntryPage.objects.live().count()
    load_scale(Demo(), random.Random(1), count=30)
    assert BusinessEntryPage.objects.live().count() == before + 30
    response = client.get("/wirtschaft/verzeichnis/?letter=Z")
    assert response.status_code == 200
    scale = BusinessEntryPage.objects.filter(slug__startswith="skala-").first()
    assert client.get(scale.url).status_code == 200
    assert directory().get_children().count() == directory().numchild
