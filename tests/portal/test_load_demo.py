from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Revision

from portal.models import Municipality, PortalImage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("url_path", "locale__language_code", "live")
        ),
        "revisions": Revision.objects.count(),
        "images": PortalImage.objects.count(),
        "municipalities": sorted(Municipality.objects.values_list("slug", "locale_id")),
    }


def test_load_demo_is_idempotent():
    before = snapshot()
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "admin" in output.getvalue()
    assert "http://testserver/admin/" in output.getvalue()


@override_settings(PORTAL_DEMO_ALLOWED=False)
def test_load_demo_refuses_without_dev_settings():
    with pytest.raises(CommandError, match="refuses"):
        call_command("load_demo", stdout=StringIO())


def test_demo_users_and_region_exist(django_user_model):
    usernames = set(django_user_model.objects.values_list("username", flat=True))
    assert {
        "admin",
        "redaktion",
        "pruefung",
        "amtsleitung",
        "buerger",
        "unternehmen",
    } <= usernames
    assert django_user_model.objects.get(username="admin").check_password("demo")
    assert Municipality.objects.filter(locale__language_code="de").count() == 17
    assert Municipality.objects.filter(locale__language_code="en").count() == 17
