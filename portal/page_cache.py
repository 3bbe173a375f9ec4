"""Cache rendered pages for anonymous visitors; drop them all when content changes.

Only Wagtail page responses are cached (through the ``on_serve_page`` hook, after
Wagtail's own view-restriction check), only for requests without any cookie, and
only responses that set no cookie and do not vary by cookie: a page that renders a
CSRF token, a message or a user's name is never stored. The key contains the host
and the full path, which includes the language prefix, so languages stay apart.

Every published, unpublished, moved or deleted page, every saved snippet or
setting bumps one version number (``portal.shell``), which makes every cached
page and the cached site shell stale at once.

``PageCacheMiddleware`` answers a repeated anonymous request from the cache
before URL routing, so a hit costs no database query. It only finds what the
hook stored, i.e. pages Wagtail served publicly under the current content
version; a changed view restriction bumps the version too.

``cache_anonymous_response`` applies the same rules to a function view whose
output is the same for every anonymous visitor (feeds such as ``/events.ics``).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from wagtail import hooks

from portal.shell import versioned_key

HIT_HEADER = "X-Portal-Cache"
# Response headers worth replaying from the cache; security headers are added
# afresh by the middleware on every response.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Link",
    "Last-Modified",
    # whether a search matched (search.views), for its statistics
    "X-Portal-Search-Matches",
)


def _timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def _cacheable_request(request):
    return (
        _timeout() > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not getattr(request, "is_preview", False)
        and "Authorization" not in request.headers
    )


def _personal_request_state(request):
    """True if rendering touched per-visitor state the middleware adds afterwards:
    a CSRF token (its cookie is set later), a changed session or queued messages."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    ):
        return True
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    messages = getattr(request, "_messages", None)
    return bool(messages is not None and getattr(messages, "_queued_messages", None))


def _cacheable_response(page, response, request=None):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request is not None and _personal_request_state(request):
        return False
    if page is not None and not getattr(page, "cache_for_anonymous", True):
        return False
    vary = {
        value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))
    }
    if "cookie" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def cache_key(request, prefix="portal-page"):
    raw = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return versioned_key(prefix, digest)


def _replay(stored):
    headers, content = stored
    response = HttpResponse(content, headers=headers)
    response[HIT_HEADER] = "hit"
    return response


def _store(request, response, key=None):
    headers = {name: response[name] for name in STORED_HEADERS if name in response}
    cache.set(key or cache_key(request), (headers, response.content), _timeout())
    response[HIT_HEADER] = "miss"


class PageCacheMiddleware:
    """Serve stored anonymous pages before routing: no query on a hit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable_request(request):
            stored = cache.get(cache_key(request))
            if stored is not None:
                return _replay(stored)
        return self.get_response(request)


def cache_anonymous_response(view=None, *, behind_view=False):
    """Cache a view's response for anonymous requests under the page cache rules.

    ``behind_view=True`` keeps the stored responses out of the middleware's
    reach, for a view that must run on every request and caches only part of
    its work (the search page counts every search)."""
    prefix = "portal-partial" if behind_view else "portal-page"

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = cache_key(request, prefix)
            stored = cache.get(key)
            if stored is not None:
                return _replay(stored)
            response = view(request, *args, **kwargs)
            if _cacheable_response(None, response, request):
                _store(request, response, key)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


@hooks.register("on_serve_page", order=100)
def serve_from_cache(serve):
    def inner(page, request, serve_args, serve_kwargs):
        if not _cacheable_request(request):
            return serve(page, request, serve_args, serve_kwargs)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            return _replay(stored)
        response = serve(page, request, serve_args, serve_kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _cacheable_response(page, response, request):
            _store(request, response)
        return response

    return inner
