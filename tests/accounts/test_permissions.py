"""Object permissions: owners may, others get 403, staff editors may."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
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
from portal.models import Municipality
from portal.roles import setup_roles
from tests import factories
from tests.business.factories import entry as business_entry

pytestmark = pytest.mark.django_db


def build_world():
    """A municipality owned by an actor, a second municipality and a directory
    entry; a citizen, a verified citizen, an editor and a reviewer (the groups
    of ``setup_roles``) and an administrator."""
    setup_roles()
    municipality = factories.MunicipalityFactory(name="Banzkow", slug="banzkow")
    owner = factories.user_with_role(
        RoleKind.ACTOR, municipality=municipality, organisation="Hofladen Banzkow"
    )
    grant_owner(municipality, owner)
    return SimpleNamespace(
        municipality=municipality,
        other_municipality=factories.MunicipalityFactory(),
        owner=owner,
        citizen=factories.UserFactory(),
        verified=factories.verified_citizen(),
        editor=factories.StaffFactory(
            groups=["Redaktion Allgemein und Aktuelles", "Redaktion Tourismus"]
        ),
        reviewer=factories.StaffFactory(groups=["Fachamt"]),
        admin=factories.UserFactory(is_staff=True, is_superuser=True),
        business_entry=business_entry(),
    )


world = factories.module_data(build_world)


def fresh(user):
    """``user`` again from the database (an empty permission cache)."""
    return type(user).objects.get(pk=user.pk)


def test_api(world):
    owner, municipality = world.owner, world.municipality
    assert user_is_owner(owner, municipality)
    assert user_can_edit(owner, municipality)
    assert not user_can_edit(world.citizen, municipality)
    assert not user_can_edit(owner, world.other_municipality)
    assert list(objects_owned_by(owner, Municipality.objects.all())) == [municipality]
    revoke_owner(municipality, owner)
    assert not user_can_edit(owner, municipality)
    assert not UserObjectPermission.objects.filter(
        user=owner, object_pk=str(municipality.pk), content_type__model="municipality"
    ).exists()


def test_staff_needs_the_model_change_permission(world):
    editor = fresh(world.editor)
    assert not editor.has_perm("portal.change_municipality")  # not an editor's
    assert not user_can_edit(editor, world.municipality)
    editor.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    assert user_can_edit(fresh(editor), world.municipality)


@pytest.mark.urls("tests.accounts.permission_urls")
def test_view_mixin(client, world):
    url = f"/edit/{world.municipality.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(url).url  # anonymous: login

    client.force_login(world.owner)
    assert client.get(url).content == b"edit Banzkow"

    for refused in [world.citizen, world.verified, world.editor, world.reviewer]:
        client.force_login(refused)
        assert client.get(url).status_code == 403, refused.username

    # The owner of one municipality is refused another one.
    client.force_login(world.owner)
    other = f"/edit/{world.other_municipality.pk}/"
    assert client.get(other).status_code == 403

    staff = world.reviewer
    staff.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    client.force_login(staff)
    assert client.get(url).status_code == 200

    client.force_login(world.admin)
    assert client.get(url).status_code == 200


def test_admin_lists_and_revokes_grants(client, world):
    owner, municipality = world.owner, world.municipality
    grant = UserObjectPermission.objects.filter(
        user=owner, permission__codename="change_municipality"
    ).get()
    index = reverse("userobjectpermission:index")
    delete = reverse("userobjectpermission:delete", args=[grant.pk])

    # anonymous visitors and citizens: to the admin login
    for user in [None, world.citizen, world.owner]:
        if user is not None:
            client.force_login(user)
        for url in [index, delete]:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == (
                redirect_to_login(url, login_url=reverse("wagtailadmin_login")).url
            )
    # staff without the grant permission: to the dashboard, nothing revoked
    for staff in [world.editor, world.reviewer]:
        client.force_login(staff)
        for response in [client.get(index), client.post(delete)]:
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_home")
    assert UserObjectPermission.objects.filter(pk=grant.pk).exists()

    client.force_login(world.admin)
    response = client.get(index)
    assert response.status_code == 200
    assert owner.username in response.content.decode()
    # grants are made by the apps, never in the admin, not even by the administrator
    response = client.get(reverse("userobjectpermission:add"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"] == reverse("userobjectpermission:index")
    assert not UserObjectPermission.objects.filter(pk=grant.pk).exists()
    assert not user_is_owner(owner, municipality)


def test_staff_confirm_council_member(client, world):
    citizen = world.citizen
    role = UserRole.objects.create(
        user=citizen, role=RoleKind.COUNCIL, organisation="Gemeindevertretung Plate"
    )
    assert not role.is_confirmed
    client.force_login(world.admin)
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
    assert response["Location"] == reverse("userrole:index")
    role.refresh_from_db()
    assert role.is_confirmed
    assert role.confirmed_by == world.admin


def test_staff_edit_pages_only_with_the_page_permission_of_their_section(
    django_user_model, world
):
    page = world.business_entry
    staff = factories.StaffFactory()
    # The model permission alone (e.g. from another section's group) is not enough.
    staff.user_permissions.add(
        Permission.objects.get(codename="change_businessentrypage")
    )
    assert not user_can_edit(fresh(staff), page)

    group = Group.objects.create(name="Wirtschaftsredaktion")
    GroupPagePermission.objects.create(
        group=group,
        page=page.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    staff.groups.add(group)
    assert user_can_edit(fresh(staff), page)
