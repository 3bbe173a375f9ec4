"""Public pages of citizen reports, mounted in portal/urls.py under i18n_patterns.

German: /beteiligung/meldungen/…, English: /en/participation/reports/… (the
participation section, next to the consultations).
"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from reports import feeds, views

app_name = "reports"


urlpatterns = [
    path(
        pgettext_lazy("URL", "participation/reports/"), views.report_list, name="list"
    ),
    path(
        pgettext_lazy("URL", "participation/reports/new/"), views.new_report, name="new"
    ),
    path(pgettext_lazy("URL", "participation/reports/sent/"), views.sent, name="sent"),
    path(
        pgettext_lazy("URL", "participation/reports/confirm/<str:token>/"),
        views.confirm,
        name="confirm",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/map.geojson"),
        views.geojson,
        name="geojson",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/statistics/"),
        views.statistics_page,
        name="statistics",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/feed.xml"),
        feeds.reports_feed,
        name="feed",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/<int:pk>/"),
        views.detail,
        name="detail",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/<int:pk>/support/"),
        views.support,
        name="support",
    ),
    path(
        pgettext_lazy("URL", "participation/reports/support/<str:token>/"),
        views.support_confirm,
        name="support_confirm",
    ),
    path(
        pgettext_lazy(
            "URL", "participation/reports/<int:pk>/photos/<int:photo_id>.jpg"
        ),
        views.photo,
        name="photo",
    ),
]
