"""Shared fixtures.

The demo content is loaded once per test session into the test database, so
every test runs against a realistic, populated portal; each test's own changes
are rolled back afterwards.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Locale, Site


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database changes are rolled back."""
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def locale_de(db):
    return Locale.objects.get(language_code="de")


@pytest.fixture
def locale_en(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def demo_user(django_user_model):
    def get(username):
        return django_user_model.objects.get(username=username)

    return get
