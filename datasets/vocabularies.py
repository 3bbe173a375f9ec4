"""Controlled vocabularies of DCAT-AP.de 3.0, shipped as Python choices.

Editors pick from these lists; the database stores the IRI (or the code from
which the IRI follows). The lists are subsets of the published vocabularies
(EU Publications Office authority tables and http://dcat-ap.de/def/): only
IRIs that exist there are listed, so everything the catalogue emits is valid.
The SHACL tests check emitted IRIs against these lists.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
THEME_SCHEME = EU_AUTHORITY + "data-theme"
FREQUENCY_SCHEME = EU_AUTHORITY + "frequency"
FILE_TYPE_SCHEME = EU_AUTHORITY + "file-type"
LANGUAGE_SCHEME = EU_AUTHORITY + "language"
LICENCE_SCHEME = "http://dcat-ap.de/def/licenses"
CONTRIBUTOR_SCHEME = "http://dcat-ap.de/def/contributors"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
GEOCODING_LEVEL_SCHEME = "http://dcat-ap.de/def/politicalGeocoding/Level"
GEOCODING_LEVEL_MUNICIPALITY = GEOCODING_LEVEL_SCHEME + "/municipality"


class Theme(models.TextChoices):
    """EU data themes (http://publications.europa.eu/resource/authority/data-theme)."""

    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    ECON = "ECON", _("Economy and finance")
    EDUC = "EDUC", _("Education, culture and sport")
    ENER = "ENER", _("Energy")
    ENVI = "ENVI", _("Environment")
    GOVE = "GOVE", _("Government and public sector")
    HEAL = "HEAL", _("Health")
    INTR = "INTR", _("International issues")
    JUST = "JUST", _("Justice, legal system and public safety")
    REGI = "REGI", _("Regions and cities")
    SOCI = "SOCI", _("Population and society")
    TECH = "TECH", _("Science and technology")
    TRAN = "TRAN", _("Transport")


def theme_iri(code):
    return f"{THEME_SCHEME}/{code}"


class Frequency(models.TextChoices):
    """EU frequency vocabulary (http://publications.europa.eu/resource/authority/frequency)."""

    CONT = "CONT", _("continuous")
    HOURLY = "HOURLY", _("hourly")
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    BIWEEKLY = "BIWEEKLY", _("every two weeks")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL_2 = "ANNUAL_2", _("semi-annual")
    ANNUAL = "ANNUAL", _("annual")
    BIENNIAL = "BIENNIAL", _("every two years")
    IRREG = "IRREG", _("irregular")
    NEVER = "NEVER", _("never (historical data)")
    UNKNOWN = "UNKNOWN", _("unknown")


def frequency_iri(code):
    return f"{FREQUENCY_SCHEME}/{code}"


class Language(models.TextChoices):
    """EU language authority table; code = the table's three-letter code."""

    DEU = "DEU", _("German")
    ENG = "ENG", _("English")
    NDS = "NDS", _("Low German")


def language_iri(code):
    return f"{LANGUAGE_SCHEME}/{code}"


class DataLicence(models.TextChoices):
    """Licences of http://dcat-ap.de/def/licenses (value = path below the scheme)."""

    DL_BY = "dl-by-de/2.0", _("Data licence Germany – attribution – 2.0")
    DL_ZERO = "dl-zero-de/2.0", _("Data licence Germany – zero – 2.0")
    CC_ZERO = "cc-zero", _("Creative Commons CC Zero 1.0")
    CC_BY = "cc-by/4.0", _("Creative Commons Attribution 4.0 International")
    CC_BY_SA = "cc-by-sa/4.0", _("Creative Commons Attribution – ShareAlike 4.0")
    CC_BY_ND = "cc-by-nd/4.0", _("Creative Commons Attribution – NoDerivatives 4.0")
    ODBL = "odbl", _("Open Data Commons Open Database License (ODbL)")
    OFFICIAL_WORK = "officialWork", _("Official work (§ 5 UrhG)")
    OTHER_OPEN = "other-open", _("Other open licence")
    OTHER_CLOSED = "other-closed", _("Other licence (not open)")


OPEN_LICENCES = {
    DataLicence.DL_BY,
    DataLicence.DL_ZERO,
    DataLicence.CC_ZERO,
    DataLicence.CC_BY,
    DataLicence.CC_BY_SA,
    DataLicence.ODBL,
    DataLicence.OFFICIAL_WORK,
    DataLicence.OTHER_OPEN,
}

# Canonical documents of the licences, for people (CKAN's ``license_url``).
LICENCE_DOCUMENTS = {
    DataLicence.DL_BY: "https://www.govdata.de/dl-de/by-2-0",
    DataLicence.DL_ZERO: "https://www.govdata.de/dl-de/zero-2-0",
    DataLicence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
    DataLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    DataLicence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    DataLicence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


def licence_iri(code):
    return f"{LICENCE_SCHEME}/{code}"


class FileType(models.TextChoices):
    """EU file types (http://publications.europa.eu/resource/authority/file-type)."""

    CSV = "CSV", "CSV"
    TSV = "TSV", "TSV"
    XLSX = "XLSX", "XLSX (Excel)"
    XLS = "XLS", "XLS (Excel 97–2003)"
    ODS = "ODS", "ODS (OpenDocument)"
    JSON = "JSON", "JSON"
    GEOJSON = "GEOJSON", "GeoJSON"
    XML = "XML", "XML"
    KML = "KML", "KML"
    SHP = "SHP", "Shapefile"
    RDF_TURTLE = "RDF_TURTLE", "RDF Turtle"
    RDF_XML = "RDF_XML", "RDF/XML"
    JSON_LD = "JSON_LD", "JSON-LD"
    PDF = "PDF", "PDF"
    HTML = "HTML", "HTML"
    TXT = "TXT", _("Plain text")
    DOCX = "DOCX", "DOCX (Word)"
    ODT = "ODT", "ODT (OpenDocument)"
    ZIP = "ZIP", "ZIP"


def file_type_iri(code):
    return f"{FILE_TYPE_SCHEME}/{code}"


# File type -> IANA media type.
MEDIA_TYPES = {
    FileType.CSV: "text/csv",
    FileType.TSV: "text/tab-separated-values",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.XLS: "application/vnd.ms-excel",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.JSON: "application/json",
    FileType.GEOJSON: "application/geo+json",
    FileType.XML: "application/xml",
    FileType.KML: "application/vnd.google-earth.kml+xml",
    FileType.SHP: "application/zip",
    FileType.RDF_TURTLE: "text/turtle",
    FileType.RDF_XML: "application/rdf+xml",
    FileType.JSON_LD: "application/ld+json",
    FileType.PDF: "application/pdf",
    FileType.HTML: "text/html",
    FileType.TXT: "text/plain",
    FileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ZIP: "application/zip",
}

EXTENSIONS = {
    "csv": FileType.CSV,
    "tsv": FileType.TSV,
    "tab": FileType.TSV,
    "xlsx": FileType.XLSX,
    "xls": FileType.XLS,
    "ods": FileType.ODS,
    "json": FileType.JSON,
    "geojson": FileType.GEOJSON,
    "xml": FileType.XML,
    "kml": FileType.KML,
    "shp": FileType.SHP,
    "ttl": FileType.RDF_TURTLE,
    "rdf": FileType.RDF_XML,
    "jsonld": FileType.JSON_LD,
    "pdf": FileType.PDF,
    "html": FileType.HTML,
    "htm": FileType.HTML,
    "txt": FileType.TXT,
    "docx": FileType.DOCX,
    "odt": FileType.ODT,
    "zip": FileType.ZIP,
}


def media_type_iri(media_type):
    return IANA_MEDIA_TYPES + media_type
