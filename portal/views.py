"""Machine endpoints of the site shell: health checks, robots.txt, 429."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from portal import ratelimit

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """Readiness: the database and the cache answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.exception("readiness: database check failed")
        checks["database"] = "error"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error"
    except Exception:  # noqa: BLE001
        logger.exception("readiness: cache check failed")
        checks["cache"] = "error"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


RATE_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate_retry_after():
    """The longest period of the configured allauth rates ("30/m/ip" -> 60 s)."""
    seconds = 60
    for rates in getattr(settings, "ACCOUNT_RATE_LIMITS", {}).values():
        for rate in str(rates or "").split(","):
            parts = rate.strip().split("/")
            if len(parts) >= 2:
                unit = parts[1].strip()
                amount = int(unit[:-1]) if unit[:-1].isdigit() else 1
                seconds = max(seconds, amount * RATE_PERIOD_SECONDS.get(unit[-1:], 60))
    return seconds


def too_many_requests(request, exception=None):
    """``handler429``: django-allauth's login and signup limits end here."""
    response = HttpResponse(render_to_string("429.html", request=request), status=429)
    response["Retry-After"] = str(_rate_retry_after())
    return response


# Larger offsets and ids than a 32-bit integer are no page of this portal.
API_INTEGER_MAX = 2**31 - 1
# Characters with a meaning in the search backends' query syntax (SQLite FTS5,
# PostgreSQL tsquery): the pages API searches for words, so they become spaces.
SEARCH_SYNTAX = str.maketrans(dict.fromkeys("\"'()[]{}<>*^:~!&|+\\", " "))
SEARCH_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def plain_search_words(text):
    """The words of a pages API ``search``, without any full-text syntax."""
    words = text.translate(SEARCH_SYNTAX).split()
    words = [word.strip("-") for word in words if word.upper() not in SEARCH_OPERATORS]
    return " ".join(word for word in words if word)[:500]


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging with an upper bound on ``offset``."""

    def paginate_queryset(self, queryset, request, view=None):
        value = request.GET.get("offset", "0")
        try:
            offset = int(value)
        except ValueError:
            offset = 0  # Wagtail answers with its own message
        if offset > API_INTEGER_MAX:
            raise BadRequestError(f"offset cannot be higher than {API_INTEGER_MAX}")
        return super().paginate_queryset(queryset, request, view)


class RateLimitedPagesAPIViewSet(PagesAPIViewSet):
    """The Wagtail pages API under the same per-address limit as the CKAN API.

    ``offset`` is bounded and ``search`` is reduced to plain words, so that
    neither an integer beyond 64 bits nor full-text syntax reaches the database.
    """

    pagination_class = BoundedPagination

    def dispatch(self, request, *args, **kwargs):
        if "search" in request.GET:
            query = request.GET.copy()
            query["search"] = plain_search_words(query["search"])
            request.GET = query
        retry_after = ratelimit.check(request, "pages-api", "OPEN_DATA")
        if retry_after is not None:
            return ratelimit.too_many_requests(
                request, retry_after, json_body=ratelimit.JSON_BODY
            )
        return super().dispatch(request, *args, **kwargs)


@require_GET
def bench_floor(request, size):
    """The framework floor for ``make bench``: ``size`` bytes of HTML, no query,
    no template. Mounted only when ``PORTAL_BENCH_FLOOR`` is on."""
    return HttpResponse(b"x" * min(size, 10_000_000), content_type="text/html")
