"""One response per person survives account deletion (issue #19, finding 2).

The outside test deleted the account (which pseudonymises the response and
deletes the identity verification), verified a new account with the same
BundID pseudonym and answered again. Now a keyed marker per person and
consultation (``accounts.markers``) is kept when the account is deleted.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from accounts import markers, saml
from accounts.models import IdentityLevel, IdentityVerification, PersonMarker
from consultations import retention, services
from consultations.models import ConsultationPage, Participation, Response
from consultations.questionnaire import ResponseForm, questions_of
from tests import factories
from tests.accounts.saml_idp import (
    FakeBundID,
    idp_config,
    idp_metadata,
    make_keypair,
)
from tests.consultations.factories import consultation
from tests.consultations.helpers import DAY, valid_answers


def build_consultation():
    """The consultation needing a verified identity, built once for the module
    (its primary key)."""
    return consultation(
        participation=Participation.IDENTITY,
        min_identity_level=IdentityLevel.SUBSTANTIAL,
    ).pk


identity_consultation = factories.module_data(build_consultation)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("identity_consultation")]

BPK2 = "bPK2-PERSON-4711"
REFUSAL = (
    "You have already answered this consultation with an earlier account. "
    "Each person can answer once."
)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml")
    return {
        "dir": directory,
        "sp": make_keypair(directory, "sp"),
        "idp": make_keypair(directory, "idp"),
    }


@pytest.fixture
def bundid(settings, keys):
    """The portal's SAML service provider against an in-process BundID."""
    metadata = keys["dir"] / "idp-metadata.xml"
    metadata.write_text(idp_metadata(idp_config(*keys["idp"])))
    settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE = keys["sp"]
    settings.SAML_IDP_METADATA_FILE = str(metadata)
    settings.SAML_BPK_SALT = "test-salt-not-secret"
    return FakeBundID(idp_config(*keys["idp"], [saml.metadata_xml()]))


def verify_with_bundid(client, idp, bpk2=BPK2):
    """The signed-in user verifies their identity through BundID (level 3)."""
    start = client.get(
        reverse("accounts:bundid_login"),
        {"level": "substantial", "next": "/konto/"},
    )
    assert start.status_code == 302, start.status_code
    request, _relay = idp.read_request(start["Location"])
    answer = client.post(
        "/saml/acs/", {"SAMLResponse": idp.response(request, bpk2=bpk2)}
    )
    assert answer.status_code == 302, answer.content.decode()[-500:]
    finish = client.get(answer["Location"])
    assert finish.status_code == 302, finish.status_code
    assert finish["Location"] == "/konto/"


def answer(client, page):
    return client.post(page.url + "answer/", valid_answers())


def de(message):
    with translation.override("de"):
        return translation.gettext(message)


@pytest.fixture
def page(db, identity_consultation):
    """The module's consultation, fetched afresh (tests change it)."""
    return ConsultationPage.objects.get(pk=identity_consultation)


def test_a_new_account_of_the_same_person_cannot_answer_again(client, page, bundid):
    first = factories.UserFactory()
    client.force_login(first)
    verify_with_bundid(client, bundid)
    assert answer(client, page).status_code == 302
    person_hash = IdentityVerification.objects.get(user=first).person_hash

    response = client.post(reverse("accounts:delete"), {"password": factories.PASSWORD})
    assert response.status_code == 302
    assert not type(first).objects.filter(pk=first.pk).exists()
    kept = Response.objects.get()
    assert kept.user is None and kept.person_hash is None  # pseudonymised

    second = factories.UserFactory()
    client.force_login(second)
    verify_with_bundid(client, bundid)  # the same person: accepted again
    assert IdentityVerification.objects.get(user=second).person_hash == person_hash

    form = client.get(page.url + "answer/")
    assert de(REFUSAL) in form.content.decode()
    response = answer(client, page)

    assert response.status_code == 403
    assert de(REFUSAL) in response.content.decode()
    assert Response.objects.count() == 1


def test_another_person_may_still_answer(client, page, bundid):
    first = factories.UserFactory()
    client.force_login(first)
    verify_with_bundid(client, bundid)
    answer(client, page)
    client.post(reverse("accounts:delete"), {"password": factories.PASSWORD})

    client.force_login(factories.UserFactory())
    verify_with_bundid(client, bundid, bpk2="bPK2-SOMEONE-ELSE")

    assert answer(client, page).status_code == 302
    assert Response.objects.count() == 2


def test_the_marker_holds_no_personal_data_and_is_per_consultation(page):
    person_hash = "a" * 64
    other = consultation()
    user = factories.verified_citizen(person_hash=person_hash)
    services.save_response(page, user, valid_form(page))
    services.save_response(other, user, valid_form(other))

    from accounts.privacy import delete_account

    delete_account(user)

    stored = list(PersonMarker.objects.order_by("object_key"))
    assert [m.object_key for m in stored] == sorted([str(page.pk), str(other.pk)])
    assert len({m.digest for m in stored}) == 2  # not linkable across consultations
    for marker in stored:
        assert person_hash not in marker.digest
        assert marker.digest != person_hash
    field_names = {field.name for field in PersonMarker._meta.get_fields()}
    assert field_names == {"digest", "scope", "object_key"}  # no time, no account
    assert markers.is_marked(person_hash, services.RESPONSE_SCOPE, page.pk)
    assert not markers.is_marked("b" * 64, services.RESPONSE_SCOPE, page.pk)


def test_a_concurrent_answer_after_deletion_is_refused_when_saving(page):
    person_hash = "c" * 64
    markers.keep(person_hash, services.RESPONSE_SCOPE, page.pk)
    user = factories.verified_citizen(person_hash=person_hash)

    with pytest.raises(services.DuplicateResponse):
        services.save_response(page, user, valid_form(page))
    assert not Response.objects.exists()


def test_anonymous_consultations_are_not_affected(page):
    open_to_all = consultation(participation=Participation.ANYONE)
    services.save_response(open_to_all, AnonymousUser(), valid_form(open_to_all))
    assert not PersonMarker.objects.exists()


def test_the_markers_go_when_the_retention_period_ends(page):
    person_hash = "d" * 64
    markers.keep(person_hash, services.RESPONSE_SCOPE, page.pk)
    markers.keep(person_hash, services.RESPONSE_SCOPE, page.pk + 1)
    page.opens_at = timezone.now() - 400 * DAY
    page.closes_at = timezone.now() - 380 * DAY
    page.retention_days = 30
    page.save_revision().publish()

    retention.pseudonymise(page)

    assert list(PersonMarker.objects.values_list("object_key", flat=True)) == [
        str(page.pk + 1)
    ]


def valid_form(page):
    form = ResponseForm(questions_of(page), valid_answers())
    assert form.is_valid(), form.errors
    return form
