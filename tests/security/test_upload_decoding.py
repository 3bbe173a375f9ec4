"""Finding 7 of issue #19: uploads judged by their first bytes only.

The pen test got a truncated PNG declaring 30,000 × 30,000 pixels and a
``%PDF-`` + HTML polyglot accepted, and the browser's Content-Type was stored
and sent back. Now every upload from outside the administration goes through
``portal.uploads.check_content``: images are measured before decoding and then
decoded completely, PDFs are parsed, the type comes from the content.
"""

from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import PngImagePlugin

from accounts.models import IdentityLevel
from business.forms import EntryForm
from business.models import BusinessDirectoryPage, BusinessEntryPage
from consultations.models import Participation, Response
from portal.uploads import check_content, content_type_for
from services.models import Application, ApplicationFile, ServiceFormField
from tests.consultations.factories import consultation
from tests.consultations.helpers import Q_CHOICE, Q_FILE, Q_TEXT
from tests.factories import UserFactory, add_page, translated_municipality
from tests.files import (
    HTML,
    jpeg_bytes,
    pdf_bytes,
    pdf_html_polyglot,
    pdf_with_html_inside,
    png_bytes,
    truncated_huge_png,
    truncated_png,
)
from tests.services.factories import QUANTITY_LABEL, service_page

ATTACHMENT = ("pdf", "png", "jpg", "jpeg")


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def refusal(name, content, extensions=ATTACHMENT, **options):
    with pytest.raises(ValidationError) as caught:
        check_content(upload(name, content), extensions, **options)
    return caught.value


# --- the shared check ----------------------------------------------------------------


def test_truncated_png_declaring_30000_pixels_square_is_refused():
    error = refusal("plan.png", truncated_huge_png())
    assert error.code == "image_too_many_pixels"
    assert "zu viele Pixel" in " ".join(error.messages)


def test_the_pixel_limit_is_checked_before_decoding(settings):
    """Below Pillow's own bomb limit (89 M px) the portal's limit refuses a
    8,000 × 8,000 declaration without decoding a single pixel."""
    settings.UPLOAD_MAX_IMAGE_PIXELS = 50_000_000
    with mock.patch.object(PngImagePlugin.PngImageFile, "load") as load:
        error = refusal("plan.png", truncated_huge_png(8_000, 8_000))
    assert error.code == "image_too_many_pixels"
    assert "8000 × 8000" in " ".join(error.messages)
    load.assert_not_called()


@pytest.mark.parametrize(
    "content",
    [
        truncated_huge_png(4_000, 4_000),  # below every limit, cut after its rows
        truncated_png(),  # a real image cut in the middle of its pixels
        png_bytes()[:60],
    ],
    ids=["declared-large-cut", "noise-cut", "header-only"],
)
def test_truncated_images_are_refused(content):
    error = refusal("plan.png", content)
    assert error.code == "image_unreadable"
    assert "beschädigt" in " ".join(error.messages)


@pytest.mark.parametrize(
    "content",
    [pdf_html_polyglot(), pdf_with_html_inside()],
    ids=["pdf-header-then-html", "valid-pdf-with-html-comment"],
)
def test_pdf_html_polyglot_is_refused(content):
    error = refusal("plan.pdf", content)
    assert error.code == "pdf_markup"
    assert "Webseiten-Code" in " ".join(error.messages)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",  # no xref, no catalogue
        b"%PDF-1.7\n" + b"\xff" * 2000,
        pdf_bytes()[:400],  # cut off: no trailer
    ],
    ids=["no-xref", "junk", "cut-off"],
)
def test_broken_pdfs_are_refused(content):
    error = refusal("plan.pdf", content)
    assert error.code == "pdf_unreadable"
    assert "kein echtes PDF" in " ".join(error.messages)


@pytest.mark.parametrize(
    "name, content",
    [
        ("plan.pdf", HTML),
        ("plan.pdf", png_bytes()),
        ("plan.png", pdf_bytes()),
        ("plan.jpg", png_bytes()),
        ("plan.png", jpeg_bytes()),
    ],
)
def test_content_must_match_the_extension(name, content):
    assert refusal(name, content).code == "file_content_mismatch"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("plan.pdf", pdf_bytes(), "application/pdf"),
        ("foto.PNG", png_bytes(), "image/png"),
        ("foto.jpeg", jpeg_bytes(), "image/jpeg"),
    ],
)
def test_the_type_comes_from_the_content_not_the_browser(name, content, expected):
    spoofed = upload(name, content, "text/html")
    checked = check_content(spoofed, ATTACHMENT)
    assert checked.content_type == expected
    assert spoofed.content_type == expected
    assert content_type_for(name) == expected


# --- consultation attachments -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.png", truncated_huge_png(), "zu viele Pixel"),
        ("plan.pdf", pdf_html_polyglot(), "Webseiten-Code"),
        ("plan.png", truncated_png(), "beschädigt"),
    ],
)
def test_consultation_refuses_hostile_attachment_and_keeps_the_answers(
    client, site, name, content, message
):
    page = consultation(participation=Participation.ANYONE)
    response = client.post(
        page.url + "answer/",
        {
            f"q-{Q_CHOICE}": "1",
            f"q-{Q_TEXT}": "Mein Beitrag bleibt stehen.",
            f"q-{Q_FILE}": upload(name, content, "image/png"),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [f"q-{Q_FILE}"]
    assert message in " ".join(form.errors[f"q-{Q_FILE}"])
    html = response.content.decode()
    assert "Mein Beitrag bleibt stehen." in html  # the rest of the form is kept
    assert Response.objects.count() == 0


# --- service application files ------------------------------------------------------------


@pytest.fixture
def file_service(site):
    fields = [
        ServiceFormField(
            label="Dokument", field_type="singleline", required=True, sort_order=0
        ),
        ServiceFormField(
            label=QUANTITY_LABEL, field_type="number", required=True, sort_order=1
        ),
        ServiceFormField(
            label="Lageplan", field_type="file", required=True, sort_order=2
        ),
    ]
    Group.objects.get_or_create(name="Bürgerbüro")
    return service_page(form_fields=fields)


@pytest.fixture
def applicant():
    user = UserFactory()
    user.identity_level = IdentityLevel.EMAIL
    return user


def apply(client, page, file):
    return client.post(
        reverse("services:apply", args=[page.pk]),
        {"dokument": "Zeugnis", "anzahl_der_kopien": "2", "lageplan": file},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.png", truncated_huge_png(), "zu viele Pixel"),
        ("plan.pdf", pdf_html_polyglot(), "Webseiten-Code"),
        ("plan.pdf", pdf_with_html_inside(), "Webseiten-Code"),
    ],
)
def test_application_refuses_hostile_file_and_keeps_the_answers(
    client, file_service, applicant, name, content, message
):
    client.force_login(applicant)
    response = apply(client, file_service, upload(name, content, "application/pdf"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["lageplan"], form.errors
    assert message in " ".join(form.errors["lageplan"])
    assert 'value="Zeugnis"' in response.content.decode()
    assert Application.objects.count() == 0


def test_application_file_type_is_sniffed_and_sent_back_safely(
    client, file_service, applicant
):
    """A PNG sent as ``text/html`` is stored and served as ``image/png``."""
    client.force_login(applicant)
    response = apply(client, file_service, upload("plan.png", png_bytes(), "text/html"))
    assert response.status_code == 302, response.context["form"].errors
    stored = ApplicationFile.objects.get()
    assert stored.content_type == "image/png"
    download = client.get(
        reverse("services:file", args=[stored.application.reference, stored.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == png_bytes()


def test_application_file_served_with_stored_type_never_the_browsers(
    client, file_service, applicant
):
    """Rows stored before the fix kept the browser's type; the download ignores it."""
    client.force_login(applicant)
    apply(client, file_service, upload("plan.pdf", pdf_bytes(), "application/pdf"))
    stored = ApplicationFile.objects.get()
    ApplicationFile.objects.filter(pk=stored.pk).update(content_type="text/html")
    download = client.get(
        reverse("services:file", args=[stored.application.reference, stored.pk])
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")


# --- directory logos ------------------------------------------------------------------


@pytest.fixture
def entry_form_data(home):
    directory = add_page(home, BusinessDirectoryPage, title="Verzeichnis")
    municipality = translated_municipality()
    data = {
        "title": "Hofladen Sonnenblume",
        "actor_type": BusinessEntryPage._meta.get_field("actor_type").default,
        "municipality": municipality.pk,
        "tag_list": "bio",
        "intro": "Gemüse vom Hof.",
    }
    return directory, data


def entry_form(directory, data, logo):
    return EntryForm(
        data,
        {"logo_upload": logo},
        instance=BusinessEntryPage(locale=directory.locale),
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (truncated_huge_png(), "Bild"),
        (truncated_png(), "Bild"),
        (pdf_html_polyglot(), "Bild"),
    ],
    ids=["huge-truncated", "truncated", "pdf-polyglot"],
)
def test_logo_is_decoded_completely(entry_form_data, content, message):
    directory, data = entry_form_data
    form = entry_form(directory, data, upload("logo.png", content, "image/png"))
    assert not form.is_valid()
    assert list(form.errors) == ["logo_upload"], form.errors
    assert message in " ".join(form.errors["logo_upload"])
    assert form["title"].value() == "Hofladen Sonnenblume"  # the rest is kept


def test_logo_is_stored_under_the_type_of_its_content(entry_form_data):
    """A JPEG called ``logo.png`` (sent as text/html) is stored as ``.jpg``, so
    the type the media server derives from the name is the real one."""
    directory, data = entry_form_data
    form = entry_form(directory, data, upload("logo.png", jpeg_bytes(), "text/html"))
    assert form.is_valid(), form.errors
    form.save()
    name = form.logo_to_keep().name
    assert name.endswith(".jpg")
    assert name != "logo.png"
