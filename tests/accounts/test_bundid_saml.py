"""BundID step-up through a full signed SAML round trip with a test IdP."""

import base64
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.views import redirect_to_login
from django.test import override_settings
from django.urls import reverse
from saml2 import time_util

from accounts import saml
from accounts.identity import get_identity_level
from accounts.models import IdentityLevel, IdentityVerification, PendingVerification
from tests import factories

from .saml_idp import IDP_SSO_URL, FakeBundID, idp_config, idp_metadata, make_keypair

pytestmark = pytest.mark.django_db

START = "/konto/identity/bundid/"
ACS = "/saml/acs/"
OTHER_SP = "https://anderes-portal.example/saml"


def build_world():
    """Two citizens with confirmed e-mail addresses and the municipality the test
    IdP names as the citizen's locality ("Crivitz")."""
    return SimpleNamespace(
        citizen=factories.UserFactory(),
        other=factories.UserFactory(),
        crivitz=factories.MunicipalityFactory(
            name="Crivitz", slug="crivitz", ags="13076027"
        ),
    )


world = factories.module_data(build_world)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("saml")
    return {
        "dir": directory,
        "sp": make_keypair(directory, "sp"),
        "idp": make_keypair(directory, "idp"),
        "rogue": make_keypair(directory, "rogue"),
    }


SP_SETTINGS = {"SAML_BPK_SALT": "test-salt-not-secret"}


@pytest.fixture(scope="module")
def metadata(keys):
    """The IdP's metadata (written where the SP reads it) and the SP metadata of
    the portal and of a second service provider: the same for every test, so
    made once for the module (pysaml2 and ``xmlsec1`` take about 0.35 s of CPU)."""
    md_file = keys["dir"] / "idp-metadata.xml"
    md_file.write_text(idp_metadata(idp_config(*keys["idp"])))
    sp = {
        "SAML_SP_KEY_FILE": keys["sp"][0],
        "SAML_SP_CERT_FILE": keys["sp"][1],
        "SAML_IDP_METADATA_FILE": str(md_file),
        **SP_SETTINGS,
    }
    with override_settings(**sp):
        sp_md = saml.metadata_xml()
    # A second service provider the IdP knows, for the wrong-audience case.
    with override_settings(**sp, SAML_SP_ENTITY_ID=OTHER_SP):
        other_md = saml.metadata_xml()
    return SimpleNamespace(sp=sp, sp_md=sp_md, other_md=other_md)


@pytest.fixture
def bundid(settings, keys, metadata):
    """Configure the portal's SP against a fresh in-process IdP."""
    for name, value in metadata.sp.items():
        setattr(settings, name, value)
    settings.SAML_SP_ENTITY_ID = ""

    def make(key="idp"):
        return FakeBundID(idp_config(*keys[key], [metadata.sp_md, metadata.other_md]))

    return make


def start(client, level="substantial", next_url="/konto/profile/"):
    response = client.get(START, {"level": level, "next": next_url})
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(IDP_SSO_URL)
    return response["Location"]


def test_round_trip_reaches_substantial(client, world, bundid):
    user = world.citizen
    client.force_login(user)
    assert get_identity_level(user) == IdentityLevel.EMAIL
    idp = bundid()
    request, _relay = idp.read_request(start(client))
    context = request.requested_authn_context
    assert context.comparison == "minimum"
    assert context.authn_context_class_ref[0].text == "STORK-QAA-Level-3"

    response = client.post(ACS, {"SAMLResponse": idp.response(request)})
    assert response.status_code == 302, response.content.decode()
    finish = response["Location"]
    response = client.get(finish)
    assert response.status_code == 302
    assert response["Location"] == "/konto/profile/"

    verification = IdentityVerification.objects.get(user=user)
    assert verification.level == IdentityLevel.SUBSTANTIAL
    assert verification.method == "bundid"
    assert verification.person_hash == saml.person_hash("bPK2-TEST-0001")
    assert "bPK2-TEST-0001" not in verification.person_hash
    assert verification.municipality_ags == world.crivitz.ags == "13076027"
    assert get_identity_level(user) == IdentityLevel.SUBSTANTIAL
    assert not PendingVerification.objects.exists()


def test_encrypted_assertion_round_trip(client, world, bundid):
    """BundID encrypts assertions to the portal's certificate."""
    user = world.citizen
    client.force_login(user)
    idp = bundid()
    request, _ = idp.read_request(start(client, level="basic"))
    answer = idp.response(request, class_ref="STORK-QAA-Level-4", encrypt=True)
    xml = base64.b64decode(answer).decode()
    assert "EncryptedAssertion" in xml
    assert "bPK2-TEST-0001" not in xml
    response = client.post(ACS, {"SAMLResponse": answer})
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.get(response["Location"])
    assert get_identity_level(user) == IdentityLevel.HIGH


def _refused(response, status, text):
    assert response.status_code == status, response.content.decode()[:500]
    html = response.content.decode()
    assert text in html, html
    return html


@pytest.fixture
def citizen(client, world):
    user = world.citizen
    client.force_login(user)
    return user


def test_bad_signature_is_refused(client, citizen, bundid):
    request, _ = bundid().read_request(start(client))
    forged = bundid("rogue").response(request)  # signed with a key not in metadata
    _refused(
        client.post(ACS, {"SAMLResponse": forged}),
        400,
        "Die Signatur der Antwort konnte nicht geprüft werden.",
    )
    assert not IdentityVerification.objects.filter(user=citizen).exists()


def test_wrong_audience_is_refused(client, citizen, bundid):
    idp = bundid()
    request, _ = idp.read_request(start(client))
    answer = idp.response(request, audience=OTHER_SP)
    _refused(
        client.post(ACS, {"SAMLResponse": answer}),
        400,
        "falscher Empfänger",
    )
    assert not IdentityVerification.objects.filter(user=citizen).exists()


def test_expired_assertion_is_refused(client, citizen, bundid, monkeypatch):
    idp = bundid()
    request, _ = idp.read_request(start(client))
    answer = idp.response(request)  # valid for five minutes
    later = time_util.utc_now() + 15 * 60
    monkeypatch.setattr(time_util, "utc_now", lambda: later)
    _refused(
        client.post(ACS, {"SAMLResponse": answer}),
        400,
        "ist abgelaufen",
    )
    assert not IdentityVerification.objects.filter(user=citizen).exists()


def test_replayed_assertion_is_refused(client, citizen, bundid):
    idp = bundid()
    request, _ = idp.read_request(start(client))
    answer = idp.response(request)
    assert client.post(ACS, {"SAMLResponse": answer}).status_code == 302
    _refused(
        client.post(ACS, {"SAMLResponse": answer}),
        400,
        "bereits verwendet",
    )


def test_level_below_requested_minimum_is_refused(client, citizen, bundid):
    idp = bundid()
    request, _ = idp.read_request(start(client, level="high"))
    assert request.requested_authn_context.authn_context_class_ref[0].text == (
        "STORK-QAA-Level-4"
    )
    answer = idp.response(request, class_ref="STORK-QAA-Level-3")
    _refused(
        client.post(ACS, {"SAMLResponse": answer}),
        403,
        "benötigt aber mindestens „hoch“",
    )
    assert not IdentityVerification.objects.filter(user=citizen).exists()


def test_unsolicited_response_is_refused(client, citizen, bundid):
    idp = bundid()
    request, _ = idp.read_request(start(client))
    PendingVerification.objects.all().delete()
    _refused(
        client.post(ACS, {"SAMLResponse": idp.response(request)}),
        400,
        "Bitte beginnen Sie erneut",
    )


def test_one_person_one_account(client, citizen, world, bundid):
    other = world.other
    IdentityVerification.objects.create(
        user=other,
        level=IdentityLevel.HIGH,
        method="bundid",
        person_hash=saml.person_hash("bPK2-TEST-0001"),
    )
    idp = bundid()
    request, _ = idp.read_request(start(client))
    finish = client.post(ACS, {"SAMLResponse": idp.response(request)})["Location"]
    _refused(client.get(finish), 409, "bereits mit einem anderen Konto")
    assert not IdentityVerification.objects.filter(user=citizen).exists()


def test_result_applies_only_to_the_user_who_started(client, citizen, world, bundid):
    idp = bundid()
    request, _ = idp.read_request(start(client))
    finish = client.post(ACS, {"SAMLResponse": idp.response(request)})["Location"]
    other = world.other
    client.force_login(other)
    _refused(client.get(finish), 400, "nicht aus Ihrem Konto heraus")
    assert not IdentityVerification.objects.filter(user__in=[citizen, other]).exists()


def test_sp_metadata(client, bundid):
    response = client.get(reverse("saml_metadata"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/samlmetadata+xml"
    xml = response.content.decode()
    assert "http://testserver/saml/acs/" in xml
    assert 'AuthnRequestsSigned="true"' in xml
    assert "urn:oid:1.3.6.1.4.1.25484.494450.3" in xml


def test_without_configuration_bundid_is_unavailable(client, citizen, settings):
    settings.SAML_IDP_METADATA_FILE = ""
    assert client.get(reverse("saml_metadata")).status_code == 404
    response = client.get(START)
    _refused(response, 503, "nicht eingerichtet")


def test_bundid_needs_login(client, bundid):
    response = client.get(START, {"level": "substantial"})
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(f"{START}?level=substantial").url
    assert response["Location"].startswith("/konto/login/")


def test_sp_configuration_is_loaded_once_until_a_file_changes(
    settings, metadata, tmp_path
):
    for name, value in metadata.sp.items():
        setattr(settings, name, value)
    first = saml.sp_config()
    assert saml.sp_config() is first
    assert len(list(first.metadata.with_descriptor("idpsso"))) == 1
    original = Path(metadata.sp["SAML_IDP_METADATA_FILE"]).read_bytes()
    # the same file with other contents: loaded again
    changed = tmp_path / "idp-metadata.xml"
    changed.write_bytes(original + b"\n")
    settings.SAML_IDP_METADATA_FILE = str(changed)
    second = saml.sp_config()
    assert second is not first
    assert saml.sp_config() is second
    changed.write_bytes(original + b"\n\n")
    assert saml.sp_config() is not second
    # metadata past its validUntil: loaded (and refused by pysaml2) every time
    expired = tmp_path / "expired.xml"
    expired.write_bytes(
        re.sub(
            rb"EntityDescriptor ",
            b'EntityDescriptor validUntil="2000-01-01T00:00:00Z" ',
            original,
            count=1,
        )
    )
    settings.SAML_IDP_METADATA_FILE = str(expired)
    stale = saml.sp_config()
    assert saml.sp_config() is not stale
    assert list(stale.metadata.with_descriptor("idpsso")) == []
