"""System checks of the documents app."""

import os

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def signing_key_configured(app_configs, **kwargs):
    """A deployment must sign with its own key (``check --deploy``).

    Without ``DOCUMENTS_SIGNING_KEY`` and ``DOCUMENTS_SIGNING_CERT`` the portal
    signs official documents with the self-signed demo certificate, which
    nobody can trust; a configured file that cannot be read would fail at the
    first document instead of at start-up.
    """
    if not apps.is_installed("documents"):
        return []
    key = getattr(settings, "DOCUMENTS_SIGNING_KEY", "")
    cert = getattr(settings, "DOCUMENTS_SIGNING_CERT", "")
    if not (key and cert):
        return [
            Error(
                "No signing key for official documents: DOCUMENTS_SIGNING_KEY and "
                "DOCUMENTS_SIGNING_CERT are not both set, so documents would be "
                "signed with the self-signed demo certificate.",
                hint="Configure the Amt's key and certificate (docs/documents.md, "
                "'Getting a certificate').",
                id="documents.E001",
            )
        ]
    missing = [path for path in (key, cert) if not os.access(path, os.R_OK)]
    if missing:
        return [
            Error(
                f"Signing key or certificate not readable: {', '.join(missing)}.",
                hint="Check DOCUMENTS_SIGNING_KEY and DOCUMENTS_SIGNING_CERT.",
                id="documents.E002",
            )
        ]
    return []
