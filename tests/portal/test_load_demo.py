import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Revision

from accounts.identity import get_identity_level
from accounts.models import IdentityLevel, RoleKind, UserRole
from portal.models import Municipality, PortalImage

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


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


def test_scale_data_keeps_the_page_tree_valid(client, monkeypatch):
    """load_demo --scale inserts pages in bulk: paths, depth, numchild and URL
    paths must be what treebeard and Wagtail would have written."""
    from home.models import NewsIndexPage, NewsPage
    from tests.portal.test_shell_cache import load_scale_data

    load_scale_data(monkeypatch, count=20)
    assert Page.find_problems() == ([], [], [], [], [])
    index = NewsIndexPage.objects.get(locale__language_code="de")
    assert index.numchild == index.get_children().count()
    news = NewsPage.objects.get(slug="meldung-60")
    assert news.get_parent().pk == index.pk
    assert client.get(news.url).status_code == 200
    # Idempotent: a second run adds nothing.
    count = Page.objects.count()
    load_scale_data(monkeypatch, count=20)
    assert Page.objects.count() == count


def test_demo_users_have_their_roles(demo_user):
    assert set(demo_user("redaktion").groups.values_list("name", flat=True)) == {
        "Redaktion Allgemein und Aktuelles",
        "Redaktion Tourismus",
    }
    # Bauhof is the department that handles citizen reports (reports demo)
    assert set(demo_user("pruefung").groups.values_list("name", flat=True)) == {
        "Fachamt",
        "Bauhof",
    }
    assert list(demo_user("amtsleitung").groups.values_list("name", flat=True)) == [
        "Amtsleitung"
    ]
    assert demo_user("admin").is_superuser
    assert not demo_user("amtsleitung").has_perm("wagtailcore.publish_page")


def test_demo_accounts_have_their_role_and_identity_level(demo_user):
    """The demo's actor, citizen and verified citizen, as the walkthrough of
    ``make run`` shows them (moved here from the accounts tests, which build
    their own users)."""
    role = UserRole.objects.get(user=demo_user("unternehmen"))
    assert role.role == RoleKind.ACTOR
    assert role.is_confirmed
    assert get_identity_level(demo_user("buerger")) == IdentityLevel.EMAIL
    verified = demo_user("buerger-verifiziert")
    assert get_identity_level(verified) == IdentityLevel.SUBSTANTIAL
    assert verified.identity_verification.method == "dev-simulation"


def _card_pictures(client, path):
    """The demo pictures on the cards of a listing, in order: (image, pixel hash)."""
    import hashlib
    import re

    from PIL import Image

    html = client.get(path).content.decode()
    stems = re.findall(r'src="[^"]*/images/(demo-[0-9a-f]{8})[^"]*\.fill-480x270', html)
    pictures = []
    for stem in stems:
        image = PortalImage.objects.get(file__contains=stem)
        with image.open_file() as handle:
            pixels = Image.open(handle).convert("RGB").resize((64, 36)).tobytes()
        pictures.append((image, hashlib.sha256(pixels).hexdigest()))
    return pictures


@pytest.mark.parametrize("path", ["/tourismus/", "/aktuelles/", "/en/news/"])
def test_listing_cards_show_varied_subject_pictures(client, path):
    pictures = _card_pictures(client, path)
    assert len(pictures) >= 3, path
    for (image, digest), (next_image, next_digest) in itertools.pairwise(pictures):
        assert image.pk != next_image.pk, (path, image.title)
        assert digest != next_digest, (path, image.title, next_image.title)
    # Not one picture repeated: most cards show a picture of their own.
    assert len({digest for _, digest in pictures}) >= len(pictures) * 3 // 4
    for image, _ in pictures:
        assert image.alt_text.startswith("Illustration:"), image.title


def test_demo_pictures_are_illustrations_of_their_subject():
    from home.models import HomePage

    hero = HomePage.objects.get(locale__language_code="de").hero_image
    assert hero.alt_text.startswith("Illustration:")
    assert (hero.width, hero.height) == (1600, 900)
    drawn = PortalImage.objects.filter(file__contains="demo-")
    assert drawn.count() >= 40
    assert not drawn.filter(alt_text="").exists()
