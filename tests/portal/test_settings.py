"""Production settings refuse insecure configuration; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.settings_import import import_settings, settings_environment

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 20 + "production-secret-for-tests-" + "y" * 20


def production_environment(**values):
    return settings_environment(
        drop={"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"},
        drop_prefixes=("DOCUMENTS_SIGNING_",),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        **values,
    )


def test_production_refuses_missing_secret_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        import_settings(
            "portal.settings.production",
            production_environment(ALLOWED_HOSTS="portal.example"),
        )


def test_production_refuses_missing_allowed_hosts():
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS must list"):
        import_settings(
            "portal.settings.production", production_environment(SECRET_KEY=GOOD_KEY)
        )


def test_check_deploy_is_clean_under_production_settings(production_process):
    # with the Amt's own signing key (any readable files, as in .ci/run)
    result = production_process["deploy"]["signed"]
    assert result["passed"], result["output"]
    assert "no issues" in result["output"]


def test_check_deploy_refuses_production_without_a_signing_key(production_process):
    # the environment names no signing key: the settings have none ...
    values = import_settings(
        "portal.settings.production",
        production_environment(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example"),
    )
    assert values["DOCUMENTS_SIGNING_KEY"] == values["DOCUMENTS_SIGNING_CERT"] == ""
    # ... and check --deploy refuses them
    result = production_process["deploy"]["unsigned"]
    assert not result["passed"]
    assert "documents.E001" in result["output"]


THROWAWAY_SCRIPT = """
import os, sys
from django.conf import settings
folders = [settings.MEDIA_ROOT, settings.DOCUMENTS_PRIVATE_ROOT]
child = os.fork()
if child == 0:
    sys.exit(0)  # a forked child that exits normally runs the exit handlers
os.waitpid(child, 0)
print(all(os.path.isdir(folder) for folder in folders))
print("\\n".join(folders))
"""


def test_the_test_settings_remove_their_throwaway_folders_when_the_process_ends():
    # Every test worker and subprocess makes its own; 115 were left in /tmp by one
    # day's test runs before they were removed at exit.
    result = subprocess.run(
        [sys.executable, "-c", THROWAWAY_SCRIPT],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    still_there_after_fork, *folders = result.stdout.split()
    assert still_there_after_fork == "True"
    assert len(folders) == 2
    assert Path(folders[0]).name.startswith("portal-test-media-")
    assert not any(Path(folder).exists() for folder in folders)
