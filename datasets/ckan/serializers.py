"""Datasets, distributions and publishers as CKAN dictionaries.

Every key CKAN defines for a package and a resource is always present (``None``
when unknown): some harvesters (uData) reject dictionaries with missing keys.
"""

import json
from datetime import UTC

from django.conf import settings

from datasets import vocabularies as voc


def timestamp(value):
    """CKAN's timestamp format: ISO 8601 in UTC without an offset."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def date_string(value):
    return value.isoformat() if value else None


def licence_fields(code):
    if not code:
        return {
            "license_id": None,
            "license_title": None,
            "license_url": None,
            "isopen": False,
        }
    return {
        "license_id": voc.licence_iri(code),
        "license_title": str(voc.DataLicence(code).label),
        "license_url": voc.LICENCE_DOCUMENTS.get(code) or voc.licence_iri(code),
        "isopen": code in voc.OPEN_LICENCES,
    }


def organisation_dict(organisation, package_count=None):
    if organisation is None:
        return None
    data = {
        "id": organisation.slug,
        "name": organisation.slug,
        "title": organisation.name,
        "display_name": organisation.name,
        "description": organisation.description,
        "image_url": "",
        "image_display_url": "",
        "num_followers": 0,
        "created": timestamp(organisation.created),
        # uData's CKAN backend requires both (from CKAN before 2.9's revisions);
        # organisations are not versioned here.
        "revision_id": "",
        "revision_timestamp": timestamp(organisation.created),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
        "extras": [
            {"key": "homepage", "value": organisation.homepage or ""},
            {"key": "email", "value": organisation.email or ""},
        ],
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def group_dict(code, package_count=None):
    data = {
        "id": code.lower(),
        "name": code.lower(),
        "title": str(voc.Theme(code).label),
        "display_name": str(voc.Theme(code).label),
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "num_followers": 0,
        "created": None,
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "type": "group",
        "extras": [{"key": "uri", "value": voc.theme_iri(code)}],
    }
    if package_count is not None:
        data["package_count"] = package_count
    return data


def tag_dict(name):
    return {
        "id": name,
        "name": name,
        "display_name": name,
        "state": "active",
        "vocabulary_id": None,
    }


def absolute(base_url, path):
    return f"{base_url.rstrip('/')}{path}" if path.startswith("/") else path


def landing_page(dataset, base_url):
    return dataset.landing_page or absolute(base_url, dataset.url or "")


def resource_dict(distribution, dataset, position, base_url):
    licence = distribution.licence or dataset.licence
    return {
        "id": str(distribution.pk),
        "package_id": str(dataset.identifier),
        "url": distribution.external_url
        or absolute(base_url, distribution.get_download_path()),
        "name": distribution.title,
        "description": distribution.description,
        # CKAN's "" for an unknown format: uData's schema requires a string.
        "format": distribution.format or "",
        "mimetype": distribution.media_type or None,
        "mimetype_inner": None,
        "cache_url": None,
        "cache_last_updated": None,
        "size": distribution.byte_size,
        "hash": distribution.checksum_sha256 or None,
        "created": timestamp(distribution.created),
        "last_modified": timestamp(distribution.modified),
        "metadata_modified": timestamp(distribution.modified),
        "position": position,
        "state": "active",
        "url_type": None if distribution.external_url else "upload",
        "resource_type": None,
        "datastore_active": False,
        "license": voc.licence_iri(licence) if licence else None,
        "download_url": None
        if distribution.external_url
        else absolute(base_url, distribution.get_download_path()),
    }


def package_dict(dataset, base_url):
    """The CKAN package of a dataset (the dataset's relations prefetched)."""
    tags = sorted(item.tag.name for item in dataset.tagged_items.all())
    themes = sorted(theme.code for theme in dataset.themes.all())
    municipalities = list(dataset.municipalities.all())
    distributions = list(dataset.distributions.all())
    extras = {
        "uri": dataset.uri,
        "identifier": str(dataset.identifier),
        "contributorID": json.dumps([settings.DCAT_CONTRIBUTOR_ID])
        if settings.DCAT_CONTRIBUTOR_ID
        else None,
        "politicalGeocodingURI": json.dumps(
            [municipality.geocoding_uri for municipality in municipalities]
        )
        if municipalities
        else None,
        "politicalGeocodingLevelURI": voc.GEOCODING_LEVEL_MUNICIPALITY
        if municipalities
        else None,
        "frequency": dataset.frequency_iri,
        "language": dataset.language_iri,
        "temporal_start": date_string(dataset.temporal_start),
        "temporal_end": date_string(dataset.temporal_end),
        "issued": timestamp(dataset.first_published_at),
        "modified": timestamp(dataset.metadata_modified),
        "contact_url": dataset.contact_url or None,
        "deprecated": "true" if dataset.withdrawn_at else None,
        "withdrawn": timestamp(dataset.withdrawn_at),
    }
    publisher = dataset.publisher
    return {
        "id": str(dataset.identifier),
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        # CKAN's id of the user who created the dataset: editors' accounts are
        # not published, so like a harvested CKAN dataset without a user, null.
        "creator_user_id": None,
        **licence_fields(dataset.licence),
        "metadata_created": timestamp(
            dataset.first_published_at or dataset.latest_revision_created_at
        ),
        "metadata_modified": timestamp(dataset.metadata_modified),
        "author": publisher.name if publisher else None,
        "author_email": (publisher.email or None) if publisher else None,
        "maintainer": dataset.contact_name or (publisher.name if publisher else None),
        "maintainer_email": dataset.contact_email or None,
        "url": landing_page(dataset, base_url),
        "version": None,
        "owner_org": publisher.slug if publisher else None,
        "organization": organisation_dict(publisher),
        "tags": [tag_dict(name) for name in tags],
        "groups": [group_dict(code) for code in themes],
        "extras": [
            {"key": key, "value": value}
            for key, value in extras.items()
            if value is not None
        ],
        "resources": [
            resource_dict(distribution, dataset, position, base_url)
            for position, distribution in enumerate(distributions)
        ],
        "num_resources": len(distributions),
        "num_tags": len(tags),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def licence_list():
    return [
        {
            "id": voc.licence_iri(code),
            "title": str(label),
            "url": voc.LICENCE_DOCUMENTS.get(code) or voc.licence_iri(code),
            "is_okd_compliant": code in voc.OPEN_LICENCES,
            "od_conformance": "approved"
            if code in voc.OPEN_LICENCES
            else "not reviewed",
            "osd_conformance": "not reviewed",
            "status": "active",
            "domain_content": False,
            "domain_data": True,
            "domain_software": False,
        }
        for code, label in voc.DataLicence.choices
    ]
