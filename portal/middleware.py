"""Response headers every page gets, and requests refused before any view."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
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


class RejectNulMiddleware:
    """Answers 400 to a path or query parameter that contains a NUL character.

    No address or parameter of the portal needs one, and PostgreSQL refuses NUL in
    text: without this check, any filter that reaches the database fails with a
    500. Placed after the header middlewares so the answer still gets them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return self.bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        if "\x00" in request.path:
            return True
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )

    @staticmethod
    def bad_request(request):
        if request.path_info.startswith("/api/"):
            # The CKAN Action API's error shape, in English like its other errors.
            return JsonResponse(
                {
                    "success": False,
                    "error": {
                        "__type": "Validation Error",
                        "message": NUL_MESSAGE,
                    },
                },
                status=400,
            )
        return render(request, "400.html", {"message": _(NUL_MESSAGE)}, status=400)


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
