"""The DCAT-AP.de catalogue: SHACL validation, vocabularies, paging, URIs."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SKOS

from datasets import vocabularies as voc
from tests import factories
from tests.datasets import factories as data_factories

SHAPES = Path(__file__).parent / "shapes"
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

# The nine datasets of ``data_factories.catalogue`` (its docstring has the table).
world = factories.module_data(data_factories.catalogue)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def shapes_graph():
    graph = Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        graph.parse(path)
    return graph


SHAPES_GRAPH = shapes_graph()


def shipped_vocabularies(contributor_id):
    """What the offline validator must be told: each shipped IRI is in its scheme."""
    graph = Graph()
    lists = [
        (voc.THEME_SCHEME, [voc.theme_iri(code) for code in voc.Theme.values]),
        (voc.FREQUENCY_SCHEME, [voc.frequency_iri(c) for c in voc.Frequency.values]),
        (voc.LANGUAGE_SCHEME, [voc.language_iri(c) for c in voc.Language.values]),
        (voc.LICENCE_SCHEME, [voc.licence_iri(c) for c in voc.DataLicence.values]),
        (voc.FILE_TYPE_SCHEME, [voc.file_type_iri(c) for c in voc.FileType.values]),
        (voc.CONTRIBUTOR_SCHEME, [contributor_id]),
        (voc.GEOCODING_LEVEL_SCHEME, [voc.GEOCODING_LEVEL_MUNICIPALITY]),
    ]
    for scheme, iris in lists:
        for iri in iris:
            graph.add((URIRef(iri), SKOS.inScheme, URIRef(scheme)))
    return graph


def catalogue(client, fmt="ttl", page=None):
    url = f"/catalog.{fmt}" + (f"?page={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    graph = Graph()
    graph.parse(
        data=response.content,
        format={"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}[fmt],
    )
    return graph


def violations(graph, settings):
    data = graph + shipped_vocabularies(settings.DCAT_CONTRIBUTOR_ID)
    # in place: ``data`` is a new graph, not worth a copy by the validator
    conforms, results, text = validate(
        data,
        shacl_graph=SHAPES_GRAPH,
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    return conforms, text


@pytest.fixture(scope="module")
def catalogue_turtle(world, django_db_blocker):
    """The module's catalogue as Turtle, fetched once for the tests that break
    a copy of it (test_catalogue_passes_the_shapes fetches and checks it)."""
    with django_db_blocker.unblock(), override_settings(OPEN_DATA_RATE_LIMIT=0):
        response = Client().get("/catalog.ttl")
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_catalogue_passes_the_shapes(client, settings):
    graph = catalogue(client)
    assert (
        len(list(graph.subjects(RDF.type, DCAT.Dataset)))
        == data_factories.CATALOGUE_COUNT
    )
    conforms, text = violations(graph, settings)
    assert conforms, text
    # not even warnings (theme, keyword, landing page and issued are all there)
    data = graph + shipped_vocabularies(settings.DCAT_CONTRIBUTOR_ID)
    strict, _results, strict_text = validate(data, shacl_graph=SHAPES_GRAPH)
    assert strict, strict_text


def test_every_vocabulary_iri_is_from_the_shipped_lists(client):
    graph = catalogue(client)
    checks = [
        (DCAT.theme, {voc.theme_iri(c) for c in voc.Theme.values}),
        (
            DCTERMS.accrualPeriodicity,
            {voc.frequency_iri(c) for c in voc.Frequency.values},
        ),
        (DCTERMS.license, {voc.licence_iri(c) for c in voc.DataLicence.values}),
        (DCTERMS.format, {voc.file_type_iri(c) for c in voc.FileType.values}),
        (DCTERMS.language, {voc.language_iri(c) for c in voc.Language.values}),
    ]
    for predicate, allowed in checks:
        used = {str(value) for value in graph.objects(None, predicate)}
        assert used, predicate
        assert used <= allowed, used - allowed
    for media_type in graph.objects(None, DCAT.mediaType):
        assert str(media_type).startswith(
            "https://www.iana.org/assignments/media-types/"
        )


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        ("contact", "K01"),
        ("licence", "K31"),
        ("format", "K32"),
        ("contributor", "K12&13"),
        ("publisher", "K36"),
        ("title", "dct:title"),
        ("access", "accessURL"),
    ],
)
def test_the_shapes_catch_what_the_rules_forbid(
    catalogue_turtle, settings, breakage, expected
):
    graph = Graph().parse(data=catalogue_turtle, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    distribution = next(graph.objects(dataset, DCAT.distribution))
    if breakage == "contact":
        for contact in graph.objects(dataset, DCAT.contactPoint):
            graph.remove((contact, VCARD.hasEmail, None))
            graph.remove((contact, VCARD.hasURL, None))
    elif breakage == "licence":
        graph.set(
            (distribution, DCTERMS.license, URIRef("http://example.org/my-licence"))
        )
    elif breakage == "format":
        graph.set((distribution, DCTERMS.format, URIRef("http://example.org/csv")))
    elif breakage == "contributor":
        graph.remove((dataset, DCATDE.contributorID, None))
    elif breakage == "publisher":
        graph.remove((dataset, DCTERMS.publisher, None))
    elif breakage == "title":
        graph.remove((dataset, DCTERMS.title, None))
    elif breakage == "access":
        graph.remove((distribution, DCAT.accessURL, None))
    conforms, text = violations(graph, settings)
    assert not conforms
    assert expected in text


def test_political_geocoding_uses_the_municipality_keys(client):
    graph = catalogue(client)
    spatial = {str(value) for value in graph.objects(None, DCTERMS.spatial)}
    legacy = {str(value) for value in graph.objects(None, DCATDE.politicalGeocodingURI)}
    assert spatial == legacy
    assert spatial == {
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13076027",  # Crivitz
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/13076113",  # Plate
    }


@pytest.mark.parametrize("fmt", ["rdf", "jsonld"])
def test_other_serialisations_carry_the_same_graph(client, fmt):
    turtle = catalogue(client)
    other = catalogue(client, fmt)
    datasets = set(turtle.subjects(RDF.type, DCAT.Dataset))
    assert datasets == set(other.subjects(RDF.type, DCAT.Dataset))
    assert len(other) > 0.9 * len(turtle)


def test_hydra_paging(client, settings):
    settings.DCAT_PAGE_SIZE = 4  # nine datasets: 4 + 4 + 1
    seen = set()
    page = 1
    while True:
        graph = catalogue(client, page=page)
        collection = URIRef(f"http://testserver/catalog.ttl?page={page}")
        assert (collection, RDF.type, HYDRA.PagedCollection) in graph
        assert graph.value(collection, HYDRA.totalItems) == Literal(9)
        assert str(graph.value(collection, HYDRA.lastPage)).endswith("page=3")
        seen |= set(graph.subjects(RDF.type, DCAT.Dataset))
        following = graph.value(collection, HYDRA.nextPage)
        if following is None:
            break
        page += 1
    assert page == 3 and len(seen) == 9
    assert client.get("/catalog.ttl?page=4").status_code == 404
    assert client.get("/catalog.ttl?page=zwei").status_code == 400


def test_a_page_costs_a_fixed_number_of_queries(
    client, settings, django_assert_max_num_queries, make_dataset
):
    settings.DCAT_PAGE_SIZE = 15
    with django_assert_max_num_queries(25) as nine:
        client.get("/catalog.ttl")
    for number in range(5):
        make_dataset(
            f"mehr-{number}",
            files=[("a.csv", b"a;b\r\n1;2\r\n"), ("b.csv", b"c;d\r\n3;4\r\n")],
            themes=("ENVI", "TRAN"),
            tags=("Eins", "Zwei", "Drei"),
        )
    cache.clear()  # the same request again is answered from the cache
    with django_assert_max_num_queries(25) as fourteen:
        client.get("/catalog.ttl")
    assert len(fourteen) == len(nine)


def test_dataset_uri_is_permanent(client, make_dataset):
    dataset = make_dataset("umbenennen")
    uri = URIRef(dataset.uri)
    assert str(dataset.identifier) in str(uri)
    assert (uri, RDF.type, DCAT.Dataset) in catalogue(client)
    dataset.slug = "umbenannt"
    dataset.title = "Umbenannt"
    dataset.save_revision().publish()
    graph = catalogue(client)
    assert (uri, DCTERMS.title, Literal("Umbenannt", lang="de")) in graph
    response = client.get(f"/datasets/{dataset.identifier}")
    assert response.status_code == 302 and response["Location"].endswith("/umbenannt/")
