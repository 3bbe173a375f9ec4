"""Response headers every page gets."""

from csp.middleware import CSPMiddleware
from django.conf import settings


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
