"""Finding 7 of issue #19: outside users' logos were public before approval.

A logo uploaded with a new entry or a change was a Wagtail image in public
media at once. Now it waits in the private storage (``business.PendingLogo``),
is served only to the entry's owners and to staff who may edit the entry (with
the second factor), and becomes a public Wagtail image when the change is
published.
"""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from business.models import BusinessDirectoryPage, BusinessEntryPage, PendingLogo
from portal.models import PortalImage
from tests.factories import (
    UserFactory,
    add_page,
    home_page,
    module_data,
    translated_municipality,
)
from tests.files import jpeg_bytes, png_bytes

from .staff import (
    login_password_only,
    login_with_second_factor,
    second_factor_step,
    staff_with,
)

LOGIN = "/konto/login/"


def build_world():
    """The directory with its approval workflow and a municipality, built once
    for the module (primary keys); the entries and logos are made per test."""
    page = add_page(home_page(), BusinessDirectoryPage, title="Verzeichnis")
    reviewers = Group.objects.create(name="Verzeichnisprüfung")
    task = GroupApprovalTask.objects.create(name="Prüfung")
    task.groups.add(reviewers)
    workflow = Workflow.objects.create(name="Verzeichnis", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page)
    return SimpleNamespace(directory=page.pk, municipality=translated_municipality())


world = module_data(build_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def directory(world):
    return BusinessDirectoryPage.objects.get(pk=world.directory)


@pytest.fixture
def municipality(db, world):
    return world.municipality


def entry_data(municipality, **changes):
    return {
        "title": "Hofladen Sonnenblume",
        "actor_type": BusinessEntryPage._meta.get_field("actor_type").default,
        "municipality": municipality.pk,
        "tag_list": "bio",
        "intro": "Gemüse vom Hof.",
        **changes,
    }


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def pending(client, directory, municipality, owner, django_capture_on_commit_callbacks):
    """A new entry sent with a logo by its owner, waiting for approval."""
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("business:entry_create"),
            {
                **entry_data(municipality),
                "logo_upload": SimpleUploadedFile(
                    "hofladen-logo.png", png_bytes(120, 60), "image/png"
                ),
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return PendingLogo.objects.select_related("entry").get()


def url(logo):
    return reverse("business:pending_logo", args=[logo.pk])


def editor_of(directory):
    """Staff with Wagtail's edit permission on the directory's pages."""
    user = staff_with()
    group = user.groups.get()
    GroupPagePermission.objects.create(
        group=group,
        page=directory,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    return user


# --- kept private until approval ----------------------------------------------------


def test_logo_waits_in_the_private_storage_not_in_media(pending, client):
    path = pending.file.path
    assert path.startswith(os.path.realpath(settings.SERVICES_PRIVATE_ROOT) + os.sep)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    assert os.path.exists(path)
    assert "hofladen" not in pending.file.name
    assert PortalImage.objects.count() == 0  # nothing in public media
    assert pending.entry.logo_id is None
    assert pending.revision_id == pending.entry.latest_revision_id
    assert client.get(f"{settings.MEDIA_URL}{pending.file.name}").status_code == 404


def test_anonymous_is_sent_to_login(client, pending):
    response = client.get(url(pending))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url(pending)}"


def test_other_citizen_gets_404(client, pending):
    client.force_login(UserFactory())
    assert client.get(url(pending)).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_without_second_factor_are_sent_to_the_code_page(
    client, pending, directory
):
    login_password_only(client, editor_of(directory))
    response = client.get(url(pending))
    assert response.status_code == 302
    assert response["Location"] == second_factor_step(url(pending))


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_without_edit_permission_get_404(client, pending):
    login_with_second_factor(client, staff_with())
    assert client.get(url(pending)).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_staff_who_may_edit_the_entry_see_it(client, pending, directory):
    login_with_second_factor(client, editor_of(directory))
    response = client.get(url(pending))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes(120, 60)


@override_settings(STAFF_2FA_REQUIRED=True)
def test_owner_sees_it_inline_with_the_sniffed_type(client, pending, owner):
    client.force_login(owner)  # owners are never asked for a second factor
    response = client.get(url(pending))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "private, no-store" in response["Cache-Control"]
    # and the owner's form shows it
    page = client.get(reverse("business:entry_edit", args=[pending.entry_id]))
    assert url(pending) in page.content.decode()


@override_settings(STAFF_2FA_REQUIRED=True)
def test_the_admin_editor_shows_it_to_staff(client, pending, directory):
    login_with_second_factor(client, editor_of(directory))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pending.entry_id]))
    assert response.status_code == 200
    assert url(pending) in response.content.decode()


# --- published with the change ---------------------------------------------------------


def test_publishing_the_change_makes_it_the_public_logo(
    pending, django_capture_on_commit_callbacks
):
    private_path = pending.file.path
    entry = BusinessEntryPage.objects.get(pk=pending.entry_id)
    with django_capture_on_commit_callbacks(execute=True):
        entry.latest_revision.publish()
    entry.refresh_from_db()
    assert entry.live
    logo = entry.logo
    assert logo is not None
    assert logo.file.name.startswith("original_images/logo-")
    assert logo.file.name.endswith(".png")
    with logo.file.open("rb") as stored:
        assert stored.read() == png_bytes(120, 60)
    assert not PendingLogo.objects.exists()
    assert not os.path.exists(private_path)  # no orphan in the private storage
    # the next change starts from the new logo
    assert entry.get_latest_revision_as_object().logo_id == logo.pk


def test_a_new_logo_replaces_the_waiting_one(
    client, pending, owner, municipality, django_capture_on_commit_callbacks
):
    first_path = pending.file.path
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("business:entry_edit", args=[pending.entry_id]),
            {
                **entry_data(municipality),
                "logo_upload": SimpleUploadedFile("neu.png", jpeg_bytes(), "image/png"),
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    replacement = PendingLogo.objects.get()
    assert replacement.file.name.endswith(".jpg")  # the type of the content
    assert not os.path.exists(first_path)
    assert PortalImage.objects.count() == 0


def test_a_change_without_logo_keeps_the_waiting_one(
    client, pending, owner, municipality
):
    client.force_login(owner)
    response = client.post(
        reverse("business:entry_edit", args=[pending.entry_id]),
        entry_data(municipality, intro="Neuer Text."),
    )
    assert response.status_code == 302, response.context["form"].errors
    kept = PendingLogo.objects.get()
    assert kept.pk == pending.pk
    assert (
        kept.revision_id
        == BusinessEntryPage.objects.get(pk=pending.entry_id).latest_revision_id
    )


def test_deleting_the_entry_deletes_the_waiting_logo(
    pending, django_capture_on_commit_callbacks
):
    path = pending.file.path
    with django_capture_on_commit_callbacks(execute=True):
        BusinessEntryPage.objects.get(pk=pending.entry_id).delete()
    assert not PendingLogo.objects.exists()
    assert not os.path.exists(path)
