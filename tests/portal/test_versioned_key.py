"""The one content-versioned cache key (portal.shell.versioned_key, issue #23)."""

import pytest

from portal.shell import content_version, invalidate, versioned_key

pytestmark = pytest.mark.django_db


def test_key_holds_the_version_and_goes_stale_on_a_content_change():
    key = versioned_key("test-thing", 7, "de")
    assert key == f"test-thing:{content_version()}:7:de"
    invalidate()
    assert versioned_key("test-thing", 7, "de") != key
