"""The cache read-ahead of a page (portal/cache.py, portal/routing.py, issue
#27): a fresh render reads the cache entries its address read last time with
one get_many, answers from them, never serves what the request itself changed,
and renders the same page."""

import pytest
from django.core.cache import cache, caches

from home.models import StandardPage
from portal.cache import ReadAheadMixin, read_ahead
from portal.shell import content_version, invalidate
from tests import factories
from tests.fresh_render import fresh_client

pytestmark = pytest.mark.django_db


class Counting:
    """Counts the backend's own reads (those not answered from the read-ahead):
    single ``get`` calls, and the keys of each ``get_many``."""

    def __init__(self, monkeypatch):
        self.gets, self.get_manys, self.inside = [], [], False
        backend = type(caches["default"])
        base = backend.__mro__[backend.__mro__.index(ReadAheadMixin) + 1]
        real_get, real_get_many = base.get, base.get_many

        def get(this, key, *args, **kwargs):
            if not self.inside:
                self.gets.append(key)
            return real_get(this, key, *args, **kwargs)

        def get_many(this, keys, *args, **kwargs):
            keys = list(keys)
            self.get_manys.append(keys)
            self.inside = True
            try:
                return real_get_many(this, keys, *args, **kwargs)
            finally:
                self.inside = False

        monkeypatch.setattr(base, "get", get)
        monkeypatch.setattr(base, "get_many", get_many)


@pytest.fixture
def page(home):
    section = factories.add_page(home, StandardPage, title="Rathaus", slug="rathaus")
    return factories.add_page(section, StandardPage, title="Bürgerbüro", slug="buero")


def test_the_backend_in_every_setting_reads_ahead():
    assert isinstance(caches["default"], ReadAheadMixin)


def test_a_repeated_render_reads_its_entries_in_one_round_trip(page, monkeypatch):
    client = fresh_client()
    first = client.get("/rathaus/buero/")
    second = client.get("/rathaus/buero/")
    counting = Counting(monkeypatch)
    third = client.get("/rathaus/buero/")
    assert third.content == second.content == first.content
    # route entry and read-ahead list, then everything else they listed
    remembered = [key for keys in counting.get_manys for key in keys]
    assert any(key.startswith("portal-shell:") for key in remembered)
    assert not any(key.startswith("portal-shell:") for key in counting.gets)
    assert len(counting.gets) <= 2


def test_a_key_written_in_the_request_is_read_again():
    version = content_version()
    cache.set(f"test-ahead:{version}:a", "old")
    with read_ahead([f"test-ahead:{version}:a"], f":{version}:") as ahead:
        assert cache.get(f"test-ahead:{version}:a") == "old"
        cache.set(f"test-ahead:{version}:a", "new")
        assert cache.get(f"test-ahead:{version}:a") == "new"
        cache.delete(f"test-ahead:{version}:a")
        assert cache.get(f"test-ahead:{version}:a") is None
        assert cache.get_many([f"test-ahead:{version}:a"]) == {}
    assert ahead.read == [f"test-ahead:{version}:a"]
    # outside the block nothing is read ahead
    cache.set(f"test-ahead:{version}:a", "later")
    assert cache.get(f"test-ahead:{version}:a") == "later"


def test_personal_keys_are_not_remembered():
    version = content_version()
    with read_ahead([], f":{version}:") as ahead:
        cache.get(f"portal-parts:{version}:17")
        cache.get("portal-editor:17")
        cache.get("unversioned-key")
        cache.get(f"portal-shell:{version}:1:de")
    assert ahead.read == [f"portal-shell:{version}:1:de"]


def test_a_published_change_shows_although_the_entries_were_read_ahead(page):
    client = fresh_client()
    for _ in range(3):
        assert "Bürgerbüro" in client.get("/rathaus/buero/").text
    page.title = "Bürgerservice"
    page.save_revision().publish()
    html = client.get("/rathaus/buero/").text
    assert "Bürgerservice" in html and "Bürgerbüro" not in html
    invalidate()
    assert "Bürgerservice" in client.get("/rathaus/buero/").text
