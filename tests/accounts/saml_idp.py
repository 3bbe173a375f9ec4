"""An in-process SAML identity provider (pysaml2) for the BundID tests.

Keys and certificates are generated for each test session with the
``cryptography`` package; nothing is read from the network.
"""

import base64
import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.assertion import Policy
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server

from accounts import saml_attributes

IDP_ENTITY_ID = "https://idp.bundid.test/idp"
IDP_SSO_URL = "https://idp.bundid.test/sso"


def make_keypair(directory, name):
    """Write ``<name>.key`` and ``<name>.crt`` (self-signed) into ``directory``.

    1024-bit RSA, for tests only: pysaml2 loads (and OpenSSL checks) the private
    key each time it builds a client or server, 33 ms of CPU for 2048 bits and
    5 ms for 1024; signing, encryption and their checks work the same."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path = Path(directory) / f"{name}.key"
    cert_path = Path(directory) / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def converters():
    converter = AttributeConverter(saml_attributes.MAP["identifier"])
    converter.from_dict(saml_attributes.MAP)
    return [converter]


def idp_config(key_file, cert_file, sp_metadata=()):
    config = IdPConfig()
    config.load(
        {
            "entityid": IDP_ENTITY_ID,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": list(sp_metadata)} if sp_metadata else {},
            "service": {
                "idp": {
                    "name": "BundID (test)",
                    "endpoints": {
                        "single_sign_on_service": [
                            (IDP_SSO_URL, BINDING_HTTP_REDIRECT),
                            (IDP_SSO_URL, BINDING_HTTP_POST),
                        ],
                    },
                    "policy": {
                        "default": {
                            "name_form": NAME_FORMAT_URI,
                            "attribute_restrictions": None,
                        }
                    },
                    "want_authn_requests_signed": True,
                }
            },
        }
    )
    config.attribute_converters = converters()
    # The IdP reads its converters in the "idp" context.
    config.setattr("idp", "attribute_converters", converters())
    return config


def idp_metadata(config):
    xml = create_metadata_string(None, config=config)
    return xml.decode() if isinstance(xml, bytes) else xml


class FakeBundID:
    """Answers AuthnRequests from the portal like BundID would."""

    def __init__(self, config):
        self.server = Server(config=config)
        # Release the BundID attributes under their urn:oid names, valid for
        # five minutes.
        self.policy = Policy(
            {"default": {"name_form": NAME_FORMAT_URI, "lifetime": {"minutes": 5}}},
            self.server.metadata,
        )

    def read_request(self, redirect_url):
        query = parse_qs(urlparse(redirect_url).query)
        relay_state = query.get("RelayState", [""])[0]
        request = self.server.parse_authn_request(
            query["SAMLRequest"][0],
            BINDING_HTTP_REDIRECT,
            relay_state=relay_state or None,
            sigalg=query["SigAlg"][0],
            signature=query["Signature"][0],
        )
        return request.message, relay_state

    def response(
        self,
        request,
        class_ref="STORK-QAA-Level-3",
        bpk2="bPK2-TEST-0001",
        audience=None,
        locality="Crivitz",
        encrypt=False,
    ):
        identity = {
            "bPK2": [bpk2],
            "surname": ["Voss"],
            "givenName": ["Vera"],
            "postalCode": ["19089"],
            "locality": [locality],
            "birthdate": ["1980-05-17"],
        }
        response = self.server.create_authn_response(
            identity=identity,
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=audience or request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, text="transient-4711"),
            authn={"class_ref": class_ref, "authn_auth": IDP_ENTITY_ID},
            sign_response=True,
            sign_assertion=True,
            release_policy=self.policy,
            encrypt_assertion=encrypt,
            encrypt_assertion_self_contained=True,
        )
        return base64.b64encode(str(response).encode()).decode()
