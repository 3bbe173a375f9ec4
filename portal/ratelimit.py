"""A fixed-window counter per client address and scope, in Django's cache.

The same counting as ``datasets.ratelimit`` and the consultations' limit, for
apps that need their own limit and window (with Redis, every app server shares
the counters). ``limit <= 0`` switches it off; an unreachable cache never blocks.
"""

import hashlib
import time

from django.core.cache import cache


def client_address(request):
    # TrustedProxyMiddleware has already put the client address in REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(request, scope, limit, window):
    """Count one request; seconds to wait if the client is over the limit, else None."""
    if limit <= 0:
        return None
    window = max(int(window), 1)
    now = time.time()
    bucket = int(now // window)
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    key = f"portal-rate:{scope}:{address}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count is None:
        return None
    if count > limit:
        return max(1, int((bucket + 1) * window - now) + 1)
    return None
