"""A fixed-window rate limit for the machine interfaces (CKAN API, DCAT catalogue).

The counters live in Django's cache, so with Redis (``REDIS_URL``) every app
server shares them. ``OPEN_DATA_RATE_LIMIT`` requests per client address and
``OPEN_DATA_RATE_WINDOW`` seconds; 0 switches the limit off. Over the limit, the
answer is ``429 Too Many Requests`` with ``Retry-After``.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse


def client_address(request):
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. gunicorn's
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here.
    return request.META.get("REMOTE_ADDR", "unknown")


def check(request, scope, limit=None, window=None):
    """Seconds to wait if the client is over its limit, else None.

    ``limit`` and ``window`` default to the open data settings; other callers
    (the document verification page) pass their own.
    """
    limit = settings.OPEN_DATA_RATE_LIMIT if limit is None else limit
    window = max(settings.OPEN_DATA_RATE_WINDOW if window is None else window, 1)
    if limit <= 0:
        return None
    now = time.time()
    bucket = int(now // window)
    key = f"open-data-rate:{scope}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count is None:  # the cache (Redis) is unreachable: no limit, no error
        return None
    if count > limit:
        return max(1, int((bucket + 1) * window - now) + 1)
    return None


def rate_limited(scope):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            retry_after = check(request, scope)
            if retry_after is not None:
                response = JsonResponse(
                    {
                        "success": False,
                        "error": {
                            "__type": "Rate Limit Error",
                            "message": "Too many requests, please retry later.",
                        },
                    },
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
