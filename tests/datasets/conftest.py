"""Fixtures of the open data tests: the demo catalogue, a factory, a live server."""

import pytest
from django.core.files.base import ContentFile
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from datasets import vocabularies as voc
from datasets.models import (
    DatasetIndexPage,
    DatasetPage,
    DataTheme,
    Distribution,
    Organisation,
)
from portal.models import PortalDocument


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The suite sends many requests from one address; rate tests switch it on."""
    settings.OPEN_DATA_RATE_LIMIT = 0


@pytest.fixture
def data_index(home):
    return DatasetIndexPage.objects.child_of(home).get()


@pytest.fixture
def organisation(db):
    return Organisation.objects.get(slug="amt-crivitz")


@pytest.fixture
def make_document(db):
    def make(content, filename, title=None):
        document = PortalDocument(title=title or filename)
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def make_dataset(data_index, organisation, make_document):
    """A published dataset with sensible, complete metadata (override anything)."""

    def make(slug, files=(), themes=("GOVE",), tags=("Test",), **fields):
        values = {
            "title": slug.replace("-", " ").title(),
            "description": "Ein Testdatensatz.",
            "publisher": organisation,
            "licence": voc.DataLicence.DL_BY,
            "contact_email": "test@example.org",
            "frequency": voc.Frequency.ANNUAL,
        }
        values.update(fields)
        page = DatasetPage(slug=slug, **values)
        page.distributions = [
            Distribution(title=filename, document=make_document(content, filename))
            for filename, content in files
        ]
        page.themes = [DataTheme.objects.get(code=code) for code in themes]
        data_index.add_child(instance=page)
        page.tags.add(*tags)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


class _Server:
    def __init__(self, thread):
        self.thread = thread
        self.url = f"http://{thread.host}:{thread.port}"


@pytest.fixture
def live_portal(db):
    """A live server inside the test's transaction (reads the demo catalogue).

    pytest-django's ``live_server`` needs a transactional database and would
    flush the demo content every other test relies on; this one shares the
    in-memory SQLite connection like Django's LiveServerTestCase does.
    """
    overrides = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            overrides[connection.alias] = connection
            connection.inc_thread_sharing()
    thread = LiveServerThread(
        "127.0.0.1", _StaticFilesHandler, connections_override=overrides, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield _Server(thread)
    thread.terminate()
    for connection in overrides.values():
        connection.dec_thread_sharing()
