"""Local development: debug on, console e-mail, a fixed insecure key."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SAML_BPK_SALT, SECRET_KEY, STORAGES, env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Folder of Django's file-based e-mail backend (the browser tests read mail there).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo loader only runs where this is set.
PORTAL_DEMO_ALLOWED = True
# Serve static files straight from the apps and static_build, no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Uploaded media are served by Django itself (production: the web server or S3).
PORTAL_SERVE_MEDIA = True
# The demo region's contributor in the DCAT-AP.de vocabulary.
DCAT_CONTRIBUTOR_ID = env_str(
    "DCAT_CONTRIBUTOR_ID",
    "http://dcat-ap.de/def/contributors/landMecklenburgVorpommern",
)
# Accounts: the "simulate verification" page lets a demo user try verified flows.
PORTAL_IDENTITY_SIMULATION = True
SAML_BPK_SALT = SAML_BPK_SALT or "dev-only-bpk-salt"  # noqa: S105
