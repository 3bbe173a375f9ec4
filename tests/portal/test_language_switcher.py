import pytest

from home.models import StandardPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def about(home):
    """The administration page in German and English."""
    page = factories.add_page(home, StandardPage, title="Amt", slug="amt")
    factories.translate(page, title="Administration", slug="administration")
    return page


def test_switcher_links_to_the_translated_page(client):
    html = client.get("/amt/").content.decode()
    assert 'href="/en/administration/" hreflang="en"' in html
    english = client.get("/en/administration/").content.decode()
    assert 'href="/amt/" hreflang="de"' in english


def test_hreflang_alternates_name_both_versions(client):
    html = client.get("/amt/").content.decode()
    assert 'hreflang="de" href="http://testserver/amt/"' in html
    assert 'hreflang="en" href="http://testserver/en/administration/"' in html


def test_untranslated_page_leads_to_nearest_translated_ancestor(client, about):
    factories.add_page(about, StandardPage, title="Nur auf Deutsch", slug="nur-deutsch")

    html = client.get("/amt/nur-deutsch/").content.decode()
    # No exact translation: the switcher offers the translated parent and
    # no hreflang alternate claims an English version of this page.
    assert 'href="/en/administration/" hreflang="en"' in html
    assert 'hreflang="en" href=' not in html
