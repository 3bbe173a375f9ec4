"""Fixtures of the open data tests: the data section, a publisher, a dataset
factory (all from ``tests/datasets/factories.py``), a live server."""

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from tests.datasets import factories as data_factories


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The suite sends many requests from one address; rate tests switch it on."""
    settings.OPEN_DATA_RATE_LIMIT = 0


@pytest.fixture
def data_index(home):
    """The data section (built by the factory; the demo's when the demo is loaded)."""
    return data_factories.data_index()


@pytest.fixture
def organisation(db):
    return data_factories.organisation("amt-crivitz", name="Amt Crivitz")


@pytest.fixture
def make_document(db):
    return data_factories.document


@pytest.fixture
def make_dataset(data_index, organisation):
    """A published dataset with sensible, complete metadata (override anything)."""

    def make(slug, files=(), themes=("GOVE",), tags=("Test",), **fields):
        fields.setdefault("publisher", organisation)
        return data_factories.dataset(
            slug, files=files, themes=themes, tags=tags, **fields
        )

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
