"""Queries and bytes per benchmark target, measured in-process with Django's test client.

Usage: python bench/queries.py bench/targets.txt > queries.tsv
Prints one line per target: name, path, status, bytes, queries without the page
cache (a fresh render: a request with a cookie and ``Cache-Control: no-cache``),
queries of an anonymous request served from the warm cache and of a signed-in
citizen's request (``bench-citizen``, bench/signed_in.py) after the first.
"""

import os
import sys
from pathlib import Path

from common import setup_django

setup_django("portal.settings.production")

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def read_targets(filename):
    for line in Path(filename).read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            name, path = line.split("\t", 1)
            yield name.strip(), path.strip()


def count(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    body = b"".join(response) if response.streaming else response.content
    return response.status_code, len(body), len(queries)


def main(filename):
    host = os.environ.get("BENCH_HOST", "127.0.0.1")
    anonymous = Client(HTTP_HOST=host)
    uncached = Client(HTTP_HOST=host, HTTP_CACHE_CONTROL="no-cache")
    uncached.cookies["bench"] = "uncached"
    signed_in = Client(HTTP_HOST=host)
    signed_in.force_login(
        get_user_model().objects.get_or_create(username="bench-citizen")[0]
    )
    print(
        "name\tpath\tstatus\tbytes\tqueries_uncached\tqueries_cached\tqueries_signed_in"
    )
    for name, path in read_targets(filename):
        anonymous.get(path)  # warm the shell and page caches
        signed_in.get(path)
        status, size, uncached_queries = count(uncached, path)
        _status, _size, cached_queries = count(anonymous, path)
        _status, _size, signed_in_queries = count(signed_in, path)
        print(
            f"{name}\t{path}\t{status}\t{size}\t{uncached_queries}\t{cached_queries}"
            f"\t{signed_in_queries}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/targets.txt")
