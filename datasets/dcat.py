"""The DCAT-AP.de 3.0 catalogue (with the GovData conventions), one page at a time.

Each request builds the graph of one page of ``DCAT_PAGE_SIZE`` datasets (never
the whole catalogue) and links the pages with a ``hydra:PartialCollectionView``
(IRIs) that also carries the deprecated ``hydra:PagedCollection`` terms, as
ckanext-dcat reads them. URIs are permanent: a dataset's URI is built from its
stable identifier, a distribution's from its dataset's URI and its id.
"""

from django.conf import settings
from django.db.models import Max, Prefetch
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from datasets import vocabularies as voc
from datasets.catalogue import public_datasets
from datasets.ckan.serializers import absolute, landing_page
from datasets.models import Distribution, catalogue_base_uri

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")

FORMATS = {
    "ttl": ("turtle", "text/turtle; charset=utf-8"),
    "rdf": ("pretty-xml", "application/rdf+xml; charset=utf-8"),
    "jsonld": ("json-ld", "application/ld+json; charset=utf-8"),
}
ATTRIBUTION_LICENCES = {
    voc.DataLicence.DL_BY,
    voc.DataLicence.CC_BY,
    voc.DataLicence.CC_BY_SA,
    voc.DataLicence.CC_BY_ND,
}


class PageOutOfRange(Exception):
    pass


def new_graph():
    graph = Graph()
    for prefix, namespace in {
        "dcat": DCAT,
        "dct": DCTERMS,
        "dcatde": DCATDE,
        "foaf": FOAF,
        "hydra": HYDRA,
        "spdx": SPDX,
        "vcard": VCARD,
        "locn": LOCN,
        "skos": SKOS,
        "owl": OWL,
        "xsd": XSD,
    }.items():
        graph.bind(prefix, namespace)
    return graph


def catalogue_uri():
    return URIRef(f"{catalogue_base_uri()}/catalog")


def organisation_uri(organisation):
    return URIRef(f"{catalogue_base_uri()}/organisations/{organisation.slug}")


def catalogue_queryset():
    return (
        public_datasets(include_deprecated=True)
        .select_related("publisher")
        .prefetch_related(
            "tagged_items__tag",
            "themes",
            "municipalities",
            Prefetch(
                "distributions", queryset=Distribution.objects.order_by("sort_order")
            ),
        )
        .order_by("pk")
    )


def add_catalogue(graph, total_modified):
    catalogue = catalogue_uri()
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add(
        (catalogue, DCTERMS.title, Literal(settings.DCAT_CATALOG_TITLE, lang="de"))
    )
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(settings.DCAT_CATALOG_DESCRIPTION, lang="de"),
        )
    )
    publisher = URIRef(f"{catalogue_base_uri()}/organisations/catalogue-publisher")
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.DCAT_PUBLISHER_NAME)))
    if settings.DCAT_PUBLISHER_URL:
        graph.add((publisher, FOAF.homepage, URIRef(settings.DCAT_PUBLISHER_URL)))
    graph.add((catalogue, FOAF.homepage, URIRef(catalogue_base_uri() + "/")))
    graph.add((catalogue, DCTERMS.language, URIRef(voc.language_iri("DEU"))))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(voc.THEME_SCHEME)))
    if total_modified:
        graph.add(
            (
                catalogue,
                DCTERMS.modified,
                Literal(total_modified, datatype=XSD.dateTime),
            )
        )
    return catalogue


def add_agent(graph, organisation):
    agent = organisation_uri(organisation)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    graph.add((agent, FOAF.name, Literal(organisation.name)))
    if organisation.homepage:
        graph.add((agent, FOAF.homepage, URIRef(organisation.homepage)))
    if organisation.email:
        graph.add((agent, FOAF.mbox, URIRef(f"mailto:{organisation.email}")))
    return agent


def add_dataset(graph, dataset, base_url):
    uri = URIRef(dataset.uri)
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.identifier, Literal(str(dataset.identifier))))
    graph.add((uri, DCTERMS.title, Literal(dataset.title, lang="de")))
    graph.add(
        (
            uri,
            DCTERMS.description,
            Literal(dataset.description or dataset.title, lang="de"),
        )
    )
    for item in dataset.tagged_items.all():
        graph.add((uri, DCAT.keyword, Literal(item.tag.name, lang="de")))
    for theme in dataset.themes.all():
        graph.add((uri, DCAT.theme, URIRef(theme.iri)))
    if dataset.publisher is not None:
        graph.add((uri, DCTERMS.publisher, add_agent(graph, dataset.publisher)))
    if settings.DCAT_CONTRIBUTOR_ID:
        graph.add((uri, DCATDE.contributorID, URIRef(settings.DCAT_CONTRIBUTOR_ID)))
    if dataset.contact_email or dataset.contact_url:
        contact = BNode()
        graph.add((uri, DCAT.contactPoint, contact))
        graph.add((contact, RDF.type, VCARD.Organization))
        graph.add((contact, RDF.type, VCARD.Kind))
        name = dataset.contact_name or (
            dataset.publisher.name if dataset.publisher else ""
        )
        if name:
            graph.add((contact, VCARD.fn, Literal(name)))
        if dataset.contact_email:
            graph.add(
                (contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}"))
            )
        if dataset.contact_url:
            graph.add((contact, VCARD.hasURL, URIRef(dataset.contact_url)))
    graph.add((uri, DCAT.landingPage, URIRef(landing_page(dataset, base_url))))
    if dataset.first_published_at:
        graph.add(
            (
                uri,
                DCTERMS.issued,
                Literal(dataset.first_published_at, datatype=XSD.dateTime),
            )
        )
    if dataset.metadata_modified:
        graph.add(
            (
                uri,
                DCTERMS.modified,
                Literal(dataset.metadata_modified, datatype=XSD.dateTime),
            )
        )
    if dataset.frequency:
        graph.add((uri, DCTERMS.accrualPeriodicity, URIRef(dataset.frequency_iri)))
    if dataset.language:
        graph.add((uri, DCTERMS.language, URIRef(dataset.language_iri)))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((uri, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add(
                (
                    period,
                    DCAT.startDate,
                    Literal(dataset.temporal_start, datatype=XSD.date),
                )
            )
        if dataset.temporal_end:
            graph.add(
                (period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date))
            )
    municipalities = list(dataset.municipalities.all())
    for municipality in municipalities:
        # DCAT-AP.de 3.0 uses dct:spatial; 2.0 (and GovData) read the
        # deprecated dcatde:politicalGeocodingURI: emit both.
        graph.add((uri, DCTERMS.spatial, URIRef(municipality.geocoding_uri)))
        graph.add(
            (uri, DCATDE.politicalGeocodingURI, URIRef(municipality.geocoding_uri))
        )
    if municipalities:
        graph.add(
            (
                uri,
                DCATDE.politicalGeocodingLevelURI,
                URIRef(voc.GEOCODING_LEVEL_MUNICIPALITY),
            )
        )
    for block in dataset.documentation:
        graph.add((uri, FOAF.page, URIRef(block.value["url"])))
    if dataset.withdrawn_at is not None:
        graph.add((uri, OWL.deprecated, Literal(True)))
    for distribution in dataset.distributions.all():
        graph.add(
            (
                uri,
                DCAT.distribution,
                add_distribution(graph, dataset, distribution, base_url),
            )
        )
    return uri


def add_distribution(graph, dataset, distribution, base_url):
    uri = URIRef(f"{dataset.uri}/distributions/{distribution.pk}")
    graph.add((uri, RDF.type, DCAT.Distribution))
    graph.add((uri, DCTERMS.title, Literal(distribution.title, lang="de")))
    if distribution.description:
        graph.add(
            (uri, DCTERMS.description, Literal(distribution.description, lang="de"))
        )
    download = absolute(base_url, distribution.get_download_path())
    graph.add((uri, DCAT.accessURL, URIRef(distribution.external_url or download)))
    if distribution.document_id or distribution.generator:
        graph.add((uri, DCAT.downloadURL, URIRef(download)))
    licence = distribution.licence or dataset.licence
    if licence:
        graph.add((uri, DCTERMS.license, URIRef(voc.licence_iri(licence))))
        if licence in ATTRIBUTION_LICENCES and dataset.publisher is not None:
            graph.add(
                (uri, DCATDE.licenseAttributionByText, Literal(dataset.publisher.name))
            )
    if distribution.format:
        graph.add((uri, DCTERMS.format, URIRef(distribution.format_iri)))
    if distribution.media_type:
        graph.add((uri, DCAT.mediaType, URIRef(distribution.media_type_iri)))
    if distribution.byte_size is not None:
        graph.add(
            (
                uri,
                DCAT.byteSize,
                Literal(distribution.byte_size, datatype=XSD.nonNegativeInteger),
            )
        )
    if distribution.checksum_sha256:
        checksum = BNode()
        graph.add((uri, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add(
            (
                checksum,
                SPDX.checksumValue,
                Literal(distribution.checksum_sha256, datatype=XSD.hexBinary),
            )
        )
        graph.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    graph.add(
        (uri, DCTERMS.issued, Literal(distribution.created, datatype=XSD.dateTime))
    )
    graph.add(
        (uri, DCTERMS.modified, Literal(distribution.modified, datatype=XSD.dateTime))
    )
    return uri


def page_url(base_url, fmt, number):
    return f"{base_url}/catalog.{fmt}?page={number}"


def add_paging(graph, catalogue, base_url, fmt, number, last, total, page_size):
    """Hydra paging: the current ``hydra:PartialCollectionView`` with IRIs, and on
    the same node the deprecated ``hydra:PagedCollection`` terms (plain strings)
    that older harvesters still read (ckanext-dcat tries ``hydra:next`` first,
    then ``hydra:nextPage``)."""
    view = URIRef(page_url(base_url, fmt, number))
    links = {"first": 1, "last": last}
    if number < last:
        links["next"] = number + 1
    if number > 1:
        links["previous"] = number - 1
    graph.add((catalogue, HYDRA.view, view))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    for name, target in links.items():
        graph.add((view, HYDRA[name], URIRef(page_url(base_url, fmt, target))))
    # deprecated since Hydra Core 2014, kept for harvesters that read only these
    graph.add((view, RDF.type, HYDRA.PagedCollection))
    graph.add((view, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((view, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer)))
    for name, target in links.items():
        graph.add(
            (view, HYDRA[f"{name}Page"], Literal(page_url(base_url, fmt, target)))
        )


def build_page(number, fmt="ttl", base_url=None, page_size=None):
    """The graph of catalogue page ``number`` (1-based)."""
    base_url = (base_url or catalogue_base_uri()).rstrip("/")
    page_size = page_size or settings.DCAT_PAGE_SIZE
    queryset = catalogue_queryset()
    total = queryset.count()
    last = max(1, -(-total // page_size))
    if number < 1 or number > last:
        raise PageOutOfRange(number)
    graph = new_graph()
    modified = queryset.aggregate(latest=Max("metadata_modified"))["latest"]
    catalogue = add_catalogue(graph, modified)
    offset = (number - 1) * page_size
    for dataset in queryset[offset : offset + page_size]:
        graph.add((catalogue, DCAT.dataset, add_dataset(graph, dataset, base_url)))
    add_paging(graph, catalogue, base_url, fmt, number, last, total, page_size)
    return graph


def serialize(graph, fmt):
    rdflib_format, _content_type = FORMATS[fmt]
    return graph.serialize(format=rdflib_format, encoding="utf-8")
