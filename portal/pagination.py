"""A paginator that counts a listing once per content version.

Every listing page shows the number of pages, so Django's ``Paginator`` runs a
``COUNT(*)`` over the whole filtered listing on each request: over 50,000 news
items that costs more than fetching the ten shown. ``CachedCountPaginator``
keeps the count in the cache under the query's SQL (filters included) and the
content version (``portal.shell.content_version``), which grows whenever a page
is published, unpublished, moved or deleted, so the count is never stale. A
query that depends on the time (upcoming events) has new SQL every request and
would get a new key every request: give such a listing a ``count_key``. Use it
only for listings of pages, whose rows change with a publish.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal.shell import versioned_key

COUNT_CACHE_SECONDS = 60 * 60


class CachedCountPaginator(Paginator):
    """``Paginator`` with the count cached; ``count_key`` (any string naming the
    listing and its filters) replaces the SQL as the key, for a query whose SQL
    contains the current time (then a short ``count_timeout`` bounds how long
    the count may miss a change that comes with time alone)."""

    def __init__(
        self,
        object_list,
        per_page,
        *args,
        count_key=None,
        count_timeout=COUNT_CACHE_SECONDS,
        **kwargs,
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key
        self.count_timeout = count_timeout

    @cached_property
    def count(self):
        raw = self.count_key
        if raw is None:
            query = getattr(self.object_list, "query", None)
            if query is None:
                return super().count
            try:
                raw = repr(query.sql_with_params())
            except EmptyResultSet:
                return 0
        digest = hashlib.sha256(raw.encode()).hexdigest()
        key = versioned_key("portal-count", digest)
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, self.count_timeout)
        return count
