"""The portal's one rate limiter: a fixed window per scope and client, in Django's cache.

Every throttle of the portal goes through here (the machine interfaces, the
pages API, document checks, consultation answers, comments and proposals,
citizen reports, registration, newsletter sign-up, "I can help", comment
flags, account deletion; only the login keeps django-allauth's own limit). A limit is configured by a settings prefix: ``<PREFIX>_RATE_LIMIT``
requests per ``<PREFIX>_RATE_WINDOW`` seconds (``0`` switches it off), e.g.
``OPEN_DATA_RATE_LIMIT`` / ``OPEN_DATA_RATE_WINDOW``.

- Counting is one atomic ``cache.incr`` per request (``add`` creates the
  counter for the window); with Redis (``REDIS_URL``) every app server shares
  the counters. An unreachable cache never blocks anyone.
- The client is its address (``REMOTE_ADDR``, which
  ``portal.middleware.TrustedProxyMiddleware`` has already taken from
  ``X-Forwarded-For`` behind ``TRUSTED_PROXY_COUNT`` proxies; a client cannot
  forge it) and/or, with ``by="user"``, the signed-in account (falling back to
  the address for anonymous visitors). Addresses are stored hashed.
- Over the limit the answer is ``429 Too Many Requests`` with ``Retry-After``
  (seconds to the end of the window) and the translated ``429.html`` page, or a
  JSON body for the machine interfaces.
"""

import functools
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

BY_IP = "ip"
BY_USER = "user"
BY_USER_AND_IP = "user+ip"


def client_address(request):
    # TrustedProxyMiddleware has already put the client address in REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate(prefix):
    """``(limit, window)`` of a settings prefix, read at request time."""
    limit = int(getattr(settings, f"{prefix}_RATE_LIMIT", 0) or 0)
    window = max(int(getattr(settings, f"{prefix}_RATE_WINDOW", 60) or 60), 1)
    return limit, window


def _clients(request, by):
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    address = "ip:" + client_address(request)
    if by == BY_USER:
        return [f"user:{user.pk}" if signed_in else address]
    if by == BY_USER_AND_IP:
        return [f"user:{user.pk}", address] if signed_in else [address]
    return [address]


def _count(key, window):
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def hit(request, scope, limit, window, *, by=BY_IP):
    """Count one request; seconds to wait if the client is over the limit, else None.

    With ``by="user+ip"`` a signed-in user is counted both as the account and
    as the address, and is over the limit as soon as either is.
    """
    if limit <= 0:
        return None
    window = max(int(window), 1)
    now = time.time()
    bucket = int(now // window)
    over = False
    for client in _clients(request, by):
        digest = hashlib.sha256(client.encode()).hexdigest()[:24]
        count = _count(f"portal-rate:{scope}:{digest}:{bucket}", window)
        if count is not None and count > limit:  # None: the cache is unreachable
            over = True
    if over:
        return max(1, math.ceil((bucket + 1) * window - now))
    return None


def check(request, scope, prefix, *, by=BY_IP):
    """``hit`` with the limit and window of a settings prefix."""
    limit, window = rate(prefix)
    return hit(request, scope, limit, window, by=by)


JSON_BODY = {"message": "Too many requests, please retry later."}


def too_many_requests(request, retry_after, *, json_body=None, message=None):
    """The 429 answer: the translated page (or ``json_body``) and ``Retry-After``."""
    if json_body is not None:
        response = JsonResponse(json_body, status=429)
    else:
        context = {"retry_minutes": max(1, math.ceil(retry_after / 60))}
        if message:
            context["message"] = message
        response = HttpResponse(
            render_to_string("429.html", context, request=request), status=429
        )
    response["Retry-After"] = str(int(retry_after))
    response["Cache-Control"] = "no-store"
    return response


def throttle(scope, prefix, *, by=BY_IP, methods=("POST",), json_body=None):
    """Decorator: count the view's ``methods`` requests under ``prefix``'s limit.

    Put it outside any response cache, so that answers from the cache count too.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                retry_after = check(request, scope, prefix, by=by)
                if retry_after is not None:
                    return too_many_requests(request, retry_after, json_body=json_body)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
