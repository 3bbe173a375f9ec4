"""The site shell is cached per site and language and dropped when content changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import StandardPage
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 20
# The home page also renders every app's section (news, events, datasets,
# meetings); issue 13 brings it down to the general budget.
HOME_QUERY_BUDGET = 48


@pytest.mark.parametrize(
    "url, budget",
    [
        ("/", HOME_QUERY_BUDGET),
        ("/en/", HOME_QUERY_BUDGET),
        ("/amt/", QUERY_BUDGET),
        ("/en/administration/", QUERY_BUDGET),
        ("/barrierefreiheit/", QUERY_BUDGET),
    ],
)
def test_public_pages_stay_within_the_query_budget(client, url, budget):
    client.get(url)  # warm the shell cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= budget, [q["sql"][:120] for q in queries]


def test_new_menu_page_appears_after_publishing(client, home):
    client.get("/")
    page = StandardPage(title="Wahlen", slug="wahlen", show_in_menus=True)
    home.add_child(instance=page)
    assert ">Wahlen</a>" not in client.get("/").content.decode()  # draft: not in menu
    page.save_revision().publish()
    assert ">Wahlen</a>" in client.get("/").content.decode()
    page.unpublish()
    assert ">Wahlen</a>" not in client.get("/").content.decode()


def test_settings_change_shows_at_once(client, site):
    client.get("/")
    portal_settings = PortalSettings.for_site(site)
    portal_settings.phone = "0385 123456"
    portal_settings.save()
    assert "0385 123456" in client.get("/").content.decode()


def test_languages_have_their_own_shell(client):
    german = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'href="/impressum/"' in german and 'href="/en/imprint/"' not in german
    assert 'href="/en/imprint/"' in english
