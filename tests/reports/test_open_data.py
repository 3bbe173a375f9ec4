"""Citizen reports as open data: the generated CSV and GeoJSON, in the catalogue."""

import csv
import io
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from wagtail.models import Page

from datasets import vocabularies as voc
from datasets.models import Distribution
from reports import open_data
from reports.choices import Moderation, Status
from reports.models import Report
from tests import factories
from tests.datasets import factories as data_factories
from tests.datasets.test_dcat import catalogue, violations

from .factories import ReportFactory, translated_category

pytestmark = pytest.mark.django_db

GENERATED = (
    ("Mängelmeldungen (CSV)", "reports-csv"),
    ("Mängelmeldungen (GeoJSON)", "reports-geojson"),
)
PERSONAL = (
    "Erika Melderin",
    "melderin@example.org",
    "Schweriner Straße 12",
    "seit einer Woche dunkel",
    "Herr Nachbar",
)


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.OPEN_DATA_RATE_LIMIT = 0


def build_world():
    """The dataset with the generated files and the reports, once for the module
    (``module_data``: each test's changes are rolled back); the tests get them
    fetched afresh."""
    dataset = data_factories.dataset(
        "maengelmeldungen", title="Mängelmeldungen", generated=GENERATED
    )
    light = translated_category(name="Straßenbeleuchtung", slug="licht")
    done = ReportFactory(
        category=light,
        status=Status.DONE,
        latitude=Decimal("53.576123"),
        longitude=Decimal("11.650789"),
        public_description="Laterne dunkel, Herr Nachbar sagt seit Tagen.",
        public_answer="Die Leuchte wurde getauscht.",
    )
    Report.objects.filter(pk=done.pk).update(
        first_answer_at=done.created_at, closed_at=done.created_at
    )
    received = ReportFactory(category=light, latitude=None, longitude=None)
    pending = ReportFactory(
        category=light, moderation=Moderation.PENDING, released_at=None
    )
    unconfirmed = ReportFactory(category=light, confirmed_at=None)
    duplicate = ReportFactory(category=light, merged_into=received)
    return SimpleNamespace(
        dataset=dataset.pk,
        public=[done.pk, received.pk],
        hidden=[pending.pk, unconfirmed.pk, duplicate.pk],
    )


world = factories.module_data(build_world)


@pytest.fixture
def reports_dataset(world):
    return Page.objects.get(pk=world.dataset).specific


@pytest.fixture
def reports(world):
    return {
        "public": [Report.objects.get(pk=pk) for pk in world.public],
        "hidden": [Report.objects.get(pk=pk) for pk in world.hidden],
    }


def download(client, dataset, fmt):
    distribution = dataset.distributions.get(format=fmt)
    response = client.get(distribution.get_download_path())
    assert response.status_code == 200
    return response


def test_csv_has_the_released_reports_and_no_personal_data(
    client, reports_dataset, reports
):
    response = download(client, reports_dataset, voc.FileType.CSV)
    assert response["Content-Type"] == "text/csv"
    assert 'filename="maengelmeldungen.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    for personal in PERSONAL:
        assert personal not in text
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == open_data.COLUMNS
    done, received = reports["public"]
    assert [int(row["id"]) for row in table] == [done.pk, received.pk]
    first = table[0]
    assert first["category"] == "licht"
    assert first["category_name"] == "Straßenbeleuchtung"
    assert first["status"] == "done"
    # coarse position: three decimals (about 100 m)
    assert (first["latitude"], first["longitude"]) == ("53.576", "11.651")
    assert first["created"] and first["first_answer"] and first["done"]
    assert table[1]["latitude"] == "" and table[1]["done"] == ""


def test_geojson_has_points_of_released_reports_only(client, reports_dataset, reports):
    response = download(client, reports_dataset, voc.FileType.GEOJSON)
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    done = reports["public"][0]
    # the received report has no position: it is in the CSV only
    assert [feature["id"] for feature in data["features"]] == [done.pk]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [11.651, 53.576]}
    assert set(feature["properties"]) == set(open_data.COLUMNS) - {
        "latitude",
        "longitude",
    }
    for personal in PERSONAL:
        assert personal not in response.content.decode()


def test_regenerated_from_live_data_and_cached_until_it_changes(
    client, reports_dataset, reports, monkeypatch
):
    builds = []
    original = open_data.build_csv

    def counting():
        builds.append(1)
        return original()

    monkeypatch.setattr(open_data, "build_csv", counting)
    first = download(client, reports_dataset, voc.FileType.CSV).content
    again = download(client, reports_dataset, voc.FileType.CSV).content
    assert first == again and len(builds) == 1
    pending = reports["hidden"][0]
    pending.moderation = Moderation.RELEASED
    pending.save()
    fresh = download(client, reports_dataset, voc.FileType.CSV).content.decode()
    assert len(builds) == 2
    assert f"\r\n{pending.pk}," in fresh


def test_ckan_package_show_lists_both_generated_distributions(
    client, reports_dataset, reports
):
    response = client.get("/api/3/action/package_show", {"id": "maengelmeldungen"})
    assert response.status_code == 200
    package = response.json()["result"]
    assert package["title"] == "Mängelmeldungen"
    resources = {resource["format"]: resource for resource in package["resources"]}
    assert set(resources) == {"CSV", "GEOJSON"}
    assert resources["CSV"]["mimetype"] == "text/csv"
    assert resources["GEOJSON"]["mimetype"] == "application/geo+json"
    csv_url = resources["CSV"]["url"]
    assert csv_url == resources["CSV"]["download_url"]
    assert csv_url.startswith("http://testserver/datasets/download/")
    body = client.get(csv_url.removeprefix("http://testserver")).content.decode()
    assert body.startswith(",".join(open_data.COLUMNS))
    for personal in PERSONAL:
        assert personal not in body


def test_dcat_catalogue_describes_the_dataset_and_stays_valid(
    client, settings, reports_dataset, reports
):
    graph = catalogue(client)
    dataset = URIRef(reports_dataset.uri)
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 2
    formats = {graph.value(d, DCTERMS.format) for d in distributions}
    assert formats == {
        URIRef(voc.file_type_iri("CSV")),
        URIRef(voc.file_type_iri("GEOJSON")),
    }
    for distribution in distributions:
        assert graph.value(distribution, DCAT.downloadURL) is not None
        assert graph.value(distribution, DCAT.mediaType) is not None
    conforms, text = violations(graph, settings)
    assert conforms, text


def test_distribution_has_exactly_one_source(reports_dataset):
    document = data_factories.document("a,b\n1,2\n", "daten.csv")
    both = Distribution(
        page=reports_dataset, title="Beides", generator="reports-csv", document=document
    )
    with pytest.raises(ValidationError) as error, translation.override("de"):
        both.clean()
    assert "Geben Sie nur eines an" in str(error.value)
    with pytest.raises(ValidationError):
        Distribution(page=reports_dataset, title="Nichts").clean()
    Distribution(page=reports_dataset, title="CSV", generator="reports-csv").clean()


def test_generator_that_is_not_installed_answers_404(client, reports_dataset):
    distribution = reports_dataset.distributions.first()
    Distribution.objects.filter(pk=distribution.pk).update(generator="gone-csv")
    response = client.get(distribution.get_download_path())
    assert response.status_code == 404


def test_editors_choose_generated_files_by_name():
    choices = dict(Distribution._meta.get_field("generator").choices)
    with translation.override("en"):
        assert str(choices["reports-csv"]) == "Citizen reports (CSV)"
        assert str(choices["reports-geojson"]) == "Citizen reports (GeoJSON)"
    with translation.override("de"):
        assert str(choices["reports-csv"]) == "Mängelmeldungen (CSV)"
