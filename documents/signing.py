"""PAdES signatures with pyHanko, with the configured key or the demo certificate.

Configured: ``DOCUMENTS_SIGNING_KEY`` and ``DOCUMENTS_SIGNING_CERT`` (PEM or DER
files), ``DOCUMENTS_SIGNING_CHAIN`` (intermediate certificates),
``DOCUMENTS_SIGNING_KEY_PASSPHRASE`` and ``DOCUMENTS_TSA_URL`` for an RFC 3161
timestamp. Not configured: a self-signed demo root and a signing certificate
under it in ``DOCUMENTS_DEMO_DIR``, made by ``load_demo`` (or on first use) and
named "DEMO – nicht vertrauenswürdig" so nobody mistakes it for the real one.
"""

import datetime
import functools
import hashlib
import io
import os
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps

DEMO_LABEL = "DEMO – nicht vertrauenswürdig"
DEMO_ROOT = "demo-root.pem"
DEMO_CERT = "demo-signing.pem"
DEMO_KEY = "demo-signing-key.pem"


@dataclass(frozen=True)
class SigningIdentity:
    signer: signers.SimpleSigner
    fingerprint: str
    subject: str
    demo: bool


def fingerprint(certificate):
    """SHA-256 of a certificate's DER (asn1crypto or cryptography object)."""
    der = (
        certificate.dump()
        if isinstance(certificate, asn1_x509.Certificate)
        else certificate.public_bytes(serialization.Encoding.DER)
    )
    return hashlib.sha256(der).hexdigest()


def configured():
    return bool(settings.DOCUMENTS_SIGNING_KEY and settings.DOCUMENTS_SIGNING_CERT)


def _name(common_name, authority):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, authority[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def ensure_demo_certificate(authority="Regionalportal"):
    """Create the demo root and signing certificate unless they exist.

    Returns the folder. The root is the trust anchor the tests validate
    against; it must never be trusted outside a demo.
    """
    folder = settings.DOCUMENTS_DEMO_DIR
    paths = [os.path.join(folder, name) for name in (DEMO_ROOT, DEMO_CERT, DEMO_KEY)]
    if all(os.path.exists(path) for path in paths):
        return folder
    os.makedirs(folder, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"Wurzel {DEMO_LABEL}", authority)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(f"Dokumentsiegel {DEMO_LABEL}", authority))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    with open(paths[0], "wb") as handle:
        handle.write(root.public_bytes(pem))
    with open(paths[1], "wb") as handle:
        handle.write(certificate.public_bytes(pem))
    descriptor = os.open(paths[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(
            key.private_bytes(
                pem,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    _load.cache_clear()
    return folder


@functools.lru_cache(maxsize=4)
def _load(key_path, cert_path, chain, passphrase, demo, _stamp):
    signer = signers.SimpleSigner.load(
        key_path,
        cert_path,
        ca_chain_files=chain,
        key_passphrase=passphrase.encode() if passphrase else None,
    )
    if signer is None:
        raise ImproperlyConfigured(
            "The document signing key or certificate cannot be read "
            "(DOCUMENTS_SIGNING_KEY, DOCUMENTS_SIGNING_CERT)."
        )
    certificate = signer.signing_cert
    return SigningIdentity(
        signer=signer,
        fingerprint=fingerprint(certificate),
        subject=certificate.subject.human_friendly[:255],
        demo=demo,
    )


def identity():
    """The signing identity now in use (the configured one, else the demo one)."""
    if configured():
        key_path = settings.DOCUMENTS_SIGNING_KEY
        cert_path = settings.DOCUMENTS_SIGNING_CERT
        chain = tuple(settings.DOCUMENTS_SIGNING_CHAIN)
        passphrase = settings.DOCUMENTS_SIGNING_KEY_PASSPHRASE
        demo = False
    else:
        folder = ensure_demo_certificate()
        key_path = os.path.join(folder, DEMO_KEY)
        cert_path = os.path.join(folder, DEMO_CERT)
        chain = (os.path.join(folder, DEMO_ROOT),)
        passphrase = ""
        demo = True
    try:
        stamp = os.stat(cert_path).st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(
            f"The document signing certificate cannot be read: {error}"
        ) from error
    return _load(key_path, cert_path, chain, passphrase, demo, stamp)


def trust_roots():
    """The certificates a portal signature must chain to: the configured roots,
    or the demo root when the demo certificate is in use."""
    paths = list(settings.DOCUMENTS_TRUST_ROOTS)
    if not configured():
        paths.append(os.path.join(ensure_demo_certificate(), DEMO_ROOT))
    return [load_cert_from_pemder(path) for path in paths]


def sign(pdf_bytes, *, reason, location, contact=""):
    """The PDF with a PAdES signature (B-B, or B-T with a TSA) appended."""
    current = identity()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name="Signatur",
        reason=reason,
        location=location,
        contact_info=contact or None,
        name=current.subject,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    timestamper = (
        timestamps.HTTPTimeStamper(settings.DOCUMENTS_TSA_URL, timeout=10)
        if settings.DOCUMENTS_TSA_URL
        else None
    )
    output = signers.sign_pdf(
        writer, metadata, signer=current.signer, timestamper=timestamper
    )
    return output.getvalue(), current
