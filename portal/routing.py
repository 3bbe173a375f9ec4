"""Where a page address leads, remembered under the content version (issue #27).

Before Wagtail serves a page it looks up the site by host name, walks the tree
from the root one path segment at a time (a query for each child and for each
``specific``), checks the view restrictions of the page and its ancestors, and
the page's templates read its ancestors and their translations (breadcrumbs,
language links). That is 9 queries on a simple page, about half of the CPU
time of a fresh render (docs/performance.md).

``RouteCacheMiddleware`` keeps what those queries found, per host, port,
language and path, under the content version (``portal.shell.versioned_key``:
publishing, unpublishing, moving or deleting a page, saving a site or a view
restriction makes every entry stale): the site, the page's content type and
id, the path segments left for the page's own ``route`` (a routable page's
sub-address), whether the page or an ancestor has a view restriction, and the
ancestors and language links of the render that filled the entry. A later
request loads the page with one query and hands Wagtail the result through the
attributes Wagtail itself caches a request's site and route in
(``request._wagtail_site``, ``request._wagtail_route_for_request``), and the
ancestors and links through the per-request memos of ``portal_tags``.

The cache entries a render of an address reads under the content version
(shell, site root paths, counts, pages, fragments…) are remembered per full
path and read with one ``get_many`` on the next render (``portal.cache``'s
read-ahead): one round trip to Redis instead of one per entry.

The entry holds nothing about the visitor: routing, restrictions (Wagtail's
own check still runs for every request with the restrictions found) and links
are the same for everybody.
"""

import pickle

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from portal.cache import read_ahead
from portal.mixins import UNRESTRICTED_ATTR, view_restrictions_memo
from portal.shell import content_version, localized_root, versioned_key

TIMEOUT = 60 * 60
ROUTED_ATTR = "_portal_routed_from_cache"


def _key(request):
    return versioned_key(
        "portal-route-v2",
        request._get_raw_host(),
        request.get_port(),
        get_language() or "",
        request.path_info,
    )


def _read_ahead_key(request):
    """Where the cache keys a render of this address read are remembered
    (``portal.cache.read_ahead``): per host, language and full path."""
    return versioned_key(
        "portal-read-ahead",
        request._get_raw_host(),
        request.get_port(),
        get_language() or "",
        request.get_full_path(),
    )


def _load(request, entry, key):
    """The route of a cache entry, or ``None`` if it no longer leads anywhere.

    An entry without the page's row gets it now (one query), pickled before
    anything else touches the instance."""
    (
        site,
        content_type_id,
        page_id,
        remaining,
        unrestricted,
        ancestors,
        links,
        page_state,
    ) = entry
    if page_state is not None:
        page = pickle.loads(page_state)  # noqa: S301 - our own cache entry
    else:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return None
        page = model.objects.select_related("locale").filter(pk=page_id).first()
        if page is None:
            return None
        cache.set(
            key,
            (*entry[:-1], pickle.dumps(page, pickle.HIGHEST_PROTOCOL)),
            TIMEOUT,
        )
    try:
        result = page.route(request, list(remaining))
    except Http404:
        return None
    if result.page.pk != page.pk:
        return None
    if unrestricted:
        setattr(page, UNRESTRICTED_ATTR, True)
    request._wagtail_site = site
    if ancestors is not None:
        request._portal_ancestors = (page.pk, ancestors)
    if links is not None:
        request._portal_language_links = links
    return result


def _entry(request):
    """What the request's routing found, to be kept (``None``: nothing to keep)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.func is not wagtail_serve:
        return None
    result = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if not isinstance(result, RouteResult) or site is None:
        return None
    page = result.page
    root = localized_root(site, request)
    path = match.args[0] if match.args else match.kwargs.get("path", "")
    components = [part for part in path.split("/") if part]
    consumed = page.depth - root.depth
    if consumed < 0 or consumed > len(components):
        return None
    ancestors = getattr(request, "_portal_ancestors", None)
    links = getattr(request, "_portal_language_links", None)
    return (
        site,
        page.content_type_id,
        page.pk,
        tuple(components[consumed:]),
        not page.get_view_restrictions().exists(),
        ancestors[1] if ancestors and ancestors[0] == page.pk else None,
        links if links and links[0][0] == page.pk else None,
        None,  # the page's row: added by the next request that loads it
    )


class RouteCacheMiddleware:
    """Route page requests from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with view_restrictions_memo():
            return self._route(request)

    def _route(self, request):
        key = _key(request)
        ahead_key = _read_ahead_key(request)
        found = cache.get_many([key, ahead_key]) or {}  # None: Redis is down
        entry = found.get(key)
        listed = found.get(ahead_key) or []
        with read_ahead(listed, f":{content_version()}:") as ahead:
            if entry is not None:
                result = _load(request, entry, key)
                if result is not None:
                    request._wagtail_route_for_request = result
                    setattr(request, ROUTED_ATTR, True)
            response = self.get_response(request)
        if response.status_code == 200:
            if entry is None:
                new_entry = _entry(request)
                if new_entry is not None:
                    cache.set(key, new_entry, TIMEOUT)
            if ahead is not None and ahead.read != listed:
                cache.set(ahead_key, ahead.read, TIMEOUT)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A page the route cache has no entry for: its site from the cache
        (``cached_site``) rather than Wagtail's query for every fresh render."""
        if view_func is wagtail_serve and request.method in ("GET", "HEAD"):
            cached_site(request)


def cached_site(request):
    """The request's site as ``Site.find_for_request`` finds it, kept in the
    cache per host and port under the content version (saving a site bumps
    it), for views that are not pages and so have no route entry (the site
    search): one query less per fresh render. Wagtail reads it from
    ``request._wagtail_site`` afterwards, like a routed page's."""
    site = getattr(request, "_wagtail_site", None)
    if site is not None:
        return site
    key = versioned_key("portal-site", request._get_raw_host(), request.get_port())
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            # Kept with its root page's specific page, where Wagtail starts
            # routing (``site.root_page.localized.specific``): one query less
            # for each fresh render of a page in the default language.
            site.root_page.specific  # noqa: B018
            cache.set(key, site, TIMEOUT)
    request._wagtail_site = site
    return site
