"""A Frictionless Data Package (``datapackage.json``) for each dataset.

Tabular resources (CSV, XLSX, JSON) carry a Table Schema whose field types are
inferred from the first rows by :mod:`datasets.preview` (with ``decimalChar`` for
decimal commas); GeoJSON is a plain data resource, not a table.
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
    # GeoJSON is not a table: its preview's columns (geometry, longitude…) are
    # made up from the features, so Frictionless would not find them in the file.
    if (
        preview is not None
        and preview.columns
        and not preview.error
        and preview.kind != "geojson"
    ):
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


DECIMAL_COMMA_RE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)?,\d+$")
GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def field_descriptor(name, type_, index, preview):
    """A Table Schema field; numbers written with a decimal comma (German
    spreadsheets) say so with ``decimalChar`` (and ``groupChar`` for 1.234,5)."""
    field = {"name": name, "type": type_}
    if type_ == "number":
        values = [
            str(row[index]).strip()
            for row in preview.rows
            if index < len(row) and row[index] not in (None, "")
        ]
        if any(DECIMAL_COMMA_RE.match(value) for value in values):
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
