"""Signed PDFs of official announcements (#26): issued on publication, once per
published content, carrying the publication date, still downloadable and
verifiable as superseded after a correction or repeal."""

import datetime
import io
import subprocess

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import signing
from documents.models import IssuedDocument, Status
from home.announcement_pdf import KIND, issue_signed_pdf, signed_documents
from home.models import (
    AnnouncementIndexPage,
    AnnouncementKind,
    AnnouncementPage,
    AnnouncementStatus,
    NewsIndexPage,
)
from tests.files import pdf_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def archive(home):
    news = home.add_child(instance=NewsIndexPage(title="Aktuelles", slug="aktuelles"))
    return news.add_child(
        instance=AnnouncementIndexPage(
            title="Bekanntmachungen", slug="bekanntmachungen"
        )
    )


@pytest.fixture
def publish(archive, django_capture_on_commit_callbacks):
    """Create and publish an announcement the way the admin does (signal, commit)."""

    def make(slug="satzung", **fields):
        fields.setdefault("title", "Satzung über die Straßenreinigung")
        fields.setdefault("kind", AnnouncementKind.STATUTE)
        fields.setdefault("summary", "Die Gemeinde regelt die Straßenreinigung neu.")
        fields.setdefault("publication_date", TODAY)
        fields.setdefault(
            "body", [("paragraph", "<p>§ 1 Die Anlieger reinigen die Gehwege.</p>")]
        )
        page = AnnouncementPage(slug=slug, live=False, **fields)
        archive.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return AnnouncementPage.objects.get(pk=page.pk)

    return make


def republish(page, django_capture_on_commit_callbacks, **changes):
    page = AnnouncementPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    return AnnouncementPage.objects.get(pk=page.pk)


def validate(data):
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    context = ValidationContext(trust_roots=signing.trust_roots())
    return validate_pdf_signature(signature, context)


def test_publishing_issues_a_signed_pdf_with_the_publication_date(publish, tmp_path):
    # read the day now, not at collection: a session that passes midnight
    # (Europe/Berlin) would otherwise publish with yesterday's date
    today = timezone.localdate()
    page = publish(publication_date=today)
    (document,) = signed_documents(page)
    assert document.kind == KIND
    assert document.title == page.title
    assert document.language == "de"
    data = document.read()
    status = validate(data)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    # signed at publication: the signing time is the publication date (or the
    # next day, when the test itself passes midnight)
    signed_on = timezone.localtime(status.signer_reported_dt).date()
    assert today <= signed_on <= timezone.localdate()
    text = pdf_text(data, tmp_path)
    assert "Bekannt gemacht am" in text
    assert f"{today.day}. " in text and str(today.year) in text
    assert "Satzung über die Straßenreinigung" in text
    assert "Die Anlieger reinigen die Gehwege." in text
    assert document.display_code in text


def test_pdfsig_validates_and_a_changed_byte_fails(publish, tmp_path):
    data = signed_documents(publish()).get().read()
    original = tmp_path / "original.pdf"
    original.write_bytes(data)
    out = subprocess.run(
        ["pdfsig", str(original)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" in out
    changed = bytearray(data)
    changed[changed.index(b"stream") + 40] ^= 0x01
    tampered = tmp_path / "changed.pdf"
    tampered.write_bytes(bytes(changed))
    out = subprocess.run(
        ["pdfsig", str(tampered)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid" not in out
    try:
        status = validate(bytes(changed))
    except Exception:  # noqa: BLE001 - unreadable counts as broken too
        return
    assert not status.intact and not status.bottom_line


def test_one_document_per_published_content(
    publish, client, django_capture_on_commit_callbacks
):
    page = publish()
    first = signed_documents(page).get()
    # downloads and an unchanged re-publication reuse it
    assert client.get(page.url + "pdf/").content == first.read()
    page = republish(page, django_capture_on_commit_callbacks)
    assert issue_signed_pdf(page).pk == first.pk
    assert signed_documents(page).count() == 1
    # a published change issues a new one that supersedes the first
    page = republish(
        page, django_capture_on_commit_callbacks, summary="Neu gefasst: Gehwege."
    )
    newest, old = signed_documents(page)
    assert newest.supersedes_id == old.pk == first.pk
    assert newest.status == Status.VALID
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    # both stay downloadable, each under its own code
    assert client.get(f"{page.url}pdf/{old.display_code}/").content == old.read()
    assert client.get(page.url + "pdf/").content == newest.read()


def test_first_download_issues_it_when_the_worker_has_not(archive, client):
    page = archive.add_child(
        instance=AnnouncementPage(
            title="Wahlbekanntmachung",
            slug="wahl",
            kind=AnnouncementKind.ELECTION,
            summary="Wahl des Bürgermeisters.",
        )
    )
    assert not signed_documents(page).exists()
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}pdf/"' in html  # nothing issued while viewing
    assert not signed_documents(page).exists()
    response = client.get(page.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    document = signed_documents(page).get()
    assert response.content == document.read()
    assert client.get(page.url + "pdf/").content == document.read()
    assert signed_documents(page).count() == 1
    assert client.get(f"{page.url}pdf/ABCD-EFGH-JKMN-P/").status_code == 404
    # the page viewed before (cached) now links the issued PDF with its code
    assert f'href="{page.url}pdf/{document.display_code}/"' in client.get(page.url).text


def test_page_links_the_signed_pdf_and_its_verification(publish, client):
    page = publish()
    document = signed_documents(page).get()
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}pdf/{document.display_code}/"' in html
    assert "Signierte PDF" in html
    assert f"/pruefen/?code={document.display_code}" in html
    response = client.get(f"{page.url}pdf/{document.display_code}/")
    assert response.content == document.read()
    assert response["Content-Disposition"].startswith("inline")


def test_corrected_announcement_stays_available_and_says_by_which(
    publish, client, django_capture_on_commit_callbacks, tmp_path
):
    original = publish(slug="sitzung", title="Sitzung der Gemeindevertretung")
    document = signed_documents(original).get()
    correction = publish(
        slug="sitzung-berichtigung",
        title="Berichtigung: Sitzung der Gemeindevertretung",
        publication_date=TODAY - datetime.timedelta(days=0),
    )
    original = republish(
        original,
        django_capture_on_commit_callbacks,
        status=AnnouncementStatus.CORRECTED,
        superseded_by=correction,
        status_reason="Die Uhrzeit war falsch.",
        status_changed_on=TODAY,
    )
    # the same document, not a new one, now superseded with the reason
    assert list(signed_documents(original)) == [document]
    document.refresh_from_db()
    assert document.status == Status.SUPERSEDED
    assert "Berichtigung: Sitzung der Gemeindevertretung" in document.status_reason
    # still downloadable, unchanged, and the signature still validates
    response = client.get(f"{original.url}pdf/{document.display_code}/")
    assert response.status_code == 200
    assert response.content == document.read()
    assert validate(response.content).bottom_line
    # the verification page says it was corrected and by which announcement
    page = client.get("/pruefen/", {"code": document.display_code}).content.decode()
    assert "Ersetzt." in page
    assert "Berichtigt durch die Bekanntmachung" in page
    assert "Berichtigung: Sitzung der Gemeindevertretung" in page
    assert "Die Uhrzeit war falsch." not in page  # only the public facts
    upload = io.BytesIO(response.content)
    upload.name = "sitzung.pdf"
    checked = client.post("/pruefen/", {"file": upload}).content.decode()
    assert "Unveränderte" in checked and "Berichtigt durch" in checked
    # the page links the original PDF and says so
    html = client.get(original.url).content.decode()
    assert f"pdf/{document.display_code}/" in html
    # the correction has its own, valid document
    assert signed_documents(correction).get().status == Status.VALID


def test_repeal_and_undo(publish, django_capture_on_commit_callbacks):
    page = publish()
    page = republish(
        page,
        django_capture_on_commit_callbacks,
        status=AnnouncementStatus.REPEALED,
        status_reason="Aufgehoben.",
        status_changed_on=datetime.date(2026, 7, 1),
    )
    document = signed_documents(page).get()
    assert document.status == Status.SUPERSEDED
    assert document.status_reason == "Aufgehoben am 1. Juli 2026."
    republish(
        page,
        django_capture_on_commit_callbacks,
        status=AnnouncementStatus.CURRENT,
        status_reason="",
    )
    document.refresh_from_db()
    assert document.status == Status.VALID and document.status_reason == ""
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1


def test_archives_in_both_languages_link_the_signed_pdfs(
    publish, archive, locale_en, client
):
    page = publish()
    document = signed_documents(page).get()
    english = archive.copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()
    for url, label, verify in (
        (archive.url, "Signierte PDF-Fassung", "/pruefen/"),
        (english.url, "Signed PDF", "/en/verify/"),
    ):
        html = client.get(url).content.decode()
        assert f'href="{page.url}pdf/{document.display_code}/"' in html, url
        assert label in html
        assert f'{verify}?code={document.display_code}"' in html
