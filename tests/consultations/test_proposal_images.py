"""Proposal images (#25): the proposer uploads one image with alt text; it is
checked and stripped like report photos, public only with the published
proposal, and ``Proposal.image`` is the portal's image model."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from consultations.models import ModerationMode, Proposal, ProposalStatus
from portal.models import Licence, PortalImage
from tests import factories
from tests.consultations.factories import proposal, proposal_process
from tests.reports.factories import jpeg_with_exif, png_file

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Ein Trinkwasserbrunnen am Markt",
    "text": "Im Sommer fehlt Wasser für Kinder und Radfahrer.",
    "topic": "environment",
    "place": "Marktplatz",
    "estimated_cost": "",
}


def with_image(upload, **extra):
    return {
        **FORM,
        "image_upload": upload,
        "image_alt": "Ein leerer Marktplatz in der Sonne",
        "image_rights": "on",
        **extra,
    }


def de(message):
    with translation.override("de"):
        return translation.gettext(message)


def test_the_image_model_is_the_portals():
    field = Proposal._meta.get_field("image")
    assert field.related_model is PortalImage
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "portal.PortalImage"


def test_a_proposal_with_an_image_is_stored_without_metadata(client):
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", with_image(jpeg_with_exif()))

    assert response.status_code == 302
    created = Proposal.objects.select_related("image").get()
    image = created.image
    assert image.alt_text == "Ein leerer Marktplatz in der Sonne"
    assert image.licence == Licence.PERMISSION
    assert image.credit == ""  # the author is never shown
    # an unguessable name, not the uploader's file name
    assert "photo" not in image.file.name
    assert image.file.name.startswith("original_images/proposal-")
    with image.file.open() as stored:
        pixels = Image.open(io.BytesIO(stored.read()))
        assert pixels.format == "JPEG"
        assert max(pixels.size) <= settings.REPORTS_PHOTO_MAX_SIDE
        assert not pixels.getexif()  # no camera, no GPS position


def test_the_image_is_shown_with_alt_text_on_the_page_and_the_card(client):
    page = proposal_process()
    item = proposal(
        page,
        image=factories.ImageFactory(alt_text="Der Brunnen als Skizze"),
    )

    detail = client.get(page.url + f"{item.pk}/").content.decode()
    listing = client.get(page.url).content.decode()

    assert 'alt="Der Brunnen als Skizze"' in detail
    assert de("Image: from the proposer") in detail
    assert 'alt="Der Brunnen als Skizze"' in listing
    assert 'class="proposal-card__image"' in listing


def test_a_pending_proposals_image_is_seen_by_its_author_only(client):
    page = proposal_process(moderation=ModerationMode.PRE)
    author = factories.UserFactory()
    client.force_login(author)
    client.post(page.url + "new/", with_image(png_file()))
    created = Proposal.objects.get()
    assert created.status == ProposalStatus.PENDING
    assert 'alt="Ein leerer Marktplatz in der Sonne"' in (
        client.get(page.url + f"{created.pk}/").content.decode()
    )

    client.logout()
    assert client.get(page.url + f"{created.pk}/").status_code == 404
    assert "Marktplatz in der Sonne" not in client.get(page.url).content.decode()

    created.status = ProposalStatus.PUBLISHED
    created.save()
    assert 'alt="Ein leerer Marktplatz in der Sonne"' in (
        client.get(page.url).content.decode()
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("plan.pdf", b"%PDF-1.4 not an image"),
            "The file %(name)s is not a photo (JPEG, PNG or WebP).",
        ),
        (
            SimpleUploadedFile("bild.png", b"<html><script>alert(1)</script>"),
            "The file %(name)s is not a photo (JPEG, PNG or WebP).",
        ),
    ],
)
def test_a_file_that_is_no_image_is_refused_with_a_message(client, upload, message):
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", with_image(upload))

    assert response.status_code == 400
    body = response.content.decode()
    assert de(message) % {"name": upload.name} in body
    assert not Proposal.objects.exists()
    assert not PortalImage.objects.exists()


def test_an_oversized_image_is_refused(client, settings):
    settings.REPORTS_MAX_UPLOAD_MB = 0
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(page.url + "new/", with_image(png_file()))

    assert response.status_code == 400
    assert not Proposal.objects.exists()
    assert not PortalImage.objects.exists()


def test_an_image_needs_alt_text_and_the_right_to_publish(client):
    page = proposal_process()
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + "new/",
        {**FORM, "image_upload": png_file(), "image_alt": " ", "image_rights": ""},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert de("Please describe what the image shows.") in body
    assert de("Please confirm that you may publish the image.") in body
    assert not Proposal.objects.exists()
    assert not PortalImage.objects.exists()


def test_the_author_replaces_and_removes_the_image_before_the_first_support(client):
    page = proposal_process()
    author = factories.UserFactory()
    client.force_login(author)
    client.post(page.url + "new/", with_image(png_file()))
    created = Proposal.objects.get()
    first = created.image_id

    client.post(
        page.url + f"{created.pk}/edit/",
        with_image(png_file("neu.png"), image_alt="Die Skizze des Brunnens"),
    )
    created.refresh_from_db()
    assert created.image_id != first
    assert created.image.alt_text == "Die Skizze des Brunnens"
    assert not PortalImage.objects.filter(pk=first).exists()  # not left behind

    client.post(
        page.url + f"{created.pk}/edit/",
        {**FORM, "image_alt": "Neu beschrieben"},
    )
    created.refresh_from_db()
    assert created.image.alt_text == "Neu beschrieben"

    client.post(page.url + f"{created.pk}/edit/", {**FORM, "remove_image": "on"})
    created.refresh_from_db()
    assert created.image is None
    assert not PortalImage.objects.exists()


def test_another_user_cannot_change_the_image(client):
    page = proposal_process()
    item = proposal(page, image=factories.ImageFactory(alt_text="Original"))
    client.force_login(factories.UserFactory())

    response = client.post(
        page.url + f"{item.pk}/edit/", with_image(png_file(), image_alt="Fremd")
    )

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.image.alt_text == "Original"
    assert PortalImage.objects.count() == 1
