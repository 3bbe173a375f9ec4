"""Language-neutral SAML endpoints (their URLs are registered at BundID)."""

from django.urls import path

from accounts import saml_views

urlpatterns = [
    path("metadata/", saml_views.metadata, name="saml_metadata"),
    path("acs/", saml_views.acs, name="saml_acs"),
]
