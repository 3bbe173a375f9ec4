"""The one content-versioned cache key (portal.shell.versioned_key, issue #23)."""

import pytest

from portal.shell import content_version, invalidate, versioned_key

pytestmark = pytest.mark.django_db


def test_key_holds_the_version_and_goes_stale_on_a_content_change():
    key = versioned_key("test-thing", 7, "de")
    assert key == f"test-thing:{content_version()}:7:de"
    invalidate()
    assert versioned_key("test-thing", 7, "de") != key


def test_a_request_reads_the_version_once_and_sees_its_own_change():
    from unittest import mock

    from django.core.cache import cache
    from django.test import RequestFactory

    from portal.shell import ContentVersionMiddleware

    seen = []

    def view(request):
        with mock.patch.object(cache, "get_or_set", wraps=cache.get_or_set) as read:
            first = content_version()
            assert content_version() == first
            assert read.call_count == 1
            invalidate()
            seen.extend([first, content_version()])
        return None

    ContentVersionMiddleware(view)(RequestFactory().get("/"))
    assert seen[1] > seen[0]
    # outside a request every call reads the cache
    assert content_version() == seen[1]
