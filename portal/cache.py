"""The Redis cache backend of the portal: django-redis, failing open.

With ``IGNORE_EXCEPTIONS`` django-redis answers "not found" instead of raising
while Redis is unreachable, so pages are still served, uncached. One case needs
more: ``add()`` then returns ``None`` ("not stored"), and code that uses ``add``
as a lock (django-allauth's rate limits) would wait and then refuse every login
with 429. Here ``add()`` reports success while Redis is down: locks are granted,
rate limits are off until Redis is back (docs/reliability.md).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)


# --- Read-ahead of a page's cache entries (issue #27) ---------------------------
# A fresh render of a page reads 5-15 cache entries one after the other (route,
# site root paths, shell, restricted paths, counts, pages, filter fields,
# fragments): a Redis round trip each. ``portal.routing`` remembers which
# entries under the content version a render of an address read, and reads
# them all at once with one ``get_many`` when the address is rendered again;
# ``get``/``get_many`` then answer from what was read ahead. A key written,
# added, incremented or deleted during the request is read from the cache
# again. Only keys under the current content version are remembered (not the
# per-visitor parts or the editor check), at most ``READ_AHEAD_MAX``.
READ_AHEAD_MAX = 64
NOT_READ_AHEAD = ("portal-parts:", "portal-editor:")
# Read on every page, without the content version in the key (Wagtail's).
ALSO_READ_AHEAD = frozenset({"wagtail_site_root_paths"})
_read_ahead = ContextVar("portal_cache_read_ahead", default=None)


class ReadAhead:
    """The entries read ahead for one request, and the keys it read."""

    def __init__(self, marker, values):
        self.marker, self.values, self.read = marker, values, []
        self._seen = set()

    def note(self, key):
        if (
            key not in self._seen
            and (
                self.marker in key
                or key.endswith(self.marker[:-1])
                or key in ALSO_READ_AHEAD
            )
            and not key.startswith(NOT_READ_AHEAD)
            and len(self.read) < READ_AHEAD_MAX
        ):
            self._seen.add(key)
            self.read.append(key)


@contextmanager
def read_ahead(keys, marker):
    """Within the block, cache reads of ``keys`` are answered from one
    ``get_many`` made now; yields the ``ReadAhead`` (``read``: the keys under
    ``marker`` the block read, to be read ahead next time). Does nothing with
    a cache backend without ``ReadAheadMixin``."""
    backend = caches["default"]
    if not isinstance(backend, ReadAheadMixin):
        yield None
        return
    # ``or {}``: django-redis answers None instead of raising while Redis is down
    values = (backend.get_many(list(keys)) or {}) if keys else {}
    ahead = ReadAhead(marker, values)
    token = _read_ahead.set(ahead)
    try:
        yield ahead
    finally:
        _read_ahead.reset(token)


def _forget(keys):
    ahead = _read_ahead.get()
    if ahead is not None:
        for key in keys:
            ahead.values.pop(key, None)


class ReadAheadMixin:
    """``get``/``get_many`` answered from the request's read-ahead, writes
    dropping what they change from it (see ``read_ahead``)."""

    def get(self, key, default=None, version=None, **kwargs):
        ahead = _read_ahead.get()
        if ahead is not None and version is None:
            ahead.note(key)
            if key in ahead.values:
                return ahead.values[key]
        return super().get(key, default=default, version=version, **kwargs)

    def get_many(self, keys, version=None, **kwargs):
        ahead = _read_ahead.get()
        if ahead is None or version is not None:
            return super().get_many(keys, version=version, **kwargs)
        found, rest = {}, []
        for key in keys:
            ahead.note(key)
            if key in ahead.values:
                found[key] = ahead.values[key]
            else:
                rest.append(key)
        if rest:
            found.update(super().get_many(rest, **kwargs) or {})
        return found

    def set(self, key, *args, **kwargs):
        _forget([key])
        return super().set(key, *args, **kwargs)

    def add(self, key, *args, **kwargs):
        _forget([key])
        return super().add(key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        _forget([key])
        return super().delete(key, *args, **kwargs)

    def incr(self, key, *args, **kwargs):
        _forget([key])
        return super().incr(key, *args, **kwargs)

    def decr(self, key, *args, **kwargs):
        _forget([key])
        return super().decr(key, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        _forget([key])
        return super().touch(key, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        _forget(list(data))
        return super().set_many(data, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        keys = list(keys)
        _forget(keys)
        return super().delete_many(keys, *args, **kwargs)

    def clear(self, *args, **kwargs):
        ahead = _read_ahead.get()
        if ahead is not None:
            ahead.values.clear()
        return super().clear(*args, **kwargs)


class ReadAheadRedisCache(ReadAheadMixin, FailOpenRedisCache):
    """The portal's Redis cache with the request read-ahead."""


class ReadAheadLocMemCache(ReadAheadMixin, LocMemCache):
    """Local memory (development, tests) with the request read-ahead."""
