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

``cache_pages=True`` keeps each page's slice in the cache the same way, for a
listing of primary keys (``values_list("pk", flat=True)``; issue #27): a deep
page (``OFFSET 20000``) makes the database walk every row before it, on every
request; with the slice cached only the first request after a content change
does. The listing then loads the objects of the page by key, or nothing at all
when their cards are cached (``portal.fragments.Deferred``).
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
    the count may miss a change that comes with time alone). ``cache_pages``
    caches the pages' slices too (small values only: primary keys)."""

    def __init__(
        self,
        object_list,
        per_page,
        *args,
        count_key=None,
        count_timeout=COUNT_CACHE_SECONDS,
        cache_pages=False,
        **kwargs,
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key
        self.count_timeout = count_timeout
        self.cache_pages = cache_pages

    @cached_property
    def _digest(self):
        """The listing's key (its SQL or ``count_key``); ``None`` when it
        cannot have one (a list, or a query that matches nothing)."""
        raw = self.count_key
        if raw is None:
            query = getattr(self.object_list, "query", None)
            if query is None:
                return None
            try:
                raw = repr(query.sql_with_params())
            except EmptyResultSet:
                return ""
        return hashlib.sha256(raw.encode()).hexdigest()

    @cached_property
    def count(self):
        digest = self._digest
        if not digest:
            return 0 if digest == "" else super().count
        key = versioned_key("portal-count", digest)
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, self.count_timeout)
        return count

    def page(self, number):
        if not (self.cache_pages and self._digest):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        key = versioned_key("portal-page", self._digest, bottom, top)
        object_list = cache.get(key)
        if object_list is None:
            object_list = list(self.object_list[bottom:top])
            cache.set(key, object_list, self.count_timeout)
        return self._get_page(object_list, number, self)
