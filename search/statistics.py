"""Counting searches for the editors' statistics without a write per search.

Every search counts: Wagtail's daily hits of the query (``Query`` and
``QueryDailyHits``, the "Search terms" report) and, for a search that found
nothing, ``ZeroResultQuery``. Writing them costs three queries and a row lock
on every results page, also on one served from the cache, where it was most of
the cost. So each process adds its searches up and writes them at most every
``PORTAL_SEARCH_STATS_SECONDS`` (env ``SEARCH_STATS_SECONDS``, 60; 0 writes at
once), on the first search after that time and when the process exits. The
statistics are therefore up to a minute late; a process that is killed (not
stopped) loses at most its last minute of counts.
"""

import atexit
import collections
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import ZeroResultQuery

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_hits = collections.Counter()  # (query text, day) -> searches
_zero = collections.Counter()  # (query text, language, day) -> searches
_last_write = time.monotonic()


def count_search(query_string, language, matched):
    """Count one search of ``query_string``; ``matched`` is False when the
    words as written found nothing."""
    global _last_write
    day = timezone.localdate()
    with _lock:
        _hits[(query_string, day)] += 1
        if not matched:
            _zero[(query_string, language, day)] += 1
        due = time.monotonic() - _last_write >= settings.PORTAL_SEARCH_STATS_SECONDS
        if not due:
            return
        hits, zero = dict(_hits), dict(_zero)
        _hits.clear()
        _zero.clear()
        _last_write = time.monotonic()
    write(hits, zero)


def flush():
    """Write what this process has counted (at exit, and in tests)."""
    global _last_write
    with _lock:
        hits, zero = dict(_hits), dict(_zero)
        _hits.clear()
        _zero.clear()
        _last_write = time.monotonic()
    if hits or zero:
        write(hits, zero)


def write(hits, zero):
    """Add the counts to the day's rows (each statement on its own: no request
    runs in a transaction here, ``ATOMIC_REQUESTS`` is off)."""
    try:
        for (query_string, day), number in hits.items():
            daily, _created = QueryDailyHits.objects.get_or_create(
                query=Query.get(query_string), date=day
            )
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + number)
        for (query_string, language, day), number in zero.items():
            ZeroResultQuery.record(query_string, language, day=day, number=number)
    except DatabaseError:
        # Statistics must never break a results page (or a worker's exit).
        logger.exception("search statistics not written")


atexit.register(flush)
