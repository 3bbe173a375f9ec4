"""Council members find the interim results from the consultation page (no demo)."""

import pytest

from tests import factories

from .factories import consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def crivitz():
    return factories.MunicipalityFactory(name="Crivitz", slug="crivitz")


def test_consultation_page_links_interim_results_for_council_members(client, crivitz):
    page = consultation(municipality=crivitz, council_interim_results=True)
    html = client.get(page.url).content.decode()
    assert "Mitglieder der Gemeindevertretung von Crivitz" in html
    assert f'href="{page.url}results/">Zwischenergebnisse für Ratsmitglieder' in html
    # Anonymous visitors are asked to log in and come back.
    response = client.get(page.url + "results/")
    assert response.status_code == 302
    assert "results/" in response["Location"] and "login" in response["Location"]
    # A confirmed council member of the municipality sees the figures.
    client.force_login(factories.council_member(crivitz))
    response = client.get(page.url + "results/")
    assert response.status_code == 200 and response.context["interim"] is True
    # Anyone else logged in: still not found.
    client.force_login(factories.UserFactory())
    assert client.get(page.url + "results/").status_code == 404


def test_no_link_without_council_interim_results(client, crivitz):
    page = consultation(municipality=crivitz)
    assert "Zwischenergebnisse" not in client.get(page.url).content.decode()
    assert client.get(page.url + "results/").status_code == 404
