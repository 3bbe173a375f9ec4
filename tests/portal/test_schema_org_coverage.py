"""schema.org and sitemap coverage (issue #22, item 6): event images, dataset
coverage and catalogue, consultation results pages in the sitemap. No demo."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal.models import Municipality, PortalSettings
from tests import factories
from tests.consultations.factories import consultation
from tests.datasets.factories import data_index, dataset
from tourism.models import EventIndexPage, EventPage, TourismIndexPage

pytestmark = pytest.mark.django_db


def json_ld(html, type_):
    for chunk in html.split('<script type="application/ld+json">')[1:]:
        data = json.loads(chunk.split("</script>")[0])
        if data.get("@type") == type_:
            return data
    raise AssertionError(f"no {type_} in the page")


def page_json_ld(client, page, type_):
    response = client.get(page.url)
    assert response.status_code == 200
    return json_ld(response.content.decode(), type_)


def test_event_image_falls_back_to_listing_then_logo(client, home, site):
    tourism = factories.add_page(home, TourismIndexPage, title="Tourismus")
    events = factories.add_page(tourism, EventIndexPage, title="Veranstaltungen")
    start = datetime.datetime.now(ZoneInfo("Europe/Berlin")).replace(
        microsecond=0
    ) + datetime.timedelta(days=5)
    event = EventPage(
        title="Dorffest",
        slug="dorffest",
        start=start,
        venue_name="Dorfplatz",
        city="Crivitz",
        locale=events.locale,
    )
    events.add_child(instance=event)
    event.save_revision().publish()
    assert "image" not in page_json_ld(client, event, "Event")

    settings_ = PortalSettings.for_site(site)
    settings_.logo = factories.ImageFactory(title="Wappen")
    settings_.save()
    assert page_json_ld(client, event, "Event")["image"][0]["name"] == "Wappen"

    events.teaser_image = factories.ImageFactory(title="Festwiese")
    events.save_revision().publish()
    assert page_json_ld(client, event, "Event")["image"][0]["name"] == "Festwiese"

    event.teaser_image = factories.ImageFactory(title="Umzug")
    event.save_revision().publish()
    image = page_json_ld(client, event, "Event")["image"][0]
    assert image["name"] == "Umzug"
    assert image["contentUrl"].startswith("http://testserver/")


def test_dataset_has_coverage_and_catalogue(client):
    municipality = factories.MunicipalityFactory()
    page = dataset(
        temporal_start=datetime.date(2024, 1, 1),
        temporal_end=datetime.date(2025, 12, 31),
    )
    page.municipalities.set([municipality])
    page.save_revision().publish()
    data = page_json_ld(client, page, "Dataset")
    assert data["temporalCoverage"] == "2024-01-01/2025-12-31"
    assert data["spatialCoverage"] == [
        {
            "@type": "Place",
            "name": municipality.name,
            "sameAs": Municipality.objects.get(pk=municipality.pk).geocoding_uri,
        }
    ]
    catalogue = data_index()
    assert data["includedInDataCatalog"] == {
        "@type": "DataCatalog",
        "name": catalogue.title,
        "url": "http://testserver" + catalogue.url,
    }
    open_ended = dataset(temporal_start=datetime.date(2020, 5, 1))
    assert page_json_ld(client, open_ended, "Dataset")["temporalCoverage"] == (
        "2020-05-01/.."
    )


def test_published_consultation_results_are_in_the_sitemap(client):
    now = timezone.now()
    running = consultation()
    done = consultation(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=10),
        results_published_at=now - datetime.timedelta(days=1),
    )
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{done.url}results/</loc>" in sitemap
    assert f"<loc>http://testserver{running.url}</loc>" in sitemap
    assert f"{running.url}results/" not in sitemap
