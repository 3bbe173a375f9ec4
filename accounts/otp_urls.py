"""Two-factor setup and code entry for staff (before the Wagtail admin URLs)."""

from django.urls import path

from accounts import otp_views

app_name = "accounts_otp"

urlpatterns = [
    path("setup/", otp_views.setup, name="setup"),
    path("verify/", otp_views.verify, name="verify"),
]
