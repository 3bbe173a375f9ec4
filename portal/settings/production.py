"""Production: secure defaults; refuses to start with insecure configuration."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    PAYMENT_VARIANTS,
    SECRET_KEY,
    env_bool,
    env_int,
    env_str,
)

DEBUG = False

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters."
    )
# Online payments: the dummy provider would let anyone mark a fee as paid.
SERVICES_PAYMENT_VARIANT = env_str("SERVICES_PAYMENT_VARIANT", "xbezahldienste")
if SERVICES_PAYMENT_VARIANT == "dummy":
    raise ImproperlyConfigured(
        "SERVICES_PAYMENT_VARIANT must name a real payment provider (xbezahldienste)."
    )
# ... and is not even configured: its callback and test page are not mounted, and
# no payment is booked without the cash reference of the real provider.
SERVICES_DUMMY_PAYMENT_ALLOWED = False
PAYMENT_VARIANTS = {
    name: value for name, value in PAYMENT_VARIANTS.items() if name != "dummy"
}
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names of the portal.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Mail goes through the task queue and is retried while the server is down
# (portal/mail.py); EMAIL_DELIVERY_BACKEND is what finally sends it.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "portal.mail.QueuedEmailBackend")
EMAIL_DELIVERY_BACKEND = env_str(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_RETRY_ATTEMPTS = env_int("EMAIL_RETRY_ATTEMPTS", 8)
EMAIL_RETRY_MAX_DELAY = env_int("EMAIL_RETRY_MAX_DELAY", 3600)
PORTAL_DEMO_ALLOWED = False
PORTAL_IDENTITY_SIMULATION = False
# Staff must use a second factor (TOTP) in the Wagtail admin unless switched off.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Load balancers and monitoring probe the health checks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_str("EMAIL_FILE_PATH"):  # the file-based delivery backend (tests)
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
