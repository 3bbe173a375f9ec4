"""Staff decide per photo whether it is public: the page, Open311 and the photo URL
follow; every other role is refused."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from reports.choices import EventKind
from reports.models import ReportPhoto
from reports.photos import clean
from tests.factories import StaffFactory, UserFactory
from tests.security.staff import (
    login_password_only,
    login_with_second_factor,
    second_factor_step,
)

from .factories import ReportFactory, png_file
from .test_admin import department, edit_data

pytestmark = pytest.mark.django_db

OPEN311 = "/open311/v2/"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.fixture
def report():
    bauhof = department("Bauhof")
    report = ReportFactory(department=bauhof)
    for name in ("a.jpg", "b.jpg"):
        photo = ReportPhoto(report=report, width=40, height=30)
        photo.file.save(name, clean(png_file()).content)
    return report


def edit_url(report):
    return reverse("citizen_reports:edit", args=[report.pk])


def post_public(client, report, photos):
    return client.post(
        edit_url(report),
        {**edit_data(report), "public_photos": [photo.pk for photo in photos]},
    )


def test_department_staff_make_a_photo_internal_and_public_again(client, report):
    first, second = report.photos.all()
    staff = StaffFactory(groups=["Bauhof"])
    client.force_login(staff)
    form_page = client.get(edit_url(report)).content.decode()
    assert 'name="public_photos"' in form_page
    assert f'src="{first.get_absolute_url()}"' in form_page

    response = post_public(client, report, [second])
    assert response.status_code == 302, response.content.decode()[:1500]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.public, second.public) == (False, True)
    note = report.events.get(kind=EventKind.NOTE)
    assert (note.public, note.actor, note.text) == (False, staff, "Foto 1 ist intern.")

    client.logout()
    page = client.get(report.get_absolute_url()).content.decode()
    assert first.get_absolute_url() not in page
    assert second.get_absolute_url() in page
    assert client.get(first.get_absolute_url()).status_code == 404
    assert client.get(second.get_absolute_url()).status_code == 200
    data = client.get(OPEN311 + f"requests/{report.pk}.json").json()
    assert data[0]["media_url"].endswith(second.get_absolute_url())

    # both internal: no photo anywhere in public
    client.force_login(staff)
    post_public(client, report, [])
    client.logout()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "/fotos/" not in page and "/photos/" not in page
    data = client.get(OPEN311 + f"requests/{report.pk}.json").json()
    assert data[0]["media_url"] is None

    # public again
    client.force_login(staff)
    post_public(client, report, [first, second])
    assert set(report.photos.values_list("public", flat=True)) == {True}
    assert report.events.filter(kind=EventKind.NOTE).count() == 3


def test_saving_without_changes_records_nothing(client, report):
    client.force_login(StaffFactory(groups=["Bauhof"]))
    post_public(client, report, list(report.photos.all()))
    assert not report.events.filter(kind=EventKind.NOTE).exists()


def test_staff_of_another_department_cannot_change_photos(client, report):
    department("Ordnungsamt")
    client.force_login(StaffFactory(groups=["Ordnungsamt"]))
    response = post_public(client, report, [])
    assert response.status_code == 404
    assert set(report.photos.values_list("public", flat=True)) == {True}


def test_editor_without_report_permission_is_sent_to_the_dashboard(client, report):
    editors = Group.objects.create(name="Redaktion")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(StaffFactory(groups=["Redaktion"]))
    response = post_public(client, report, [])
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert set(report.photos.values_list("public", flat=True)) == {True}


def test_citizen_without_admin_access_is_sent_to_the_login(client, report):
    client.force_login(UserFactory())
    response = post_public(client, report, [])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert set(report.photos.values_list("public", flat=True)) == {True}


def test_anonymous_is_sent_to_the_login(client, report):
    response = post_public(client, report, [])
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("wagtailadmin_login") + "?next=" + edit_url(report)
    )
    assert set(report.photos.values_list("public", flat=True)) == {True}


# The photo address of an internal photo or of a report not yet released is a
# private file: each role that must be refused is (issue #19, every private file
# type as anonymous, other citizen, staff without second factor).


@pytest.fixture
def internal_photo(report):
    photo = report.photos.first()
    photo.public = False
    photo.save(update_fields=["public"])
    return photo


def test_internal_photo_is_refused_to_anonymous_and_citizens(client, internal_photo):
    url = internal_photo.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_internal_photo_is_refused_to_staff_of_another_department(
    client, internal_photo
):
    department("Ordnungsamt")
    client.force_login(StaffFactory(groups=["Ordnungsamt"]))
    assert client.get(internal_photo.get_absolute_url()).status_code == 404


@override_settings(STAFF_2FA_REQUIRED=True)
def test_internal_photo_needs_the_second_factor(client, internal_photo):
    url = internal_photo.get_absolute_url()
    clerk = StaffFactory(groups=["Bauhof"])
    login_password_only(client, clerk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == second_factor_step(url)

    client.logout()
    login_with_second_factor(client, clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")


def test_public_photo_of_a_released_report_is_public(client, report):
    photo = report.photos.filter(public=True).first()
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert "private" not in response["Cache-Control"]
