"""Response headers every page gets, and requests refused before any view."""

import sys

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """A strict policy for public pages, a relaxed one for the Wagtail admin.

    The Wagtail admin relies on inline scripts and styles; public pages use none.
    """

    ADMIN_UPDATE = {
        "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["blob:"],
        "frame-ancestors": ["'self'"],
        "frame-src": ["blob:"],
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(
            tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
        ):
            parts.update = {**(parts.update or {}), **self.ADMIN_UPDATE}
        return parts


class TrustedProxyMiddleware:
    """Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (nginx, Varnish), take the
    client address from ``X-Forwarded-For`` so that rate limits and logs see the
    visitor, not the proxy. Each proxy appends the address it got the request
    from, so the client is the entry that many places from the end; anything
    before it was sent by the client and is not trusted. 0 (default): off.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)

    def __call__(self, request):
        if self.count > 0:
            forwarded = [
                part.strip()
                for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if part.strip()
            ]
            if len(forwarded) >= self.count:
                request.META["REMOTE_ADDR"] = forwarded[-self.count]
        return self.get_response(request)


OVERFLOW_MESSAGE = gettext_noop(
    "A number in the address or its parameters is too large."
)
NUL_MESSAGE = gettext_noop("The address contains a character that is not allowed.")
NUL_BODY_MESSAGE = gettext_noop("The form contains a character that is not allowed.")


BODY_METHODS = {"POST", "PUT", "PATCH"}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _lists_have_nul(querydict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in querydict.lists()
    )


class RejectNulMiddleware:
    """Answers 400 to a path, query parameter or request body (form fields, JSON)
    that contains a NUL character.

    No address, parameter or form field of the portal needs one, and PostgreSQL
    refuses NUL in text: without this check, any filter or form that reaches the
    database fails with a 500. Placed after the header middlewares so the answer
    still gets them. Reading the body here stays within Django's size guards
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``, ``DATA_UPLOAD_MAX_NUMBER_FIELDS``): a body
    over them is answered 400 as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return self.bad_request(request)
        if request.method in BODY_METHODS and self._body_has_nul(request):
            return self.bad_request(request, NUL_BODY_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        if "\x00" in request.path:
            return True
        return _lists_have_nul(request.GET)

    @staticmethod
    def _body_has_nul(request):
        content_type = request.content_type or ""
        if content_type in FORM_TYPES:
            # file uploads are checked by their fields; file contents may hold NUL
            return _lists_have_nul(request.POST)
        # JSON (the CKAN API takes a JSON object with any content type) and others
        body = request.body
        return b"\x00" in body or b"\\u0000" in body

    @staticmethod
    def bad_request(request, message=NUL_MESSAGE):
        if request.path_info.startswith("/api/"):
            # The CKAN Action API's error shape, in English like its other errors.
            return JsonResponse(
                {
                    "success": False,
                    "error": {
                        "__type": "Validation Error",
                        "message": message,
                    },
                },
                status=400,
            )
        return render(request, "400.html", {"message": _(message)}, status=400)


BUSY_RETRY_AFTER = 5


def is_database_busy(exception):
    """SQLite's answer when another writer held the lock past the busy timeout."""
    return isinstance(exception, OperationalError) and "locked" in str(exception)


def database_busy_response(request):
    """503 with Retry-After: nothing was saved, the visitor sends again."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {
                "success": False,
                "error": {
                    "__type": "Service Unavailable",
                    "message": "The service is busy, please retry later.",
                },
            },
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """Turns "database is locked" (SQLite, after its busy timeout) into a 503 with
    ``Retry-After`` instead of a 500. Each request is one transaction, so nothing
    is half-saved. Exceptions raised outside the view (e.g. while saving the
    session) reach ``server_error`` below, which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return database_busy_response(request)
        return None


def server_error(request, *args, **kwargs):
    """``handler500``: a busy database is a 503, everything else the 500 page."""
    if is_database_busy(sys.exc_info()[1]):
        return database_busy_response(request)
    return HttpResponse(render_to_string("500.html"), status=500)


class RejectOverflowMiddleware:
    """Answers 400 when a number from the request is too large for the database.

    Path converters and query parameters turn digits into Python integers of any
    size; SQLite refuses those beyond 64 bits with an ``OverflowError`` wherever a
    view or a library (Wagtail's admin and API, allauth) filters by them. The
    portal's own APIs check their numbers first and answer with a precise message;
    this is the safety net for every other view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"message": OVERFLOW_MESSAGE, "success": False}, status=400
            )
        return render(request, "400.html", {"message": _(OVERFLOW_MESSAGE)}, status=400)
