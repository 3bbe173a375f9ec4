"""Every page opens in the admin editor (catches content the editor cannot load):
one page of every creatable page type (``tests/world.py``, no demo data)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests import factories
from tests.world import creatable_page_types

pytestmark = pytest.mark.django_db

# ``world``: one page of every page type, shared with the sweeps (tests/world.py)


def test_every_page_opens_in_the_editor(client, world):
    client.force_login(factories.StaffFactory(is_superuser=True))
    pages = Page.objects.filter(depth__gt=1).specific()
    assert {type(page) for page in pages} >= creatable_page_types()
    for page in pages:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, (page.url_path, response.status_code)
