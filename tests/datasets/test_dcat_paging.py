"""DCAT catalogue paging as ckanext-dcat's RDF harvester follows it.

ckanext-dcat (ckanext/dcat/processors.py, ``RDFParser.next_page``) looks for nodes
typed ``hydra:PartialCollectionView`` and then ``hydra:PagedCollection``; on each
it takes ``hydra:next`` and, failing that, the deprecated ``hydra:nextPage``. Its
harvester (harvesters/rdf.py) requests that URL until there is none. Older
harvesters read only the ``PagedCollection`` terms.
"""

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from tests import factories
from tests.datasets import factories as data

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")

pytestmark = pytest.mark.django_db


def five_datasets():
    return [data.dataset(f"paging-{number}") for number in range(5)]


datasets = factories.module_data(five_datasets)


@pytest.fixture
def catalogue(datasets, settings):
    """The module's five datasets, two to a catalogue page."""
    settings.OPEN_DATA_RATE_LIMIT = 0
    settings.DCAT_PAGE_SIZE = 2
    return datasets


def fetch(client, url):
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200, url
    return Graph().parse(data=response.content, format="turtle")


def next_page_as_ckanext_dcat(
    graph, types=(HYDRA.PartialCollectionView, HYDRA.PagedCollection)
):
    for kind in types:
        for node in graph.subjects(RDF.type, kind):
            for predicate in (HYDRA.next, HYDRA.nextPage):
                for target in graph.objects(node, predicate):
                    return str(target)
    return None


def harvest(client, **reader):
    url, datasets, pages = "http://testserver/catalog.ttl", [], 0
    while url:
        graph = fetch(client, url)
        datasets.extend(graph.subjects(RDF.type, DCAT.Dataset))
        pages += 1
        url = next_page_as_ckanext_dcat(graph, **reader)
    return datasets, pages


def test_follows_hydra_next_through_every_page(client, catalogue):
    datasets, pages = harvest(client)
    assert pages == 3
    assert len(datasets) == len(set(datasets)) == len(catalogue)


def test_deprecated_terms_still_lead_through_every_page(client, catalogue):
    datasets, pages = harvest(client, types=(HYDRA.PagedCollection,))
    assert pages == 3 and len(set(datasets)) == len(catalogue)


def test_partial_collection_view_links_are_iris(client, catalogue):
    graph = fetch(client, "/catalog.ttl?page=2")
    view = URIRef("http://testserver/catalog.ttl?page=2")
    assert (view, RDF.type, HYDRA.PartialCollectionView) in graph
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    assert (catalog, HYDRA.view, view) in graph
    expected = {"first": 1, "last": 3, "next": 3, "previous": 1}
    for name, number in expected.items():
        target = graph.value(view, HYDRA[name])
        assert target == URIRef(f"http://testserver/catalog.ttl?page={number}")
        old = graph.value(view, HYDRA[f"{name}Page"])
        assert old == Literal(f"http://testserver/catalog.ttl?page={number}")
    assert int(graph.value(view, HYDRA.totalItems)) == 5
    assert int(graph.value(view, HYDRA.itemsPerPage)) == 2


def test_last_page_has_no_next(client, catalogue):
    graph = fetch(client, "/catalog.ttl?page=3")
    assert next_page_as_ckanext_dcat(graph) is None
    assert graph.value(URIRef("http://testserver/catalog.ttl?page=3"), HYDRA.previous)


@pytest.mark.parametrize("fmt", ["rdf", "jsonld"])
def test_other_formats_link_their_own_pages(client, catalogue, fmt):
    response = client.get(f"/catalog.{fmt}")
    graph = Graph().parse(
        data=response.content, format="xml" if fmt == "rdf" else "json-ld"
    )
    assert next_page_as_ckanext_dcat(graph) == f"http://testserver/catalog.{fmt}?page=2"
