"""Subscription pages (inside ``i18n_patterns``: German without prefix, /en/)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from home import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path(pgettext_lazy("URL", "sent/"), views.sent, name="sent"),
    path(pgettext_lazy("URL", "confirm/<str:token>/"), views.confirm, name="confirm"),
    path(
        pgettext_lazy("URL", "unsubscribe/<str:token>/"),
        views.unsubscribe,
        name="unsubscribe",
    ),
]
