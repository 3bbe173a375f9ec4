"""/pruefen/ and /en/verify/: by code and by upload, no personal data, no 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from documents import codes
from documents.issuing import revoke
from documents.pdf import Content

pytestmark = pytest.mark.django_db

URL_DE = "/pruefen/"
URL_EN = "/en/verify/"


def upload(client, data, name="bescheid.pdf", url=URL_DE):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_urls(client, home, home_en):
    assert client.get(URL_DE).status_code == 200
    response = client.get(URL_EN)
    assert response.status_code == 200
    assert b"Check an official document" in response.content


def test_code_shows_the_document_without_personal_data(client, home, issue_one):
    content = Content(
        title="Zahlungsbestätigung für Erika Mustermann",
        rows=[("Antragstellerin", "Erika Mustermann"), ("Anschrift", "Hauptstraße 5")],
    )
    document = issue_one(content=content, public_title="Zahlungsbestätigung")
    response = client.get(URL_DE, {"code": document.display_code.lower()})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zahlungsbestätigung" in body
    assert document.sha256 in body
    assert "Ordnungsamt" in body
    assert "Mustermann" not in body
    assert "Hauptstraße" not in body


def test_unknown_and_mistyped_codes(client, home, issue_one):
    issue_one()
    unknown = codes.new_code()
    response = client.get(URL_DE, {"code": unknown})
    assert response.status_code == 200
    assert "Kein Dokument mit diesem Code" in response.content.decode()
    mistyped = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    response = client.get(URL_DE, {"code": mistyped})
    assert response.status_code == 200
    assert "kein gültiger Prüfcode" in response.content.decode()
    for junk in ["", "x" * 5000, "%00", "ABCD-EFGH-JKMN-Ü", "'; DROP TABLE x;--"]:
        assert client.get(URL_DE, {"code": junk}).status_code == 200
    # The portal's middleware answers a NUL in the query with 400 before the view.
    assert client.get(URL_DE, {"code": "\x00"}).status_code == 400


def test_upload_original_changed_foreign_and_junk(client, home, issue_one, tmp_path):
    document = issue_one()
    data = document.read()
    response = upload(client, data)
    assert "Unveränderte Originaldatei" in response.content.decode()
    changed = bytearray(data)
    changed[changed.index(b"stream") + 40] ^= 0x01
    response = upload(client, bytes(changed))
    assert "Verändert" in response.content.decode()
    assert document.sha256 in response.content.decode()
    # An incremental update appended after signing is a change, too.
    response = upload(client, data + b"\n% appended\n")
    assert "Verändert" in response.content.decode()
    # A PDF we never issued (fpdf2, unsigned).
    from fpdf import FPDF

    foreign = FPDF()
    foreign.add_page()
    foreign.set_font("Helvetica", size=12)
    foreign.cell(text="Bescheid")
    response = upload(client, bytes(foreign.output()))
    assert "Nicht von uns ausgestellt" in response.content.decode()
    # Not a PDF, empty, truncated.
    response = upload(client, b"GIF89a....", name="bild.gif")
    assert "Kein PDF-Dokument" in response.content.decode()
    assert upload(client, data[:500]).status_code == 200
    assert upload(client, b"%PDF-1.7\n" + b"\xff" * 1000).status_code == 200
    response = client.post(URL_DE, {})
    assert response.status_code == 200


def test_a_pdf_signed_by_someone_else_is_not_ours(
    client, home, issue_one, settings, tmp_path
):
    from documents import signing

    settings.DOCUMENTS_DEMO_DIR = str(tmp_path / "other")
    signing.ensure_demo_certificate(authority="Fremde Behörde")
    from documents import pdf

    other = pdf.render(
        pdf.Letterhead(authority="Fremde Behörde"),
        Content(title="Bescheid"),
        pdf.Verification(code=codes.new_code(), page_url="https://example.org/"),
        language="de",
    )
    signed, _identity = signing.sign(other, reason="x", location="y")
    settings.DOCUMENTS_DEMO_DIR = str(tmp_path / "ours")
    issue_one()
    response = upload(client, signed)
    assert "Nicht von uns ausgestellt" in response.content.decode()


@override_settings(DOCUMENTS_VERIFY_MAX_UPLOAD_MB=1)
def test_huge_upload_is_refused(client, home):
    response = upload(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))
    assert response.status_code == 200
    assert "größer als 1 MB" in response.content.decode()


def test_superseded_and_revoked_say_so(client, home, issue_one):
    first = issue_one()
    second = issue_one(supersedes=first)
    body = client.get(URL_DE, {"code": first.display_code}).content.decode()
    assert "Ersetzt" in body
    assert second.display_code not in body
    revoke(second, "Irrtümlich ausgestellt.")
    body = client.get(URL_DE, {"code": second.display_code}).content.decode()
    assert "Widerrufen" in body
    assert "Irrtümlich ausgestellt." in body
    body = upload(client, first.read()).content.decode()
    assert "Unveränderte Originaldatei" in body
    assert "Ersetzt" in body


@override_settings(DOCUMENTS_VERIFY_RATE_LIMIT=3, DOCUMENTS_VERIFY_RATE_WINDOW=600)
def test_guessing_is_rate_limited(client, home):
    for _ in range(3):
        assert client.get(URL_DE, {"code": codes.new_code()}).status_code == 200
    response = client.get(URL_DE, {"code": codes.new_code()})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert upload(client, b"%PDF-").status_code == 429
    # Only the checks count: the empty page stays available.
    assert client.get(URL_DE).status_code == 200
