"""The home page's hero and section teasers come from one fragment cached under
the content version (issue #27): a fresh render looks up neither the teaser
pages nor the hero image, and what editors publish shows at once."""

import pytest

from home.models import StandardPage
from tests import factories
from tests.fresh_render import fresh_client, get_counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def teased(home):
    target = factories.add_page(home, StandardPage, title="Rathaus", slug="rathaus")
    home.teasers = [
        ("section", {"page": target, "title": "", "text": "Ämter und Termine"})
    ]
    home.hero_title = "Willkommen im Amt"
    home.save_revision().publish()
    return target


def test_a_repeated_fresh_render_needs_no_teaser_or_hero_query(teased):
    client = fresh_client()
    first, first_queries = get_counting(client, "/")
    second, second_queries = get_counting(client, "/")
    assert second.content == first.content
    html = second.content.decode()
    assert "Willkommen im Amt" in html
    assert 'href="/rathaus/"' in html and "Rathaus" in html
    assert second_queries < first_queries
    assert second_queries <= 2


def test_published_changes_show_on_the_next_fresh_render(home, teased):
    client = fresh_client()
    assert "Willkommen im Amt" in client.get("/").content.decode()
    home.refresh_from_db()
    home.hero_title = "Herzlich willkommen"
    home.save_revision().publish()
    teased.title = "Bürgerbüro"
    teased.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Herzlich willkommen" in html
    assert "Willkommen im Amt" not in html
    assert "Bürgerbüro" in html


def test_a_preview_shows_the_draft_not_the_cached_fragment(home, teased):
    fresh_client().get("/")  # the live fragment is in the cache
    home.refresh_from_db()
    home.hero_title = "Entwurf des Helden"
    response = home.make_preview_request()
    html = response.content.decode()
    assert "Entwurf des Helden" in html
    assert "Willkommen im Amt" not in html
