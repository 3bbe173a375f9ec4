"""Identity levels: decorator, mixin, template filter, step-up and simulation."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.views import View

from accounts.identity import (
    IdentityLevelRequiredMixin,
    get_identity_level,
    has_identity_level,
    identity_required,
)
from accounts.models import IdentityLevel, IdentityVerification
from tests import factories

pytestmark = pytest.mark.django_db

PATH = "/beteiligung/umfrage/"  # any path: the views below are not routed


def build_world():
    """A citizen with a confirmed e-mail address and a citizen verified at the
    level "substantial" (simulated, as in development)."""
    return SimpleNamespace(
        citizen=factories.UserFactory(),
        verified=factories.verified_citizen(level=IdentityLevel.SUBSTANTIAL),
    )


world = factories.module_data(build_world)


@identity_required("substantial")
def secret_view(request):
    return HttpResponse("ok")


class SecretView(IdentityLevelRequiredMixin, View):
    required_identity_level = IdentityLevel.HIGH

    def get(self, request):
        return HttpResponse("ok")


def _request(user, path=PATH):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_levels(world):
    assert get_identity_level(AnonymousUser()) == IdentityLevel.NONE
    assert get_identity_level(world.citizen) == IdentityLevel.EMAIL
    verified = world.verified
    assert get_identity_level(verified) == IdentityLevel.SUBSTANTIAL
    assert verified.identity_verification.method == "dev-simulation"
    assert has_identity_level(verified, "substantial")
    assert not has_identity_level(verified, "high")


def test_decorator_and_mixin(world):
    anonymous = secret_view(_request(AnonymousUser()))
    assert anonymous.status_code == 302
    assert anonymous["Location"] == redirect_to_login(PATH).url
    assert anonymous["Location"].startswith("/konto/login/?next=")

    low = secret_view(_request(world.citizen))
    assert low.status_code == 302
    assert low["Location"] == (
        "/konto/identity/?level=substantial&next=%2Fbeteiligung%2Fumfrage%2F"
    )
    assert secret_view(_request(world.verified)).content == b"ok"

    view = SecretView.as_view()
    assert view(_request(AnonymousUser()))["Location"] == redirect_to_login(PATH).url
    for user in [world.citizen, world.verified]:
        refused = view(_request(user))
        assert refused.status_code == 302
        assert refused["Location"] == (
            "/konto/identity/?level=high&next=%2Fbeteiligung%2Fumfrage%2F"
        )
    IdentityVerification.objects.filter(user=world.verified).update(
        level=IdentityLevel.HIGH
    )
    assert view(_request(world.verified)).content == b"ok"


def test_template_filter(world):
    template = engines["django"].from_string(
        '{% load accounts_tags %}{% if user|has_identity_level:"substantial" %}yes'
        "{% else %}no{% endif %}"
    )
    assert template.render({"user": AnonymousUser()}) == "no"
    assert template.render({"user": world.citizen}) == "no"
    assert template.render({"user": world.verified}) == "yes"


def test_step_up_page_offers_bundid_and_simulation(client, world):
    client.force_login(world.citizen)
    response = client.get(
        "/konto/identity/", {"level": "high", "next": "/beteiligung/umfrage/"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "mindestens dem Vertrauensniveau „hoch“" in html
    assert (
        "/konto/identity/simulate/?level=high&amp;next=%2Fbeteiligung%2Fumfrage%2F"
        in html
    )


def test_step_up_ignores_foreign_next(client, world):
    client.force_login(world.citizen)
    response = client.get("/konto/identity/", {"next": "https://evil.example/"})
    assert "evil.example" not in response.content.decode()


def test_simulation_sets_level_and_returns(client, world):
    user = world.citizen
    client.force_login(user)
    page = client.get("/konto/identity/simulate/", {"level": "high"})
    assert page.status_code == 200
    assert "Nur für die Entwicklung" in page.content.decode()
    response = client.post(
        "/konto/identity/simulate/",
        {"level": IdentityLevel.HIGH, "next": "/beteiligung/umfrage/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/beteiligung/umfrage/"
    assert get_identity_level(user) == IdentityLevel.HIGH

    bad = client.post("/konto/identity/simulate/", {"level": "99"})
    assert bad.status_code == 200
    assert 'class="error-summary"' in bad.content.decode()


def test_simulation_is_off_in_production(client, world, settings):
    settings.PORTAL_IDENTITY_SIMULATION = False
    client.force_login(world.citizen)
    assert client.get("/konto/identity/simulate/").status_code == 404
    assert client.post("/konto/identity/simulate/", {"level": 40}).status_code == 404
    assert "simulate" not in client.get("/konto/identity/").content.decode()


def test_production_settings_disable_simulation():
    # what the settings make of the environment (tests/settings_import.py)
    from tests.portal.test_settings import GOOD_KEY, production_environment
    from tests.settings_import import import_settings

    production = import_settings(
        "portal.settings.production",
        production_environment(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example"),
    )
    assert production["PORTAL_IDENTITY_SIMULATION"] is False
    assert production["STAFF_2FA_REQUIRED"] is True
