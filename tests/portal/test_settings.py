"""Production settings refuse insecure configuration; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "x" * 20 + "production-secret-for-tests-" + "y" * 20


def run_manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DOCUMENTS_SIGNING_KEY",
            "DOCUMENTS_SIGNING_CERT",
        }
    }
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_missing_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # the deploy check wants the Amt's own signing key (documents.E001); any
    # readable files satisfy it, as in .ci/run
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    key.write_text("key")
    cert.write_text("cert")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example",
        DOCUMENTS_SIGNING_KEY=str(key),
        DOCUMENTS_SIGNING_CERT=str(cert),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_refuses_production_without_a_signing_key():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode != 0
    assert "documents.E001" in result.stderr + result.stdout


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
