"""Open data built by tests: the data section, publishers and datasets (no demo)."""

import io
import itertools

from django.core.files.base import ContentFile
from openpyxl import Workbook

from datasets import vocabularies as voc
from datasets.models import (
    DatasetIndexPage,
    DatasetPage,
    DataTheme,
    Distribution,
    Organisation,
)
from portal.indexing import indexed_once
from portal.models import PortalDocument
from tests import factories

_numbers = itertools.count(1)


def data_index():
    """The German data section below the home page (created once per test)."""
    home = factories.home_page()
    index = DatasetIndexPage.objects.child_of(home).first()
    if index is None:
        index = factories.add_page(home, DatasetIndexPage, title="Daten", slug="daten")
    return index


def organisation(slug=None, **fields):
    slug = slug or f"organisation-{next(_numbers)}"
    values = {"name": slug.replace("-", " ").title(), "email": f"{slug}@example.org"}
    values.update(fields)
    return Organisation.objects.get_or_create(slug=slug, defaults=values)[0]


def document(content, filename, title=None):
    doc = PortalDocument(title=title or filename)
    if isinstance(content, str):
        content = content.encode()
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


def dataset(
    slug=None,
    files=(),
    themes=("GOVE",),
    tags=("Test",),
    generated=(),
    municipalities=(),
    **fields,
):
    """A published dataset with complete metadata; ``files`` are (name, content),
    ``generated`` (title, generator key) of files the portal generates,
    ``municipalities`` its spatial coverage."""
    # not "datensatz-N": the scale generator (bench/scale/datasets.py) uses those
    slug = slug or f"testdatensatz-{next(_numbers)}"
    values = {
        "title": slug.replace("-", " ").title(),
        "description": "Ein Testdatensatz.",
        "licence": voc.DataLicence.DL_BY,
        "contact_email": "test@example.org",
        "frequency": voc.Frequency.ANNUAL,
    }
    values.update(fields)
    if "publisher" not in values:
        values["publisher"] = organisation("amt-test")
    page = DatasetPage(slug=slug, **values)
    page.distributions = [
        Distribution(title=name, document=document(content, name))
        for name, content in files
    ] + [Distribution(title=name, generator=key) for name, key in generated]
    page.themes = [DataTheme.objects.get(code=code) for code in themes]
    page.municipalities = list(municipalities)
    with indexed_once(DatasetPage):
        data_index().add_child(instance=page)
        page.tags.add(*tags)
        # validated in full by ``add_child``'s save; tags are no field of it
        page.save_revision(clean=False).publish()
    page.refresh_from_db()
    return page


def set_modified(page, moment):
    """Pin ``metadata_modified`` (a harvester's view of the last change)."""
    DatasetPage.objects.filter(pk=page.pk).update(metadata_modified=moment)
    page.refresh_from_db()
    return page


# --- a small catalogue, built once per test module ----------------------------------

GEOJSON = b'{"type": "FeatureCollection", "features": []}'


def _csv(text):
    return text.encode("cp1252")


POPULATION_CSV = _csv("Gemeinde;Einwohner\r\nCrivitz;4900\r\nBülow;480\r\n")


def population_dataset(**fields):
    """The population by municipality as the register exports it: a
    semicolon-separated CSV in Windows-1252 and an Excel workbook."""
    values = {
        "title": "Einwohner nach Gemeinden",
        "description": "Einwohnerzahlen der Gemeinden zum 31. Dezember.",
        "publisher": organisation("amt-crivitz", name="Amt Crivitz"),
        "licence": voc.DataLicence.DL_BY,
        "themes": ("SOCI", "REGI"),
        "tags": ("Einwohner", "Bevölkerung", "Statistik"),
        "files": [
            ("einwohner.csv", POPULATION_CSV),
            ("einwohner.xlsx", xlsx([["Gemeinde", "Einwohner"], ["Crivitz", 4900]])),
        ],
    }
    values.update(fields)
    return dataset("einwohner-nach-gemeinden", **values)


def xlsx(rows):
    """An Excel workbook (first sheet ``rows``) as bytes."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CATALOGUE_COUNT = 9


def catalogue():
    """Nine datasets of three publishers, for the catalogue page, the CKAN API,
    the query parser and DCAT (use with ``factories.module_data``).

    ========================  ==============  ==========  =====================
    slug                      publisher       themes      files
    ========================  ==============  ==========  =====================
    einwohner-nach-gemeinden  amt-crivitz     SOCI REGI   CSV (cp1252), XLSX
    kita-plaetze              amt-crivitz     EDUC        CSV
    spielplaetze              amt-crivitz     SOCI        GeoJSON
    oeffentliche-toiletten    amt-crivitz     HEAL        GeoJSON
    bushaltestellen           amt-crivitz     TRAN        GeoJSON
    badewasserqualitaet       amt-crivitz     ENVI HEAL   CSV, CSV
    abfuhrtermine             amt-crivitz     ENVI        CSV
    ladesaeulen               stadt-crivitz   TRAN ENER   GeoJSON
    wasserstand-plate         gemeinde-plate  ENVI        CSV
    ========================  ==============  ==========  =====================

    Licence dl-zero-de/2.0 for kita-plaetze, spielplaetze, oeffentliche-toiletten
    and bushaltestellen, cc-zero for wasserstand-plate, dl-by-de/2.0 otherwise;
    frequency WEEKLY for wasserstand-plate, QUARTERLY for abfuhrtermine, ANNUAL
    otherwise. Municipalities crivitz (AGS 13076027) and plate:
    einwohner-nach-gemeinden and badewasserqualitaet cover both, kita-plaetze,
    spielplaetze and wasserstand-plate plate. Keyword Geodaten on the four
    GeoJSON datasets. The data section and the population dataset are in
    English too (/en/data/population-by-municipality/). wasserstand-plate is
    published last.
    """
    amt = organisation("amt-crivitz", name="Amt Crivitz")
    stadt = organisation("stadt-crivitz", name="Stadt Crivitz")
    plate_org = organisation("gemeinde-plate", name="Gemeinde Plate")
    crivitz = factories.MunicipalityFactory(
        name="Crivitz", slug="crivitz", ags="13076027"
    )
    plate = factories.MunicipalityFactory(name="Plate", slug="plate", ags="13076113")
    both = [crivitz, plate]
    index = data_index()
    common = {"publisher": amt, "licence": voc.DataLicence.DL_BY}
    zero = {**common, "licence": voc.DataLicence.DL_ZERO}
    pages = {}

    def add(slug, **fields):
        page = dataset(slug, **fields)
        pages[slug] = page
        return page

    population = population_dataset(municipalities=both)
    pages[population.slug] = population
    add(
        "kita-plaetze",
        title="Kita-Plätze",
        description="Betreuungsplätze in Krippe, Kindergarten und Hort.",
        themes=("EDUC",),
        tags=("Kinder", "Betreuung"),
        files=[("kita.csv", _csv("Einrichtung;Plaetze\r\nKita Sonnenschein;80\r\n"))],
        municipalities=[plate],
        **zero,
    )
    add(
        "spielplaetze",
        title="Spielplätze",
        description="Jeder öffentliche Spielplatz mit seinen Spielgeräten.",
        themes=("SOCI",),
        tags=("Geodaten", "Kinder"),
        files=[("spielplaetze.geojson", GEOJSON)],
        municipalities=[plate],
        **zero,
    )
    add(
        "oeffentliche-toiletten",
        title="Öffentliche Toiletten",
        description="Standorte mit Öffnungszeiten und Angaben zur Barrierefreiheit.",
        themes=("HEAL",),
        tags=("Geodaten",),
        files=[("toiletten.geojson", GEOJSON)],
        **zero,
    )
    add(
        "bushaltestellen",
        title="Bushaltestellen",
        description="Haltestellen des Linienverkehrs mit ihren Linien.",
        themes=("TRAN",),
        tags=("Geodaten", "Bus"),
        files=[("haltestellen.geojson", GEOJSON)],
        **zero,
    )
    add(
        "badewasserqualitaet",
        title="Badewasserqualität",
        description="Messwerte der Badestellen am Schweriner See.",
        themes=("ENVI", "HEAL"),
        tags=("Badewasser", "Schweriner See", "Umwelt", "Gesundheit", "Messwerte"),
        files=[
            ("badewasser-2024.csv", _csv("Badestelle;E. coli\r\nLeezen;15\r\n")),
            ("badewasser-2025.csv", _csv("Badestelle;E. coli\r\nLeezen;30\r\n")),
        ],
        municipalities=both,
        **common,
    )
    add(
        "abfuhrtermine",
        title="Abfuhrtermine",
        description="Termine der Müllabfuhr nach Straße.",
        themes=("ENVI",),
        tags=("Abfall",),
        files=[("abfuhr.csv", _csv("Strasse;Termin\r\nMühlenweg;2026-01-07\r\n"))],
        frequency=voc.Frequency.QUARTERLY,
        **common,
    )
    add(
        "ladesaeulen",
        title="Ladesäulen",
        description="Öffentliche Ladepunkte für Elektrofahrzeuge.",
        themes=("TRAN", "ENER"),
        tags=("Geodaten", "Elektromobilität"),
        files=[("ladesaeulen.geojson", GEOJSON)],
        publisher=stadt,
        licence=voc.DataLicence.DL_BY,
    )
    add(
        "wasserstand-plate",
        title="Wasserstand am Pegel Plate",
        description="Wöchentliche Pegelstände der Stör.",
        themes=("ENVI",),
        tags=("Pegel",),
        files=[("pegel.csv", _csv("Datum;Pegel\r\n2025-01-06;312\r\n"))],
        municipalities=[plate],
        publisher=plate_org,
        licence=voc.DataLicence.CC_ZERO,
        frequency=voc.Frequency.WEEKLY,
    )
    factories.translate(index, slug="data", title="Open data")
    factories.translate(
        population,
        slug="population-by-municipality",
        title="Population by municipality",
        description="Population of the municipalities on 31 December.",
    )
    return pages
