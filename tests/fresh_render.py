"""Requests that render a page afresh, and the queries they make (the route
cache and the home fragment tests of issue #27)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def fresh_client():
    """A visitor with a cookie who asks past every page cache (a hard reload)."""
    client = Client(HTTP_CACHE_CONTROL="no-cache")
    client.cookies["seen"] = "1"
    return client


def get_counting(client, url):
    """The response to ``url`` and the number of queries it made."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)
