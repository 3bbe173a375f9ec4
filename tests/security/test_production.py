"""Under production settings: HSTS and the redirect to HTTPS, and hostile request
bodies answer 4xx, never 500 (#19, finding 9; the same bodies under the test
settings: tests/security/test_hostile_bodies.py).

One process under ``portal.settings.production`` answers both probes (most of
its time is importing Django, Wagtail and the apps), on a copy of the test
database, so that the hostile bodies reach views that read it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.database_file import copy_test_database

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings

# HSTS and the redirect to HTTPS (the health check answers over plain HTTP)
client = Client()
secure = client.get("/healthz", secure=True, headers={"host": "portal.example"})
plain = client.get("/amt/", headers={"host": "portal.example"})
health = client.get("/healthz", headers={"host": "portal.example"})
headers = {
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "health_status": health.status_code,
}

# hostile bodies; no collected static files here: the plain storage instead of
# the manifest
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
client = Client(raise_request_exception=False, HTTP_HOST="portal.example")
def post(path, body, content_type="application/x-www-form-urlencoded"):
    return client.post(path, body, content_type=content_type, secure=True).status_code
bodies = {
    "form_nul": post("/suche/", "q=amt%00"),
    "json_nul": post("/api/3/action/package_search", '{"q":"a\\\\u0000"}',
                     "application/json"),
    "nesting": post("/api/3/action/package_search", "[" * 100000, "application/json"),
    "huge_rows": post("/api/3/action/package_search", '{"rows": 1e400}',
                      "application/json"),
    "saml_empty": post("/saml/acs/", ""),
    "saml_xxe": post("/saml/acs/", "SAMLResponse=" + "%3C%21DOCTYPE" * 10),
    "saml_big": post("/saml/acs/", "SAMLResponse=" + "A" * 2000000),
    "pay_dummy": post("/payments/process/dummy/", "junk", "text/plain"),
    "pay_xbezahl": post("/payments/process/xbezahldienste/", "junk", "text/plain"),
}
print(json.dumps({"headers": headers, "bodies": bodies}))
"""


def production_env(tmp_path, database):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SAML_")) and key != "REDIS_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="s" * 30 + "-production-test-key-" + "t" * 20,
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    return env


@pytest.fixture(scope="module")
def production(tmp_path_factory, django_db_blocker):
    """The probes' answers. Not a django_db fixture: the copy needs the database
    outside a test transaction."""
    tmp_path = tmp_path_factory.mktemp("production")
    database = copy_test_database(tmp_path / "db.sqlite3", django_db_blocker)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=production_env(tmp_path, database),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_redirects_to_https(production):
    result = production["headers"]
    assert result["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert result["plain_status"] == 301
    assert result["plain_location"] == "https://portal.example/amt/"
    # Load balancers probe the health check over plain HTTP.
    assert result["health_status"] == 200


def test_hostile_bodies_under_production_settings(production):
    assert production["bodies"] == {
        "form_nul": 400,
        "json_nul": 400,
        "nesting": 400,
        "huge_rows": 409,
        "saml_empty": 404,
        "saml_xxe": 404,
        "saml_big": 404,
        "pay_dummy": 404,
        "pay_xbezahl": 404,
    }
