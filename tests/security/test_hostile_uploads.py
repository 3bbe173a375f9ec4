"""Hostile files wherever people outside the administration upload one.

Business owners upload a logo (an image); citizens attach files to service
applications and to consultation answers (PDF, PNG, JPEG, checked by extension
and content). Wrong types, fake extensions, polyglots, oversized images and
decompression bombs are refused with a German message, never a 500, and nothing
is saved: no page, no image, no application, no response.

The shared world (``tests/world.py``) holds the business directory with an entry
and its approval workflow (``setup_roles``); the citizen who uploads, the service
and the consultation that take attachments are made once for the module
(``targets``), each test posting in a savepoint of its own.
"""

import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from wagtail.models import WorkflowPage

from accounts.models import RoleKind
from accounts.permissions import grant_owner
from business.models import BusinessEntryPage, PendingLogo
from consultations.models import Participation, Response
from portal.models import PortalImage
from services.models import Application
from tests import factories
from tests.business.helpers import form_data
from tests.consultations.helpers import Q_FILE, make_consultation, valid_answers
from tests.services.factories import bonfire_service
from tests.world import world_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def build_targets(world):
    """Who uploads, and where: a service with a required site plan and a
    consultation open to anyone, once for the module."""
    return SimpleNamespace(
        citizen=factories.UserFactory(),
        service=bonfire_service(),
        consultation=make_consultation(participation=Participation.ANYONE),
    )


targets = world_data(build_targets)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def png_bomb(width=30_000, height=30_000):
    """A PNG of a few hundred bytes that declares ``width`` × ``height`` pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # greyscale
    row = b"\x00" + b"\x00" * width
    data = zlib.compress(row * 64, 9)  # only the first rows: the header is the bomb
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def gif_polyglot():
    """A valid GIF whose bytes are also an HTML page with a script."""
    buffer = io.BytesIO()
    Image.new("P", (2, 2)).save(buffer, "GIF", comment=HTML)
    content = buffer.getvalue()
    assert HTML in content
    return content


def svg():
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def tiff():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "TIFF")
    return buffer.getvalue()


# --- business logos --------------------------------------------------------------------

LOGOS = {
    "pdf-as-png": ("logo.png", PDF),
    "html-as-png": ("logo.png", HTML),
    "svg-with-script": ("logo.svg", svg()),
    "gif-html-polyglot": ("logo.gif", gif_polyglot()),
    "gif-polyglot-as-png": ("logo.png", gif_polyglot()),
    "tiff": ("logo.tiff", tiff()),
    "too-wide": ("logo.png", png(3001, 10)),
    "decompression-bomb": ("logo.png", png_bomb()),
    "bomb-below-pillow-limit": ("logo.png", png_bomb(10_000, 10_000)),
    "empty": ("logo.png", b""),
    "truncated-png": ("logo.png", png(20, 20)[:40]),
}


@pytest.fixture
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def entry(world):
    return BusinessEntryPage.objects.get(pk=world.business.entry.pk)


@pytest.mark.parametrize("name", LOGOS)
def test_hostile_logo_is_refused_and_nothing_saved(
    client, entry, targets, german, name
):
    filename, content = LOGOS[name]
    client.force_login(targets.citizen)
    data = form_data(entry, title="Neuer Hof mit Logo")
    before = (BusinessEntryPage.objects.count(), PortalImage.objects.count())
    response = client.post(
        reverse("business:entry_create"),
        {**data, "logo_upload": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 200, name
    errors = response.context["form"].errors
    assert list(errors) == ["logo_upload"], errors
    message = " ".join(errors["logo_upload"])
    assert any(word in message for word in ("Bild", "Logo", "Datei", "leer")), (
        message
    )  # German
    assert (BusinessEntryPage.objects.count(), PortalImage.objects.count()) == before


def test_a_real_logo_is_accepted(client, entry, targets, german):
    """The refusals above are about the files, not about the form."""
    client.force_login(targets.citizen)
    data = form_data(entry, title="Neuer Hof mit Logo")
    before = PortalImage.objects.count()
    response = client.post(
        reverse("business:entry_create"),
        {**data, "logo_upload": SimpleUploadedFile("logo.png", png(300, 120))},
    )
    assert response.status_code == 302, response.context["form"].errors
    # waiting for approval in the private storage, not a public image yet
    assert PendingLogo.objects.filter(entry__title="Neuer Hof mit Logo").exists()
    assert PortalImage.objects.count() == before


# --- service application attachments ---------------------------------------------------

ATTACHMENTS = {
    "html-as-pdf": ("plan.pdf", HTML),
    "gif-polyglot-as-png": ("plan.png", gif_polyglot()),
    "pdf-as-jpg": ("plan.jpg", PDF),
    "html": ("plan.html", HTML),
    "svg": ("plan.svg", svg()),
    "no-extension": ("plan", PDF),
    "double-extension": ("plan.pdf.html", PDF),
}


@pytest.mark.parametrize("name", ATTACHMENTS)
def test_hostile_application_attachment_is_refused(client, targets, german, name):
    filename, content = ATTACHMENTS[name]
    client.force_login(targets.citizen)
    page = targets.service
    before = Application.objects.count()
    response = client.post(
        reverse("services:apply", args=[page.pk]),
        {
            "ort_des_feuers": "Festwiese",
            "datum": "2027-04-17",
            "verantwortliche_person": "Bernd Bürger",
            "telefon": "0385 1",
            "lageplan": SimpleUploadedFile(filename, content),
        },
    )
    assert response.status_code == 200, name
    html = response.content.decode()
    assert "PDF-, JPEG- oder PNG-Datei" in html or "passt nicht" in html, name
    assert Application.objects.count() == before


# --- consultation attachments ----------------------------------------------------------


@pytest.mark.parametrize("name", ATTACHMENTS)
def test_hostile_consultation_attachment_is_refused(client, targets, german, name):
    filename, content = ATTACHMENTS[name]
    page = targets.consultation
    before = Response.objects.count()
    response = client.post(
        page.url + "answer/",
        {**valid_answers(), f"q-{Q_FILE}": SimpleUploadedFile(filename, content)},
    )
    assert response.status_code == 400, name  # the questionnaire's refusal
    html = response.content.decode()
    assert any(
        text in html for text in ("PDF-, PNG- oder JPEG-Datei", "PNG", "passt nicht")
    ), name
    assert Response.objects.count() == before


# --- the limits of images uploaded in the admin ---------------------------------------


def test_image_limits_are_set():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 64_000_000
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


def test_logo_of_a_change_that_cannot_be_submitted_is_not_kept(client, entry, german):
    """Without an approval workflow the change is refused, and its logo goes too."""
    page = entry
    owner = factories.user_with_role(RoleKind.ACTOR)
    grant_owner(page, owner)
    WorkflowPage.objects.all().delete()
    client.force_login(owner)
    before = PortalImage.objects.count()
    response = client.post(
        reverse("business:entry_edit", args=[page.pk]),
        {**form_data(page), "logo_upload": SimpleUploadedFile("l.png", png(90, 30))},
    )
    assert response.status_code == 200
    assert "kern-alert--danger" in response.content.decode()
    assert PortalImage.objects.count() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (png_bomb(), "Bild"),  # Pillow refuses to open it at all
        (png_bomb(10_000, 10_000), "zu viele Pixel"),  # WAGTAILIMAGES_MAX_IMAGE_PIXELS
    ],
)
def test_admin_image_form_refuses_decompression_bombs(german, content, message):
    """Editors' uploads: the limit of Wagtail's image form, below Pillow's own."""
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(PortalImage)
    form = form_class(
        data={"title": "Bombe", "alt_text": "x", "credit": "x", "licence": "own"},
        files={"file": SimpleUploadedFile("bombe.png", content)},
        user=factories.StaffFactory(is_superuser=True),
    )
    assert not form.is_valid()
    assert message in " ".join(form.errors["file"]), form.errors["file"]
