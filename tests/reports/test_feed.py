"""Atom feed of public reports: only released ones, filters, both languages, no
reporter data."""

import pytest
from defusedxml import ElementTree as ET
from django.utils import translation

from reports.choices import Moderation, Status
from tests.factories import MunicipalityFactory

from .factories import ReportFactory, translated_category

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    root = ET.fromstring(response.content)
    return root.findall(f"{ATOM}entry")


def test_feed_lists_public_reports_without_personal_data(client):
    category = translated_category(name="Straßenbeleuchtung", slug="licht")
    municipality = MunicipalityFactory(name="Crivitz", slug="crivitz")
    public = ReportFactory(
        category=category,
        municipality=municipality,
        public_answer="Wird repariert.",
        status=Status.IN_PROGRESS,
    )
    ReportFactory(category=category, moderation=Moderation.PENDING, released_at=None)
    ReportFactory(category=category, confirmed_at=None)
    ReportFactory(category=category, merged_into=public)
    response = client.get("/beteiligung/meldungen/feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    found = entries(response)
    assert len(found) == 1
    title = found[0].findtext(f"{ATOM}title")
    assert title == "Straßenbeleuchtung: Schweriner Straße 12, Crivitz (in Bearbeitung)"
    summary = found[0].findtext(f"{ATOM}summary")
    assert "Wird repariert." in summary
    assert (
        found[0]
        .find(f"{ATOM}link")
        .get("href")
        .endswith(f"/beteiligung/meldungen/{public.pk}/")
    )
    body = response.content.decode()
    assert "melderin@example.org" not in body and "Erika Melderin" not in body
    with translation.override("en"):
        english = client.get("/en/participation/reports/feed.xml")
    assert english.status_code == 200
    assert (
        entries(english)[0]
        .findtext(f"{ATOM}title")
        .startswith("Straßenbeleuchtung (en): ")
    )


def test_feed_filters_like_the_list(client):
    light = translated_category(slug="licht")
    waste = translated_category(slug="muell")
    done = ReportFactory(category=light, status=Status.DONE)
    ReportFactory(category=waste)
    assert len(entries(client.get("/beteiligung/meldungen/feed.xml"))) == 2
    filtered = client.get("/beteiligung/meldungen/feed.xml", {"category": "licht"})
    assert len(entries(filtered)) == 1
    by_status = client.get("/beteiligung/meldungen/feed.xml", {"status": "done"})
    assert [e.findtext(f"{ATOM}id") for e in entries(by_status)] == [
        f"http://testserver/beteiligung/meldungen/{done.pk}/"
    ]


def test_list_links_the_feed(client):
    body = client.get("/beteiligung/meldungen/").content.decode()
    assert 'type="application/atom+xml"' in body
    assert 'href="/beteiligung/meldungen/feed.xml"' in body
