"""Fixtures of the open data tests: the data section, a publisher, a dataset
factory (all from ``tests/datasets/factories.py``), a CKAN client."""

from urllib.parse import urlsplit

import ckanapi
import pytest
import requests
from requests.structures import CaseInsensitiveDict

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


class DjangoClientAdapter(requests.adapters.BaseAdapter):
    """A transport for ``requests`` that hands each request, as the HTTP client
    built it (method, path, query, body, headers), to Django's test client.

    Harvester libraries (ckanapi) talk to the portal this way inside the test's
    transaction, so they see the data the test built on every database; a live
    server thread would need committed data (PostgreSQL).
    """

    def __init__(self, client):
        super().__init__()
        self.client = client

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = f"{url.path}?{url.query}" if url.query else url.path
        # Transfer details of the socket, not of the request: compression is
        # what urllib3 would undo, the length is the body's.
        skip = {"content-type", "content-length", "accept-encoding", "connection"}
        headers = {k: v for k, v in request.headers.items() if k.lower() not in skip}
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        answer = self.client.generic(
            request.method,
            path,
            body,
            content_type=request.headers.get("Content-Type", ""),
            headers=headers,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response.reason = answer.reason_phrase
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = (
            b"".join(answer.streaming_content) if answer.streaming else answer.content
        )
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


@pytest.fixture
def ckan_portal(client):
    """``ckanapi.RemoteCKAN(address, **options)`` for the portal of this test."""
    sessions = []

    def connect(**options):
        session = requests.Session()
        session.mount("http://testserver/", DjangoClientAdapter(client))
        sessions.append(session)
        return ckanapi.RemoteCKAN("http://testserver", session=session, **options)

    yield connect
    for session in sessions:
        session.close()
