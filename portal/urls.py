"""URL contract of the portal (see docs/architecture.md).

Language-neutral machine endpoints first, then the translated pages under
``i18n_patterns`` (German without prefix, English under /en/), the Wagtail
catch-all last.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from accounts import views as accounts_views
from accounts.urls import ACCOUNT_URL_PREFIX
from council.views import meetings_ics
from home.feeds import news_feed
from portal import admin_exports
from portal import views as portal_views
from portal.sitemaps import LocalizedSitemap
from tourism import views as tourism_views

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", portal_views.RateLimitedPagesAPIViewSet)

# django-allauth answers its rate limits (login, signup) with this view.
handler429 = portal_views.too_many_requests
# A database busy past its timeout (SQLite) answers 503 + Retry-After, not 500.
handler500 = "portal.middleware.server_error"

urlpatterns = [
    path("admin/2fa/", include("accounts.otp_urls")),
    # Wagtail's CSV exports with formula neutralisation (same addresses)
    path("admin/", include(admin_exports)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/v2/", api_router.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": LocalizedSitemap}},
        name="sitemap",
    ),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("readyz", portal_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("datasets.urls")),
    path("events.ics", tourism_views.events_ics, name="events_ics"),
    path("events/<int:page_id>.ics", tourism_views.event_ics, name="event_ics"),
    path("feeds/news.xml", news_feed, name="news_feed"),
    path("sitzungen.ics", meetings_ics, name="council_meetings_ics"),
    path("open311/v2/", include("reports.open311_urls")),
    path("saml/", include("accounts.saml_urls")),
    path("payments/", include("services.payment_urls")),
]

if getattr(settings, "PORTAL_SERVE_MEDIA", False):
    from django.views.static import serve

    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

if getattr(settings, "PORTAL_BENCH_FLOOR", False):
    urlpatterns.append(
        path("bench/floor/<int:size>/", portal_views.bench_floor, name="bench_floor")
    )

urlpatterns += i18n_patterns(
    path(_("search/"), include("search.urls")),
    path("newsletter/", include("home.urls")),
    path(ACCOUNT_URL_PREFIX, include("accounts.urls")),
    path(ACCOUNT_URL_PREFIX, include("tourism.urls")),
    # before allauth's own: sign-up under the portal's rate limiter
    path(
        ACCOUNT_URL_PREFIX,
        include([path("signup/", accounts_views.signup, name="account_signup")]),
    ),
    path(ACCOUNT_URL_PREFIX, include("allauth.urls")),
    path("", include("business.urls")),
    path("", include("consultations.urls")),
    path("", include("services.urls")),
    path("", include("documents.urls")),
    path("", include("reports.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
