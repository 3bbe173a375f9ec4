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


def test_long_parts_are_hashed_into_a_key_memcached_takes():
    import warnings

    from django.core.cache import cache
    from django.core.cache.backends.base import CacheKeyWarning

    path = "/" + "a" * 1999
    key = versioned_key("portal-route", "localhost", "80", "de", path)
    assert len(key) < 250 - 20  # room for Django's key prefix and version
    assert path not in key
    assert key.startswith(f"portal-route:{content_version()}:sha256-")
    # the same parts give the same key, other parts another one
    assert versioned_key("portal-route", "localhost", "80", "de", path) == key
    assert versioned_key("portal-route", "localhost", "80", "en", path) != key
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.set(key, "x")
        assert cache.get(key) == "x"


def test_parts_with_spaces_or_control_characters_are_hashed():
    key = versioned_key("test-thing", "/a b/\n")
    assert " " not in key and "\n" not in key
    assert key != versioned_key("test-thing", "/a_b/\n")
    # short, printable parts stay readable (Umlauts too)
    assert versioned_key("t", "/über/") == f"t:{content_version()}:/über/"
    assert versioned_key("t") == f"t:{content_version()}"
