"""A Frictionless Data Package (``datapackage.json``) for each dataset.

Tabular resources (CSV, TSV, XLSX and JSON arrays of objects) carry a Table
Schema whose field types are inferred from the first rows by
:mod:`datasets.preview`, with what a reader needs to parse them: ``decimalChar``
and ``groupChar`` for German numbers, ``trueValues``/``falseValues`` for
"ja"/"nein", the date format for 31.12.2026, the encoding and the CSV dialect.
GeoJSON, JSON whose rows sit inside an object, JSON arrays of plain values and
anything that has no preview are plain data resources, not tables: a reader
could not find the declared columns in them. ``tests/datasets/test_frictionless.py``
validates the result with frictionless-py against the served files.
"""

import re

from django.utils.text import slugify

from datasets import vocabularies as voc
from datasets.ckan.serializers import absolute, landing_page, timestamp

TABULAR = {"csv": "csv", "xlsx": "xlsx", "json": "json", "geojson": "json"}


def resource_descriptor(distribution, base_url, used_names):
    name = slugify(distribution.title)[:80] or f"resource-{distribution.pk}"
    while name in used_names:
        name = f"{name}-{distribution.pk}"
    used_names.add(name)
    descriptor = {
        "name": name,
        "title": distribution.title,
        "path": distribution.external_url
        or absolute(base_url, distribution.get_download_path()),
    }
    if distribution.description:
        descriptor["description"] = distribution.description
    if distribution.format:
        descriptor["format"] = distribution.format.lower()
    if distribution.media_type:
        descriptor["mediatype"] = distribution.media_type
    if distribution.byte_size is not None:
        descriptor["bytes"] = distribution.byte_size
    if distribution.checksum_sha256:
        descriptor["hash"] = f"sha256:{distribution.checksum_sha256}"
    licence = distribution.licence or distribution.page.licence
    if licence:
        descriptor["licenses"] = [licence_descriptor(licence)]
    preview = distribution.get_preview()
    if is_table(preview):
        descriptor["profile"] = "tabular-data-resource"
        descriptor["schema"] = {
            "fields": [
                field_descriptor(name, type_, index, preview)
                for index, (name, type_) in enumerate(preview.columns)
            ]
        }
        if preview.kind == "csv":
            encoding = (
                "utf-8" if preview.encoding.startswith("UTF-8") else "windows-1252"
            )
            descriptor["encoding"] = encoding
            descriptor["dialect"] = {"delimiter": preview.delimiter, "header": True}
    else:
        descriptor["profile"] = "data-resource"
    return descriptor


def is_table(preview):
    """Whether a reader finds the preview's columns in the file as a table
    (not GeoJSON, nor JSON whose rows sit inside an object: the Data Package
    standard has no way to give the path to them)."""
    return bool(
        preview is not None
        and preview.columns
        and not preview.error
        and preview.tabular
        and preview.kind in {"csv", "xlsx", "json"}
    )


DECIMAL_COMMA_RE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?,\d+$")
GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GERMAN_DATE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
# Table Schema's defaults plus the German words the preview accepts.
TRUE_VALUES = ["true", "True", "TRUE", "1", "ja", "Ja", "JA", "wahr", "Wahr", "WAHR"]
FALSE_VALUES = [
    *["false", "False", "FALSE", "0", "nein", "Nein", "NEIN"],
    *["falsch", "Falsch", "FALSCH"],
]


def field_descriptor(name, type_, index, preview):
    """A Table Schema field with what a reader needs to parse the values:
    ``decimalChar`` (and ``groupChar`` for 1.234,5) for German numbers, the
    German yes/no words, the format of German dates."""
    field = {"name": name, "type": type_}
    values = [
        str(row[index]).strip()
        for row in preview.rows
        if index < len(row) and row[index] not in (None, "")
    ]
    if type_ == "boolean":
        field["trueValues"] = TRUE_VALUES
        field["falseValues"] = FALSE_VALUES
    if type_ == "date":
        if all(GERMAN_DATE_RE.match(value) for value in values):
            field["format"] = "%d.%m.%Y"
        elif not all(ISO_DATE_RE.match(value) for value in values):
            field["type"] = "string"  # a mix of formats: no single pattern reads it
    if type_ == "number" and any(DECIMAL_COMMA_RE.match(value) for value in values):
        field["decimalChar"] = ","
        if any(GROUPED_RE.match(value) for value in values):
            field["groupChar"] = "."
    return field


def licence_descriptor(code):
    return {
        "name": code,
        "path": voc.LICENCE_DOCUMENTS.get(code) or voc.licence_iri(code),
        "title": str(voc.DataLicence(code).label),
    }


def datapackage(dataset, base_url):
    used_names = set()
    package = {
        "profile": "data-package",
        "name": dataset.slug,
        "id": str(dataset.identifier),
        "title": dataset.title,
        "description": dataset.description,
        "homepage": landing_page(dataset, base_url),
        "keywords": sorted(item.tag.name for item in dataset.tagged_items.all()),
        "created": timestamp(dataset.first_published_at),
        "resources": [
            resource_descriptor(distribution, base_url, used_names)
            for distribution in dataset.distributions.all()
        ],
    }
    if dataset.licence:
        package["licenses"] = [licence_descriptor(dataset.licence)]
    if dataset.publisher:
        package["contributors"] = [
            {
                "title": dataset.publisher.name,
                "role": "publisher",
                **(
                    {"email": dataset.publisher.email}
                    if dataset.publisher.email
                    else {}
                ),
                **(
                    {"path": dataset.publisher.homepage}
                    if dataset.publisher.homepage
                    else {}
                ),
            }
        ]
    return package
