"""Object permissions: owners may, others get 403, staff editors may."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from guardian.models import UserObjectPermission
from wagtail.models import GroupPagePermission

from accounts.models import RoleKind, UserRole
from accounts.permissions import (
    grant_owner,
    objects_owned_by,
    revoke_owner,
    user_can_edit,
    user_is_owner,
)
from business.models import BusinessEntryPage
from portal.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.fixture
def entry(locale_de):
    return Municipality.objects.get(slug="banzkow", locale=locale_de)


@pytest.fixture
def owner(demo_user, entry):
    user = demo_user("unternehmen")
    grant_owner(entry, user)
    return user


def test_api(owner, entry, demo_user):
    other = demo_user("buerger")
    assert user_is_owner(owner, entry)
    assert user_can_edit(owner, entry)
    assert not user_can_edit(other, entry)
    assert list(objects_owned_by(owner, Municipality.objects.all())) == [entry]
    revoke_owner(entry, owner)
    assert not user_can_edit(owner, entry)
    # (The demo also makes this user the owner of directory entries.)
    assert not UserObjectPermission.objects.filter(
        user=owner, object_pk=str(entry.pk), content_type__model="municipality"
    ).exists()


def test_staff_needs_the_model_change_permission(entry, demo_user):
    editor = demo_user("redaktion")
    editor.user_permissions.remove(
        *Permission.objects.filter(codename="change_municipality")
    )
    editor = type(editor).objects.get(pk=editor.pk)
    has_group_perm = editor.has_perm("portal.change_municipality")
    assert user_can_edit(editor, entry) is has_group_perm
    editor.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    editor = type(editor).objects.get(pk=editor.pk)  # fresh permission cache
    assert user_can_edit(editor, entry)


@pytest.mark.urls("tests.accounts.permission_urls")
def test_view_mixin(client, owner, entry, demo_user):
    url = f"/edit/{entry.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login

    client.force_login(owner)
    assert client.get(url).content == b"edit Banzkow"

    for username in ["buerger", "buerger-verifiziert"]:
        client.force_login(demo_user(username))
        assert client.get(url).status_code == 403

    staff = demo_user("pruefung")
    staff.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    client.force_login(staff)
    assert client.get(url).status_code == 200

    client.force_login(demo_user("admin"))
    assert client.get(url).status_code == 200


def test_admin_lists_and_revokes_grants(client, owner, entry, demo_user):
    grant = UserObjectPermission.objects.filter(
        user=owner, permission__codename="change_municipality"
    ).get()
    index = reverse("userobjectpermission:index")

    client.force_login(demo_user("redaktion"))  # staff without the grant permission
    assert client.get(index).status_code in {302, 403}

    client.force_login(demo_user("admin"))
    response = client.get(index)
    assert response.status_code == 200
    assert "unternehmen" in response.content.decode()
    assert client.get(reverse("userobjectpermission:add")).status_code in {302, 403}
    response = client.post(reverse("userobjectpermission:delete", args=[grant.pk]))
    assert response.status_code == 302
    assert not UserObjectPermission.objects.filter(pk=grant.pk).exists()
    assert not user_is_owner(owner, entry)


def test_staff_confirm_council_member(client, demo_user):
    citizen = demo_user("buerger")
    role = UserRole.objects.create(
        user=citizen, role=RoleKind.COUNCIL, organisation="Gemeindevertretung Plate"
    )
    assert not role.is_confirmed
    admin = demo_user("admin")
    client.force_login(admin)
    response = client.post(
        reverse("userrole:edit", args=[role.pk]),
        {
            "user": citizen.pk,
            "role": RoleKind.COUNCIL,
            "organisation": "Gemeindevertretung Plate",
            "municipality": "",
            "confirmed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    role.refresh_from_db()
    assert role.is_confirmed
    assert role.confirmed_by == admin


def test_demo_actor_role(demo_user):
    role = UserRole.objects.get(user=demo_user("unternehmen"))
    assert role.role == RoleKind.ACTOR
    assert role.is_confirmed


def test_staff_edit_pages_only_with_the_page_permission_of_their_section(
    django_user_model,
):
    page = BusinessEntryPage.objects.live().first()
    staff = django_user_model.objects.create_user(
        "fremd-redaktion", password="x", is_staff=True
    )
    # The model permission alone (e.g. from another section's group) is not enough.
    staff.user_permissions.add(
        Permission.objects.get(codename="change_businessentrypage")
    )
    staff = django_user_model.objects.get(pk=staff.pk)
    assert not user_can_edit(staff, page)

    group = Group.objects.create(name="Wirtschaftsredaktion")
    GroupPagePermission.objects.create(
        group=group,
        page=page.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    staff.groups.add(group)
    staff = django_user_model.objects.get(pk=staff.pk)
    assert user_can_edit(staff, page)
