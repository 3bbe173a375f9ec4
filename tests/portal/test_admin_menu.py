"""Admin menu items shown only with a permission (``portal.admin_menu``)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory

from consultations.wagtail_hooks import ConsultationAdminViewSet, PaperBallotViewSet
from portal.admin_menu import menu_item_for
from services.wagtail_hooks import ApplicationAdminViewSet

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _user(*permissions):
    user = get_user_model().objects.create_user(
        username=f"u{get_user_model().objects.count()}", is_staff=True
    )
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.mark.parametrize(
    ("viewset", "permissions"),
    [
        (
            ConsultationAdminViewSet,
            ["consultations.export_response", "consultations.moderate_statement"],
        ),
        (PaperBallotViewSet, ["consultations.add_ballot"]),
        (ApplicationAdminViewSet, ["services.process_application"]),
    ],
)
def test_a_viewsets_menu_item_shows_with_any_of_its_permissions(viewset, permissions):
    item = viewset().get_menu_item()
    assert not item.is_shown(_request(AnonymousUser()))
    assert not item.is_shown(_request(_user()))  # staff without the permission
    assert not item.is_shown(_request(_user("wagtailadmin.access_admin")))
    for permission in permissions:
        assert item.is_shown(_request(_user(permission)))


def test_superusers_see_every_item():
    admin = get_user_model().objects.create_superuser(username="root")
    assert menu_item_for("services.process_application")("X", "/x/").is_shown(
        _request(admin)
    )


def test_an_item_needs_a_permission():
    with pytest.raises(ValueError, match="at least one permission"):
        menu_item_for()
