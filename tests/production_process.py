"""One real process under ``portal.settings.production``, for the tests about
its start-up and its answers (most of such a process's time is importing
Django, Wagtail and the apps, so one process answers them all):

- ``check --deploy --fail-level WARNING`` with the Amt's own signing key, and
  again without one (``tests/portal/test_settings.py``);
- the payment variants, the dummy payment page and the serious system checks
  (``tests/services/test_dummy_payment_guard.py``);
- HSTS, the redirect to HTTPS and hostile request bodies
  (``tests/security/test_production.py``), on a copy of the test database, so
  that the hostile bodies reach views that read it.

The ``production_process`` fixture (``tests/conftest.py``) runs it once per
test process that asks for it. What the settings make of the environment is
checked in the test process (``tests/settings_import.py``).
"""

import json
import subprocess
import sys
from pathlib import Path

from tests.database_file import copy_test_database
from tests.settings_import import settings_environment

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "s" * 30 + "-production-test-key-" + "t" * 20

PROBE = """
import io
import json
from django.conf import settings
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

def deploy_check():
    output = io.StringIO()
    try:
        call_command("check", "--deploy", "--fail-level", "WARNING", stdout=output,
                     stderr=output)
    except SystemCheckError as error:
        return {"passed": False, "output": output.getvalue() + str(error)}
    return {"passed": True, "output": output.getvalue()}

# check --deploy with the signing key of the environment, and without one
deploy = {"signed": deploy_check()}
with override_settings(DOCUMENTS_SIGNING_KEY="", DOCUMENTS_SIGNING_CERT=""):
    deploy["unsigned"] = deploy_check()

# the dummy payment provider
try:
    with translation.override("de"):
        reverse("services:dummy_payment", args=["A-1", "6f1c1a9e-0000-4000-8000-000000000000"])
    mounted = True
except NoReverseMatch:
    mounted = False
payments = {
    "variants": sorted(settings.PAYMENT_VARIANTS),
    "allowed": settings.SERVICES_DUMMY_PAYMENT_ALLOWED,
    "mounted": mounted,
    "errors": [e.id for e in checks.run_checks() if e.is_serious()],
}

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
print(json.dumps({"deploy": deploy, "payments": payments, "headers": headers,
                  "bodies": bodies}))
"""


def production_environment(tmp_path, database):
    """The environment of a production installation: the settings of this
    process (the test settings, SAML, payments, signing, Redis) left out."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    # the deploy check wants the Amt's own signing key (documents.E001); any
    # readable files satisfy it, as in .ci/run
    key.write_text("key")
    cert.write_text("cert")
    return settings_environment(
        drop={"SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"},
        drop_prefixes=("DJANGO_", "SAML_", "SERVICES_", "DOCUMENTS_SIGNING_"),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="portal.example",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(tmp_path / "static"),
        DOCUMENTS_SIGNING_KEY=str(key),
        DOCUMENTS_SIGNING_CERT=str(cert),
    )


def production_answers(tmp_path, django_db_blocker):
    """The probe's answers; the database is a copy of the session's test database
    (made outside any test transaction)."""
    database = copy_test_database(tmp_path / "db.sqlite3", django_db_blocker)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=production_environment(tmp_path, database),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
