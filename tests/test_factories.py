"""The shared factories build what they promise (every other test relies on them)."""

import pytest
from django.contrib.auth.models import Group

from accounts.identity import get_identity_level
from accounts.models import IdentityLevel
from home.models import StandardPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_session_starts_with_only_the_home_page_in_both_languages(home, home_en):
    assert home.live and home_en.live
    assert home.get_children().count() == 0
    assert home_en.url == "/en/"


def test_user_factory_makes_a_citizen_who_can_log_in(client):
    user = factories.UserFactory(groups=["Fachamt"])
    assert user.emailaddress_set.get().verified
    assert Group.objects.get(name="Fachamt") in user.groups.all()
    assert client.login(username=user.username, password=factories.PASSWORD)


def test_verified_citizen_has_the_level():
    user = factories.verified_citizen(level=IdentityLevel.HIGH)
    assert get_identity_level(user) == IdentityLevel.HIGH


def test_add_page_publishes_and_translate_copies(client, home):
    page = factories.add_page(home, StandardPage, title="Über uns", slug="ueber-uns")
    assert client.get("/ueber-uns/").status_code == 200
    draft = factories.add_page(home, StandardPage, title="Entwurf", live=False)
    assert client.get(draft.url).status_code == 404
    english = factories.translate(page, title="About us", slug="about-us")
    assert client.get("/en/about-us/").status_code == 200
    assert english.translation_key == page.translation_key


def test_municipality_translation_and_image():
    municipality = factories.translated_municipality(name="Plate")
    assert municipality.get_translations().get().name == "Plate"
    image = factories.ImageFactory()
    assert image.file.width == 64
