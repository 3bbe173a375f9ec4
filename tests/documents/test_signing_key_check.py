"""Production without its own signing key is refused by ``check --deploy``
(issue #26): otherwise documents are silently signed with the demo certificate."""

import pytest
from django.core.checks import run_checks

pytestmark = pytest.mark.django_db


def deploy_errors():
    return [m.id for m in run_checks(include_deployment_checks=True)]


def test_missing_key_is_a_deploy_error(settings):
    settings.DOCUMENTS_SIGNING_KEY = ""
    settings.DOCUMENTS_SIGNING_CERT = ""
    assert "documents.E001" in deploy_errors()
    # not an error of the ordinary check (development uses the demo certificate)
    assert "documents.E001" not in [m.id for m in run_checks()]


def test_unreadable_files_are_a_deploy_error(settings, tmp_path):
    settings.DOCUMENTS_SIGNING_KEY = str(tmp_path / "fehlt.pem")
    settings.DOCUMENTS_SIGNING_CERT = str(tmp_path / "fehlt-auch.pem")
    ids = deploy_errors()
    assert "documents.E002" in ids and "documents.E001" not in ids


def test_configured_key_passes(settings, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    key.write_text("key")
    cert.write_text("cert")
    settings.DOCUMENTS_SIGNING_KEY = str(key)
    settings.DOCUMENTS_SIGNING_CERT = str(cert)
    ids = deploy_errors()
    assert "documents.E001" not in ids and "documents.E002" not in ids
