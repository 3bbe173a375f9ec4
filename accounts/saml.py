"""A thin SAML 2.0 service provider for BundID, built on pysaml2.

Why not djangosaml2: djangosaml2 logs users *in* through SAML and creates or
updates user rows from the attributes. The portal needs the opposite: a user
who is already signed in steps up their identity level, and only a level, a
method, a time, a salted hash of the bPK2 pseudonym and the municipality are
kept. The BundID profile (``RequestedAuthnContext`` with
``Comparison="minimum"``, the ``akdb:AuthenticationRequest`` extension) is a
few lines on top of pysaml2's client, so a small SP of our own is simpler than
bending djangosaml2's login flow and user backend.

Configuration comes from settings (environment variables, see the README):
``SAML_SP_ENTITY_ID``, ``SAML_SP_KEY_FILE``, ``SAML_SP_CERT_FILE``,
``SAML_IDP_METADATA_FILE``, ``SAML_IDP_ENTITY_ID``, ``SAML_BPK_SALT``,
``SAML_XMLSEC_BINARY``, ``SAML_SERVICE_NAME``.
"""

import hashlib
import hmac
import logging
import os
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, ExtensionElement
from saml2.attribute_converter import AttributeConverter
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import (
    IncorrectlySigned,
    StatusError,
    UnsolicitedResponse,
)
from saml2.saml import AuthnContextClassRef
from saml2.samlp import Extensions, RequestedAuthnContext
from saml2.sigver import SignatureError
from saml2.time_util import valid
from saml2.validate import ResponseLifetimeExceed, ToEarly

from accounts import saml_attributes
from accounts.models import IdentityLevel

logger = logging.getLogger(__name__)

AKDB_NAMESPACE = "https://www.akdb.de/request/2018/09"

# STORK QAA levels as BundID uses them, and the portal's identity levels.
STORK_LEVELS = {
    "STORK-QAA-Level-1": IdentityLevel.BASIC,
    "STORK-QAA-Level-2": IdentityLevel.BASIC,
    "STORK-QAA-Level-3": IdentityLevel.SUBSTANTIAL,
    "STORK-QAA-Level-4": IdentityLevel.HIGH,
}
LEVEL_TO_STORK = {
    IdentityLevel.BASIC: "STORK-QAA-Level-2",
    IdentityLevel.SUBSTANTIAL: "STORK-QAA-Level-3",
    IdentityLevel.HIGH: "STORK-QAA-Level-4",
}
# Attributes the portal asks BundID for (all optional except the pseudonym).
REQUESTED_ATTRIBUTES = [
    ("bPK2", True),
    ("surname", False),
    ("givenName", False),
    ("mail", False),
    ("postalCode", False),
    ("locality", False),
    ("birthdate", False),
]


class SamlRefused(Exception):
    """An answer of the identity provider that the portal does not accept."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def is_configured():
    return bool(
        settings.SAML_IDP_METADATA_FILE
        and settings.SAML_SP_KEY_FILE
        and settings.SAML_SP_CERT_FILE
        and settings.SAML_BPK_SALT
    )


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def acs_url():
    return base_url() + reverse("saml_acs")


def sp_entity_id():
    return settings.SAML_SP_ENTITY_ID or base_url() + reverse("saml_metadata")


# Loaded SP configurations per process (``sp_config``): parsing the IdP metadata
# and the keys costs about 50 ms of CPU, on every SAML request before.
_sp_configs = {}
SP_CONFIGS_KEPT = 8
_VALID_UNTIL = re.compile(rb"""validUntil\s*=\s*["']([^"']+)["']""")


def _file_version(path):
    """``(size, modification time)`` of the file at ``path``, None when there is
    none: a changed file has another version (``documents.pdf.truetype_path``
    looks at its font the same way), without reading it on every request."""
    try:
        found = os.stat(path) if path else None
    except OSError:
        return None
    return None if found is None else (found.st_size, found.st_mtime_ns)


def sp_config():
    """The SP's pysaml2 configuration, loaded once per process for the same
    settings and the same versions of the key, certificate and IdP metadata
    files (a changed file is loaded again). Metadata with a ``validUntil`` that
    has passed is loaded again every time, so pysaml2 refuses it as before."""
    key = (
        sp_entity_id(),
        acs_url(),
        settings.SAML_SERVICE_NAME,
        settings.SAML_XMLSEC_BINARY,
        settings.SAML_SP_KEY_FILE,
        settings.SAML_SP_CERT_FILE,
        settings.SAML_IDP_METADATA_FILE,
        _file_version(settings.SAML_IDP_METADATA_FILE),
        _file_version(settings.SAML_SP_KEY_FILE),
        _file_version(settings.SAML_SP_CERT_FILE),
    )
    kept = _sp_configs.get(key)
    if kept is not None:
        config, valid_until = kept
        if all(valid(until) for until in valid_until):
            return config
    metadata_file = settings.SAML_IDP_METADATA_FILE
    try:
        metadata = Path(metadata_file).read_bytes() if metadata_file else None
    except OSError:
        metadata = None
    config = _load_sp_config()
    if metadata is not None:
        valid_until = [until.decode() for until in _VALID_UNTIL.findall(metadata)]
        if all(valid(until) for until in valid_until):
            if len(_sp_configs) >= SP_CONFIGS_KEPT:
                _sp_configs.clear()
            _sp_configs[key] = (config, valid_until)
    return config


def _load_sp_config():
    keypair = {
        "key_file": settings.SAML_SP_KEY_FILE,
        "cert_file": settings.SAML_SP_CERT_FILE,
    }
    config = SPConfig()
    config.load(
        {
            "entityid": sp_entity_id(),
            "name": settings.SAML_SERVICE_NAME,
            "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
            "key_file": settings.SAML_SP_KEY_FILE,
            "cert_file": settings.SAML_SP_CERT_FILE,
            "encryption_keypairs": [keypair],
            "metadata": {"local": [settings.SAML_IDP_METADATA_FILE]},
            "accepted_time_diff": 60,
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "name": settings.SAML_SERVICE_NAME,
                    "endpoints": {
                        "assertion_consumer_service": [(acs_url(), BINDING_HTTP_POST)],
                    },
                    "authn_requests_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "name_id_format_allow_create": False,
                    "required_attributes": ["bPK2"],
                    "optional_attributes": [
                        name for name, required in REQUESTED_ATTRIBUTES if not required
                    ],
                },
            },
        }
    )
    converter = AttributeConverter(saml_attributes.MAP["identifier"])
    converter.from_dict(saml_attributes.MAP)
    config.attribute_converters = [converter]
    return config


def metadata_xml():
    xml = create_metadata_string(None, config=sp_config(), valid=24 * 7)
    return xml.decode() if isinstance(xml, bytes) else xml


def _idp_entity_id(client):
    if settings.SAML_IDP_ENTITY_ID:
        return settings.SAML_IDP_ENTITY_ID
    idps = list(client.metadata.with_descriptor("idpsso"))
    if len(idps) != 1:
        raise SamlRefused(_("The identity provider is not configured correctly."))
    return idps[0]


def _bundid_extensions():
    """``akdb:AuthenticationRequest`` naming the wanted attributes (BundID)."""
    requested = [
        ExtensionElement(
            "RequestedAttribute",
            namespace=AKDB_NAMESPACE,
            attributes={
                "Name": saml_attributes.OIDS[name],
                "RequiredAttribute": "true" if required else "false",
            },
        )
        for name, required in REQUESTED_ATTRIBUTES
    ]
    request = ExtensionElement(
        "AuthenticationRequest",
        namespace=AKDB_NAMESPACE,
        attributes={"Version": "2"},
        children=[
            ExtensionElement(
                "RequestedAttributes", namespace=AKDB_NAMESPACE, children=requested
            ),
            ExtensionElement(
                "DisplayInformation",
                namespace=AKDB_NAMESPACE,
                children=[
                    ExtensionElement(
                        "OrganizationDisplayName",
                        namespace=AKDB_NAMESPACE,
                        text=settings.SAML_SERVICE_NAME,
                    )
                ],
            ),
        ],
    )
    return Extensions(extension_elements=[request])


def authn_request(level, relay_state=""):
    """A signed AuthnRequest (HTTP-Redirect) asking for at least ``level``.

    Returns ``(request_id, redirect_url)``.
    """
    client = Saml2Client(config=sp_config())
    context = RequestedAuthnContext(
        authn_context_class_ref=[AuthnContextClassRef(text=LEVEL_TO_STORK[level])],
        comparison="minimum",
    )
    request_id, info = client.prepare_for_authenticate(
        entityid=_idp_entity_id(client),
        relay_state=relay_state,
        binding=BINDING_HTTP_REDIRECT,
        requested_authn_context=context,
        extensions=_bundid_extensions(),
        sign=True,
        sigalg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    )
    location = dict(info["headers"])["Location"]
    return request_id, location


def person_hash(bpk2):
    """Salted (keyed) hash of the bPK2 pseudonym; the pseudonym is not kept."""
    return hmac.new(
        settings.SAML_BPK_SALT.encode(), bpk2.strip().encode(), hashlib.sha256
    ).hexdigest()


def _classify(error):
    """A message for the user that says why an answer was refused."""
    text = str(error).lower()
    if isinstance(error, ResponseLifetimeExceed):
        return _("The answer of the identity provider has expired. Please try again.")
    if isinstance(error, ToEarly):
        return _("The answer of the identity provider is not valid yet.")
    if "audience" in text:
        return _("The answer was meant for another service (wrong audience).")
    if isinstance(error, SignatureError | IncorrectlySigned) or "signature" in text:
        return _("The signature of the answer could not be verified.")
    if isinstance(error, UnsolicitedResponse) or "recall" in text:
        return _(
            "The answer does not belong to a login started here, or it was "
            "already used. Please start again."
        )
    if isinstance(error, StatusError):
        return _("The identity provider did not confirm your identity.")
    return _("The answer of the identity provider could not be accepted.")


def parse_response(saml_response, outstanding):
    """Check a base64 SAMLResponse and return what the portal keeps.

    ``outstanding`` maps the ids of requests we sent to anything. Returns a
    dict with ``request_id``, ``assertion_id``, ``level``, ``class_ref``,
    ``person_hash``, ``locality`` and ``postal_code``; raises
    :class:`SamlRefused` with a message for the user otherwise.
    """
    client = Saml2Client(config=sp_config())
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding=outstanding
        )
    except Exception as error:  # noqa: BLE001 - pysaml2 raises plain Exception too
        logger.warning("SAML response refused: %s: %s", type(error).__name__, error)
        raise SamlRefused(_classify(error)) from error
    if response is None or response.assertion is None:
        raise SamlRefused(_("The answer of the identity provider could not be read."))
    class_refs = [info[0] for info in response.authn_info()]
    levels = [STORK_LEVELS[ref] for ref in class_refs if ref in STORK_LEVELS]
    if not levels:
        raise SamlRefused(_("The identity provider did not name a trust level."))
    identity = response.get_identity()
    bpk2 = (identity.get("bPK2") or [""])[0]
    if not bpk2:
        raise SamlRefused(_("The identity provider did not send the pseudonym (bPK2)."))
    return {
        "request_id": response.in_response_to,
        "assertion_id": response.assertion.id,
        "level": max(levels),
        "class_ref": class_refs[0],
        "person_hash": person_hash(bpk2),
        "locality": (identity.get("locality") or [""])[0],
        "postal_code": (identity.get("postalCode") or [""])[0],
    }
