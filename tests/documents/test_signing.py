"""Issued documents are tagged, signed PDFs that validate, and any change shows."""

import hashlib
import io
import os
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import signing
from documents.models import IssuedDocument, Status
from tests.files import pdf_text

pytestmark = pytest.mark.django_db


def _validate(data):
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=signing.trust_roots())
    return validate_pdf_signature(signature, context)


def test_issued_document_validates_against_the_demo_root(issue_one):
    document = issue_one()
    data = document.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    status = _validate(data)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert document.demo_certificate
    assert "DEMO" in document.certificate_subject
    assert document.certificate_fingerprint == signing.identity().fingerprint
    assert document.status == Status.VALID


def test_a_changed_byte_breaks_the_signature(issue_one):
    data = bytearray(issue_one().read())
    position = data.index(b"stream") + 40  # inside the first content stream
    data[position] ^= 0x01
    try:
        status = _validate(bytes(data))
    except Exception:  # noqa: BLE001 - unreadable counts as broken too
        return
    assert not status.intact
    assert not status.bottom_line


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils missing")
def test_pdfsig_independently_validates(issue_one, tmp_path):
    original = tmp_path / "original.pdf"
    original.write_bytes(issue_one().read())
    out = subprocess.run(
        ["pdfsig", str(original)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in out
    assert "ETSI.CAdES.detached" in out
    changed = bytearray(original.read_bytes())
    changed[changed.index(b"stream") + 40] ^= 0x01
    tampered = tmp_path / "changed.pdf"
    tampered.write_bytes(bytes(changed))
    out = subprocess.run(
        ["pdfsig", str(tampered)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" not in out


def test_the_pdf_is_tagged_with_language_title_and_figures(issue_one):
    data = issue_one().read()
    reader = PdfFileReader(io.BytesIO(data))
    root = reader.root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "de"
    tree = root["/StructTreeRoot"]
    kinds = set()

    def walk(element):
        for kid in element.get("/K", []) if hasattr(element, "get") else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and "/S" in kid:
                kinds.add(str(kid["/S"]))
                walk(kid)

    walk(tree)
    assert {"/H1", "/P", "/Figure"} <= kinds
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_letterhead_comes_from_the_portal_settings(issue_one, site, tmp_path):
    from portal.models import PortalSettings

    values = PortalSettings.for_site(site)
    values.authority_name = "Amt Musterhausen"
    values.street = "Schloßstraße 1"
    values.postal_code = "19089"
    values.city = "Musterhausen"
    values.phone = "03863 1234"
    values.save()
    document = issue_one()
    text = pdf_text(document.read(), tmp_path)
    assert "Amt Musterhausen" in text
    assert "Schloßstraße 1" in text
    assert "19089 Musterhausen" in text
    assert "Ordnungsamt" in text
    assert document.display_code in text
    assert "DEMO" in text
    assert document.issuing_office == "Amt Musterhausen – Ordnungsamt"


def test_reissue_supersedes_and_revoke(issue_one):
    from documents.issuing import revoke

    first = issue_one()
    second = issue_one(supersedes=first)
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert first.successor == second
    assert second.status == Status.VALID
    assert first.code != second.code
    revoke(second, "Issued in error.")
    assert IssuedDocument.objects.get(pk=second.pk).status == Status.REVOKED
    # Both still verify: the stored files are unchanged.
    assert _validate(first.read()).intact


def test_documents_signed_with_an_old_key_still_verify(issue_one, settings, tmp_path):
    """Key rotation: a new certificate under the same root; old documents keep
    their signatures and stay findable by hash."""
    old = issue_one()
    settings.DOCUMENTS_DEMO_DIR = str(tmp_path / "new-demo")
    signing.ensure_demo_certificate()
    new = issue_one()
    assert new.certificate_fingerprint != old.certificate_fingerprint
    from documents.verification import Outcome, check_file

    assert check_file(old.read()).outcome == Outcome.ORIGINAL
    assert check_file(new.read()).outcome == Outcome.ORIGINAL


def test_the_design_font_is_embedded_from_a_truetype_copy_made_once(issue_one):
    """fpdf2 would decompress the whole WOFF2 font for every document; the font
    is decompressed once into a TrueType file (``pdf.truetype_path``) and the
    document embeds the subset of Fira Sans it uses."""
    from django.contrib.staticfiles import finders

    from documents import pdf

    woff2 = finders.find(pdf.FONT_PATHS[""])
    path = pdf.truetype_path(woff2)
    with open(path, "rb") as handle:
        assert handle.read(4) == b"\x00\x01\x00\x00"  # TrueType, not wOF2
    written = os.stat(path).st_mtime_ns
    assert pdf.truetype_path(woff2) == path
    assert os.stat(path).st_mtime_ns == written
    assert b"+FiraSans\n" in issue_one().read()
