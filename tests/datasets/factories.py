"""Open data built by tests: the data section, publishers and datasets (no demo)."""

import itertools

from django.core.files.base import ContentFile

from datasets import vocabularies as voc
from datasets.models import (
    DatasetIndexPage,
    DatasetPage,
    DataTheme,
    Distribution,
    Organisation,
)
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
    slug=None, files=(), themes=("GOVE",), tags=("Test",), generated=(), **fields
):
    """A published dataset with complete metadata; ``files`` are (name, content),
    ``generated`` (title, generator key) of files the portal generates."""
    slug = slug or f"datensatz-{next(_numbers)}"
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
    data_index().add_child(instance=page)
    page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def set_modified(page, moment):
    """Pin ``metadata_modified`` (a harvester's view of the last change)."""
    DatasetPage.objects.filter(pk=page.pk).update(metadata_modified=moment)
    page.refresh_from_db()
    return page
