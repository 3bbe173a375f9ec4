"""The account area, mounted under a translated prefix (/konto/, /en/account/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import privacy_views, saml_views, views

app_name = "accounts"

# Translated: /konto/ in German, /en/account/ in English.
ACCOUNT_URL_PREFIX = _("account/")

urlpatterns = [
    path("", views.account_home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("identity/", views.identity_status, name="identity"),
    path("identity/simulate/", views.simulate_verification, name="simulate"),
    path("identity/bundid/", saml_views.login, name="bundid_login"),
    path("identity/bundid/finish/", saml_views.finish, name="identity_finish"),
    path("data/", privacy_views.export_data, name="export"),
    path("delete/", privacy_views.delete_account_view, name="delete"),
]
