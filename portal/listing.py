"""The one listing helper: page parameter, paginator, legacy parameter names.

Every public listing (news, announcements, events, places, directory,
consultations, datasets, reports, council, search) takes its page from the
query parameter ``page`` through ``paginate`` and renders the one pager,
``portal/includes/pagination.html`` (Django's ``{% querystring %}``: the links
keep the filters and change only ``page``). Filter parameters have English
names (table in ``docs/architecture.md``, "Listings").

Names published before that (``?seite=2``, ``?gemeinde=banzkow``) are in
``LEGACY_QUERY_PARAMETERS``; ``LegacyQueryParameterMiddleware`` answers a GET
that uses one with a permanent redirect to the same path with the new name, so
bookmarks and links from elsewhere keep working and search engines learn the
new address.
"""

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect

from portal.pagination import CachedCountPaginator

PAGE_PARAMETER = "page"

# old public name → current name; only names that were published in links.
LEGACY_QUERY_PARAMETERS = {
    "seite": PAGE_PARAMETER,  # news, announcements, reports, council
    "gemeinde": "municipality",  # news, announcements, news feed, search
    "kategorie": "category",  # news, news feed
    "typ": "type",  # announcements, news feed, search
    "jahr": "year",  # announcements
    "nur": "only",  # news feed
    "von": "date_from",  # search
    "bis": "date_to",  # search
    "partei": "party",  # council members
    "gremium": "committee",  # council members
}


# Protocols with parameter names of their own (CKAN, Wagtail API, Open311) and the
# admin are never redirected.
NOT_REDIRECTED = ("/admin/", "/api/", "/open311/")


def paginate(request, object_list, per_page, *, cached=False, **options):
    """The page of ``object_list`` that ``?page=`` asks for (``get_page``: a
    missing or bad number gives the first page, one past the end the last).

    ``cached=True`` (listings of pages, whose rows change with a publish) uses
    ``CachedCountPaginator``; ``options`` go to the paginator (``orphans``,
    ``count_key``, ``count_timeout``, ``cache_pages``)."""
    paginator_class = CachedCountPaginator if cached else Paginator
    paginator = paginator_class(object_list, per_page, **options)
    return paginator.get_page(request.GET.get(PAGE_PARAMETER))


def legacy_redirect_url(request, renames=None):
    """The URL with current parameter names when ``request`` uses an old one,
    else ``None``. A value given under both names keeps the new name's."""
    renames = LEGACY_QUERY_PARAMETERS if renames is None else renames
    if not any(old in request.GET for old in renames):
        return None
    params = request.GET.copy()
    for old, new in renames.items():
        if old in params:
            values = params.getlist(old)
            del params[old]
            if new not in params:
                params.setlist(new, values)
    query = params.urlencode()
    return request.path + (f"?{query}" if query else "")


class LegacyQueryParameterMiddleware:
    """301 from a published URL with an old parameter name to the new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.path_info.startswith(
            NOT_REDIRECTED
        ):
            url = legacy_redirect_url(request)
            if url is not None:
                return HttpResponsePermanentRedirect(url)
        return self.get_response(request)
