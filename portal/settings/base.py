"""Settings shared by every environment.

Every value that differs between installations comes from an environment
variable. The variables are read here, at the top, in one place, and each one
is documented in the README's configuration table.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


# --- Environment ---------------------------------------------------------------
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
REDIS_URL = env_str("REDIS_URL")
# Reverse proxies in front of the app servers (nginx + Varnish: 2), see
# portal.middleware.TrustedProxyMiddleware.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Regionalportal")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "static"))
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
# Hosts whose players editors may embed; they load only after a visitor's click.
PORTAL_EMBED_HOSTS = env_list(
    "EMBED_HOSTS", "www.youtube-nocookie.com,player.vimeo.com"
)
# Map tiles (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png); no map without it.
MAP_TILE_URL = env_str("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

# Open data catalogue (datasets app, see docs/open-data.md).
DCAT_BASE_URI = env_str("DCAT_BASE_URI", WAGTAILADMIN_BASE_URL)
DCAT_CATALOG_TITLE = env_str("DCAT_CATALOG_TITLE", "Offene Daten")
DCAT_CATALOG_DESCRIPTION = env_str(
    "DCAT_CATALOG_DESCRIPTION", "Offene Daten der Verwaltung und ihrer Gemeinden."
)
DCAT_PUBLISHER_NAME = env_str("DCAT_PUBLISHER_NAME", WAGTAIL_SITE_NAME)
DCAT_PUBLISHER_URL = env_str("DCAT_PUBLISHER_URL", WAGTAILADMIN_BASE_URL)
DCAT_CONTRIBUTOR_ID = env_str("DCAT_CONTRIBUTOR_ID")
DCAT_PAGE_SIZE = env_int("DCAT_PAGE_SIZE", 100)
DATASET_DEPRECATION_DAYS = env_int("DATASET_DEPRECATION_DAYS", 90)
OPEN_DATA_RATE_LIMIT = env_int("OPEN_DATA_RATE_LIMIT", 120)  # requests per window
OPEN_DATA_RATE_WINDOW = env_int("OPEN_DATA_RATE_WINDOW", 60)  # seconds
# Anonymous responses and comments per client address and window (docs/participation.md)
CONSULTATION_RATE_LIMIT = env_int("CONSULTATION_RATE_LIMIT", 5)
CONSULTATION_RATE_WINDOW = env_int("CONSULTATION_RATE_WINDOW", 3600)  # seconds

# Throttles of forms that send mail, change counts or check a password
# (portal.ratelimit; requests per window in seconds, 0 = off; docs/security.md).
NEWSLETTER_RATE_LIMIT = env_int("NEWSLETTER_RATE_LIMIT", 5)  # sign-ups per address
NEWSLETTER_RATE_WINDOW = env_int("NEWSLETTER_RATE_WINDOW", 3600)
PROJECT_RESPOND_RATE_LIMIT = env_int("PROJECT_RESPOND_RATE_LIMIT", 10)  # "I can help"
PROJECT_RESPOND_RATE_WINDOW = env_int("PROJECT_RESPOND_RATE_WINDOW", 3600)
FLAG_RATE_LIMIT = env_int("FLAG_RATE_LIMIT", 10)  # comment flags per address
FLAG_RATE_WINDOW = env_int("FLAG_RATE_WINDOW", 3600)
ACCOUNT_DELETE_RATE_LIMIT = env_int("ACCOUNT_DELETE_RATE_LIMIT", 5)  # password tries
ACCOUNT_DELETE_RATE_WINDOW = env_int("ACCOUNT_DELETE_RATE_WINDOW", 900)
SIGNUP_RATE_LIMIT = env_int("SIGNUP_RATE_LIMIT", 20)  # registrations per address
SIGNUP_RATE_WINDOW = env_int("SIGNUP_RATE_WINDOW", 60)

# Citizen reports (reports app, see docs/reports.md).
REPORTS_RATE_LIMIT = env_int("REPORTS_RATE_LIMIT", 5)  # reports per address and window
REPORTS_RATE_WINDOW = env_int("REPORTS_RATE_WINDOW", 3600)  # seconds
REPORTS_MAX_PHOTOS = env_int("REPORTS_MAX_PHOTOS", 3)
REPORTS_MAX_UPLOAD_MB = env_int("REPORTS_MAX_UPLOAD_MB", 10)
REPORTS_PHOTO_MAX_SIDE = env_int("REPORTS_PHOTO_MAX_SIDE", 1600)  # pixels
REPORTS_AREA_GEOJSON = env_str("REPORTS_AREA_GEOJSON")
REPORTS_AREA_RADIUS_KM = env_int("REPORTS_AREA_RADIUS_KM", 5)
REPORTS_DUPLICATE_RADIUS_M = env_int("REPORTS_DUPLICATE_RADIUS_M", 50)
REPORTS_CONTACT_RETENTION_DAYS = env_int("REPORTS_CONTACT_RETENTION_DAYS", 90)
# Open311 GeoReport v2 (/open311/v2/): keys of trusted apps that may POST requests
# (none: POST is switched off), the optional jurisdiction_id and a contact line.
REPORTS_OPEN311_API_KEYS = env_list("REPORTS_OPEN311_API_KEYS")
REPORTS_OPEN311_JURISDICTION = env_str("REPORTS_OPEN311_JURISDICTION")
REPORTS_OPEN311_CONTACT = env_str("REPORTS_OPEN311_CONTACT")

# News subscriptions (home app) and the council mirror (council app).
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_CONFIRM_MAX_AGE = env_int("NEWSLETTER_CONFIRM_MAX_AGE", 7 * 24 * 3600)
OPARL_SYSTEM_URL = env_str("OPARL_SYSTEM_URL")
OPARL_TIMEOUT = env_int("OPARL_TIMEOUT", 30)

# Online services and payments (services app, see docs/services.md).
SERVICES_PAYMENT_VARIANT = env_str("SERVICES_PAYMENT_VARIANT", "dummy")
SERVICES_MAX_UPLOAD_MB = env_int("SERVICES_MAX_UPLOAD_MB", 10)
# images uploaded from outside the administration: measured before decoding
# (portal.uploads, issue #19)
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_PIXELS", 50_000_000)
SERVICES_PRIVATE_ROOT = env_str("SERVICES_PRIVATE_ROOT", str(BASE_DIR / "private"))
SERVICES_KASSENZEICHEN_PREFIX = env_str("SERVICES_KASSENZEICHEN_PREFIX", "KZ")
XBEZAHLDIENSTE_BASE_URL = env_str("XBEZAHLDIENSTE_BASE_URL")

# Official documents: signed PDFs with a verification code (documents app,
# see docs/documents.md). Without a key and certificate the portal signs with a
# self-signed demo certificate that every document marks as not trustworthy.
DOCUMENTS_SIGNING_KEY = env_str("DOCUMENTS_SIGNING_KEY")
DOCUMENTS_SIGNING_CERT = env_str("DOCUMENTS_SIGNING_CERT")
DOCUMENTS_SIGNING_CHAIN = env_list("DOCUMENTS_SIGNING_CHAIN")
DOCUMENTS_SIGNING_KEY_PASSPHRASE = env_str("DOCUMENTS_SIGNING_KEY_PASSPHRASE")
DOCUMENTS_TRUST_ROOTS = env_list("DOCUMENTS_TRUST_ROOTS")
DOCUMENTS_TSA_URL = env_str("DOCUMENTS_TSA_URL")
DOCUMENTS_PRIVATE_ROOT = env_str(
    "DOCUMENTS_PRIVATE_ROOT", os.path.join(SERVICES_PRIVATE_ROOT, "documents")
)
DOCUMENTS_DEMO_DIR = env_str(
    "DOCUMENTS_DEMO_DIR", os.path.join(SERVICES_PRIVATE_ROOT, "signing-demo")
)
# the design font decompressed for the PDFs (documents/pdf.py): made again when missing
DOCUMENTS_FONT_DIR = env_str(
    "DOCUMENTS_FONT_DIR", os.path.join(SERVICES_PRIVATE_ROOT, "fonts")
)
DOCUMENTS_VERIFY_MAX_UPLOAD_MB = env_int("DOCUMENTS_VERIFY_MAX_UPLOAD_MB", 10)
DOCUMENTS_VERIFY_RATE_LIMIT = env_int("DOCUMENTS_VERIFY_RATE_LIMIT", 30)
DOCUMENTS_VERIFY_RATE_WINDOW = env_int("DOCUMENTS_VERIFY_RATE_WINDOW", 600)
XBEZAHLDIENSTE_TOKEN_URL = env_str("XBEZAHLDIENSTE_TOKEN_URL")
XBEZAHLDIENSTE_CLIENT_ID = env_str("XBEZAHLDIENSTE_CLIENT_ID")
XBEZAHLDIENSTE_CLIENT_SECRET = env_str("XBEZAHLDIENSTE_CLIENT_SECRET")
XBEZAHLDIENSTE_SCOPE = env_str("XBEZAHLDIENSTE_SCOPE")
XBEZAHLDIENSTE_ORIGINATOR_ID = env_str("XBEZAHLDIENSTE_ORIGINATOR_ID")
XBEZAHLDIENSTE_ENDPOINT_ID = env_str("XBEZAHLDIENSTE_ENDPOINT_ID")
XBEZAHLDIENSTE_TIMEOUT = env_int("XBEZAHLDIENSTE_TIMEOUT", 10)
PAYMENT_MODEL = "services.Payment"
PAYMENT_HOST = env_str("PAYMENT_HOST", WAGTAILADMIN_BASE_URL.split("://", 1)[-1])
PAYMENT_USES_SSL = env_bool(
    "PAYMENT_USES_SSL", WAGTAILADMIN_BASE_URL.startswith("https")
)
# The test payment provider (its page, its made-up cash reference): development
# and tests only; production removes it and refuses it (services.checks).
SERVICES_DUMMY_PAYMENT_ALLOWED = True
PAYMENT_VARIANTS = {
    # Lets a tester choose the outcome; never in production.
    "dummy": ("payments.dummy.DummyProvider", {}),
    "xbezahldienste": (
        "services.xbezahldienste.XBezahldiensteProvider",
        {
            "base_url": XBEZAHLDIENSTE_BASE_URL,
            "token_url": XBEZAHLDIENSTE_TOKEN_URL,
            "client_id": XBEZAHLDIENSTE_CLIENT_ID,
            "client_secret": XBEZAHLDIENSTE_CLIENT_SECRET,
            "scope": XBEZAHLDIENSTE_SCOPE,
            "originator_id": XBEZAHLDIENSTE_ORIGINATOR_ID,
            "endpoint_id": XBEZAHLDIENSTE_ENDPOINT_ID,
            "timeout": XBEZAHLDIENSTE_TIMEOUT,
        },
    ),
}

# --- Applications -----------------------------------------------------------------
INSTALLED_APPS = [
    # Project apps first so that their templates override library templates.
    "portal",
    "accounts",
    "home",
    "search",
    "datasets",
    "tourism",
    "council",
    "business",
    "consultations",
    "services",
    "documents",
    "reports",
    "payments",
    # Accounts: registration and login, login throttling, staff two-factor
    "allauth",
    "allauth.account",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail.api.v2",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "guardian",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "portal.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "portal.middleware.RejectNulMiddleware",
    "portal.middleware.RejectOverflowMiddleware",
    # A database still locked after the busy timeout (SQLite): 503 + Retry-After.
    "portal.middleware.DatabaseBusyMiddleware",
    # Old public query parameter names (?seite=) → 301 to the new ones (portal/listing.py).
    "portal.listing.LegacyQueryParameterMiddleware",
    # The content version read once per request (portal/shell.py).
    "portal.shell.ContentVersionMiddleware",
    # Anonymous page cache hits, answered before routing (portal/page_cache.py).
    "portal.page_cache.PageCacheMiddleware",
    # Site, page route, restrictions and ancestors from the cache (portal/routing.py).
    "portal.routing.RouteCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.shell",
                # last: replaces csrf_token and messages in shared page renders
                "portal.context_processors.personal_parts",
            ],
        },
    },
]
# Every public form renders through one set of KERN UX field templates
# (portal/templates/portal/forms/, docs/frontend.md).
FORM_RENDERER = "portal.forms_rendering.PortalFormRenderer"

# --- Database --------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold concurrent writers (several threads or
    # gunicorn workers): WAL lets readers go on while one writes; every
    # transaction takes the write lock at its start (IMMEDIATE), so two writers
    # queue on the busy timeout instead of failing with "database is locked" when
    # a read turns into a write; what still waits longer than SQLITE_TIMEOUT
    # seconds is answered 503 with Retry-After (portal.middleware.DatabaseBusyMiddleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT compilation: PostgreSQL compiles the plan of every query estimated
    # above jit_above_cost, which a site search over 50,000 pages always is;
    # compiling took 0.3-0.5 s per search, longer than running it (#21).
    # No synchronized scans: a scan of a large table would start where the last
    # one had got to, so the first 501 matches of a frequent word (found without
    # an order, search.query.count_matches) and with them its best pages changed
    # from one request to the next (#21).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c synchronize_seqscans=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ------------------------------------------------------------
# With Redis (django-redis), a Redis outage degrades to "no cache" instead of an
# error (IGNORE_EXCEPTIONS); sessions are written to the database and read through
# the cache (cached_db), so they survive a Redis restart and work on every app server.
if REDIS_URL:
    _REDIS_OPTIONS = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": env_int("REDIS_CONNECT_TIMEOUT", 1),
        "SOCKET_TIMEOUT": env_int("REDIS_TIMEOUT", 1),
    }
    CACHES = {
        "default": {
            # the request read-ahead of portal.routing (issue #27)
            "BACKEND": "portal.cache.ReadAheadRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 300,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "renditions": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "portal.cache.ReadAheadLocMemCache"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out logins; also a ModelBackend (get_user), which
    # Wagtail's test utilities expect of the first backend.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"  # the portal login; the Wagtail admin keeps its own
LOGIN_REDIRECT_URL = "accounts:home"
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user row

# django-allauth (see docs/accounts.md)
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
}
# allauth's default, stated: a known e-mail address at sign-up gets a mail, not an error.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{WAGTAIL_SITE_NAME}] "
# Failed logins are throttled by django-axes for the portal and the admin alike.
# Logins are limited per client address through the cache (shared by every app
# server with Redis); over the limit: 429 with Retry-After. Registration goes
# through the portal's limiter instead (SIGNUP_RATE_LIMIT above, accounts.views.signup).
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "login": env_str("LOGIN_RATE_LIMIT", "30/m/ip") or False,
    "signup": False,
}

# django-axes: lock out after repeated failed logins (portal and Wagtail admin)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.get_login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None

# Two-factor authentication (TOTP) for staff in the Wagtail admin
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Identity verification (BundID / SAML 2.0), see docs/accounts.md
PORTAL_IDENTITY_SIMULATION = False  # the dev-only "simulate verification" page
SAML_SP_ENTITY_ID = env_str("SAML_SP_ENTITY_ID")
SAML_SP_KEY_FILE = env_str("SAML_SP_KEY_FILE")
SAML_SP_CERT_FILE = env_str("SAML_SP_CERT_FILE")
SAML_IDP_METADATA_FILE = env_str("SAML_IDP_METADATA_FILE")
SAML_IDP_ENTITY_ID = env_str("SAML_IDP_ENTITY_ID")
SAML_BPK_SALT = env_str("SAML_BPK_SALT")
SAML_XMLSEC_BINARY = env_str("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
SAML_SERVICE_NAME = env_str("SAML_SERVICE_NAME", WAGTAIL_SITE_NAME)

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
# Translations live in each app's locale/ folder (English msgids, German .po).
# New translations stay drafts so that they pass through the approval workflow.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static files and media ------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STATICFILES_DIRS = [PROJECT_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Media in S3-compatible object storage (django-storages) when a bucket is set;
# every app server then sees every upload (docs/deployment.md).
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            # Public media through the portal's own host (nginx proxies /media/
            # to the bucket), so pages load nothing from another host.
            "custom_domain": env_str("S3_CUSTOM_DOMAIN") or None,
            "url_protocol": env_str("S3_URL_PROTOCOL", "https:"),
            "querystring_auth": env_bool("S3_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Official documents carry personal data: private objects, signed URLs.
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private-documents",
            "custom_domain": None,
            "querystring_auth": True,
            "default_acl": "private",
        },
    }

# --- Wagtail -----------------------------------------------------------------------------
WAGTAILIMAGES_IMAGE_MODEL = "portal.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "portal.PortalDocument"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "csv",
    "xlsx",
    "docx",
    "odt",
    "ods",
    "txt",
    "json",
    "geojson",  # open data: points and areas (datasets, FileType.GEOJSON)
    "zip",
    "mp4",  # videos on our own host (portal.blocks.VideoBlock, docs/content.md)
    "webm",
    "vtt",  # their captions (WebVTT)
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Wagtail's database backend; on PostgreSQL each page is stemmed in its own
# language and queries in the visitor's (search/backends.py, docs/search.md).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends",
        "SEARCH_CONFIG": "german",
        "LANGUAGE_CONFIGS": {"de": "german", "en": "english"},
    }
}
# Kinds of result the site search labels (and, for "service", puts first when a
# query asks for one: "Antrag", "anmelden"), by page model; other pages are "page".
SEARCH_RESULT_KINDS = {
    "services.servicepage": "service",
    "home.newspage": "news",
    "home.announcementpage": "news",
    "tourism.eventpage": "event",
    "tourism.attractionpage": "place",
    "tourism.accommodationpage": "place",
    "tourism.routepage": "route",
    "datasets.datasetpage": "dataset",
    "business.businessentrypage": "business",
    "business.projectpage": "project",
    "consultations.consultationpage": "consultation",
}
# Optional OpenSearch/Elasticsearch cluster for large catalogues
# (SEARCH_BACKEND=opensearch2|opensearch3|elasticsearch8|elasticsearch9, see
# docs/deployment.md; needs the matching client package).
SEARCH_URLS = env_list("SEARCH_URLS")
if SEARCH_URLS:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # search.backends wraps the engine's backend so that it records the
            # vocabulary that the query side reads (docs/search.md).
            "BACKEND": "search.backends",
            "ENGINE": env_str("SEARCH_BACKEND", "opensearch2"),
            "URLS": SEARCH_URLS,
            "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "portal_"),
            "TIMEOUT": env_int("SEARCH_TIMEOUT", 5),
            "AUTO_UPDATE": True,
        }
    }
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_TAG_LIMIT = 50
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: a request to another host for every admin page,
# and blocked by our own CSP anyway. Wagtail shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# German dates in the admin's date pickers (31.12.2026 14:30), not ISO; English
# accepts them too (portal/formats/en/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Domain part of iCalendar UIDs (/events.ics, per-event .ics): fixed, so that a
# change of host name does not duplicate events in subscribed calendars.
# Empty: the host of WAGTAILADMIN_BASE_URL.
ICAL_UID_DOMAIN = env_str("ICAL_UID_DOMAIN", "")
WAGTAILAPI_LIMIT_MAX = 100

# Rendered pages are cached for anonymous visitors this many seconds (0: off);
# any content change makes them stale at once.
PORTAL_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The result set of a site search (hits, counts, facets) is kept this many
# seconds per query, filters, page and language (0: off); any content change
# makes it stale at once (search/views.py, docs/search.md).
PORTAL_SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 3600)
# Searches are counted per process and written at most this often (search.statistics).
PORTAL_SEARCH_STATS_SECONDS = env_int("SEARCH_STATS_SECONDS", 60)
# Only for `make bench`: /bench/floor/<bytes>/, a trivial view (the framework floor).
PORTAL_BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# HTTP caches in front of the app servers (Varnish, see deploy/varnish.vcl): a
# published, unpublished or moved page is purged from each (comma-separated
# base URLs, e.g. http://127.0.0.1:6081). The purge runs as a background task.
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URLS")
if FRONTEND_CACHE_URLS:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        f"cache{number}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
        for number, location in enumerate(FRONTEND_CACHE_URLS, start=1)
    }

# --- Background tasks -------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Security headers --------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(self), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *(f"https://{host}" for host in PORTAL_EMBED_HOSTS)],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if MAP_TILE_URL:  # tiles load only after a click, but the browser must be allowed
    # Settings import no app module unless needed: portal.maps is pure functions.
    from portal.maps import tile_origin

    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(tile_origin(MAP_TILE_URL))
# The Wagtail admin needs inline scripts and styles; it gets a relaxed policy.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
        },
        # Task and page-publishing chatter is only interesting when debugging.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Start-up chatter of django-axes and of pysaml2's XML schema loader.
        "axes": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}

# --- Editorial workflows (docs/workflows.md) ------------------------------------------------
# Section key -> slug of the section page below the home page. ``setup_roles`` gives
# each section's editor group its subtree; missing sections are skipped.
PORTAL_SECTIONS = {
    "tourism": "tourismus",
    "business": "wirtschaft",
    "participation": "beteiligung",
    "data": "daten",
    "services": "service",
    "news": "aktuelles",
}
# Pages (paths below the home page) that use the urgent path "Eilverfahren".
PORTAL_URGENT_WORKFLOW_PATHS = ["aktuelles/bekanntmachungen"]
# Model permissions of feature apps that setup_roles adds to the portal's groups
# (group name → "app_label.codename"); the one place where a group gets a model
# permission (docs/workflows.md). Additive: a permission an admin gave stays.
_PARTICIPATION_CONTENT = [
    "consultations.view_trackeditem",
    "consultations.add_trackeditem",
    "consultations.change_trackeditem",
    "consultations.delete_trackeditem",
    "consultations.view_budgetproject",
    "consultations.add_budgetproject",
    "consultations.change_budgetproject",
    "consultations.delete_budgetproject",
    "consultations.add_ballot",
    "consultations.view_statement",
    "consultations.add_statement",
    "consultations.change_statement",
    "consultations.export_response",
    "consultations.view_interim_results",
    "consultations.view_proposal",
    "consultations.change_proposal",
]
PORTAL_GROUP_MODEL_PERMISSIONS = {
    # The search's synonyms (Snippets → Search synonyms, docs/search.md).
    "Redaktion Allgemein und Aktuelles": [
        "portal_search.add_synonymgroup",
        "portal_search.change_synonymgroup",
        "portal_search.delete_synonymgroup",
    ],
    # Report categories and who handles them (Snippets, Citizen reports; docs/reports.md);
    # implementation tracking, budgets, paper ballots, statements, exports and
    # interim results of consultations (docs/participation.md).
    "Redaktion Beteiligung": [
        "reports.add_category",
        "reports.change_category",
        "reports.delete_category",
        "reports.add_responsibility",
        "reports.change_responsibility",
        "reports.delete_responsibility",
        "reports.view_responsibility",
        *_PARTICIPATION_CONTENT,
    ],
    "Redaktion Wirtschaft": [
        "business.view_entryclaim",
        "business.change_entryclaim",
        "business.view_projectresponse",
    ],
    # Moderating statements and proposals of consultations.
    "Moderation": [
        "consultations.moderate_statement",
        "consultations.view_statement",
        "consultations.change_statement",
        "consultations.view_proposal",
        "consultations.change_proposal",
    ],
    "Administration": [
        *_PARTICIPATION_CONTENT,
        "consultations.delete_statement",
        "consultations.moderate_statement",
        "consultations.view_personal_data",
        "consultations.delete_proposal",
    ],
}
# Snippet models ("app_label.ModelName", with WorkflowMixin) that need approval.
PORTAL_WORKFLOW_SNIPPET_MODELS = []
# Workflow e-mails go to the next group only, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# The completed workflow publishes; approvers hold no publish permission.
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.workflow_actions.publish_approved"
