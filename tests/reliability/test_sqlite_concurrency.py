"""The embedded default (SQLite) holds concurrent writers (#19, finding 8).

An outside test sent 48 consultation answers at once to the default SQLite
set-up: 28 answered 500 "database is locked". The settings now open SQLite in
WAL mode with a busy timeout and IMMEDIATE transactions (portal/settings/base.py),
and a lock that outlasts the timeout answers 503 with Retry-After
(portal.middleware.DatabaseBusyMiddleware, handler500).

The parallel test needs a database file that several connections share: the
session's (migrated) test database is copied into a file and a separate
process with ``DATABASE_URL`` pointing at it sends the answers from threads,
each with its own connection, as gunicorn's threads would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from portal.middleware import SecurityHeadersMiddleware
from tests.database_file import copy_test_database

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = 24

SCRIPT = """
import json, threading
from django.db import connection
from django.test import Client

from portal.middleware import SecurityHeadersMiddleware
from tests.database_file import copy_test_database
from consultations.models import Response
from tests import factories
from tests.consultations.factories import consultation
from tests.consultations.helpers import answer_url, make_user, valid_answers

factories.build_site_root()  # idempotent: a fresh file has only Wagtail's page
page = consultation()
users = [make_user(f"parallel-{n}") for n in range(PARALLEL)]
barrier = threading.Barrier(PARALLEL)
statuses, errors = [], []

def submit(user, n):
    from django.db import connection as own
    try:
        client = Client()
        client.force_login(user)
        barrier.wait(timeout=60)
        answer = client.post(answer_url(page), valid_answers(**{
            "q-33333333-3333-4333-8333-333333333333": f"Antwort {n}"}))
        statuses.append([answer.status_code, answer.get("Retry-After")])
    except Exception as error:
        errors.append(repr(error))
    finally:
        own.close()

threads = [threading.Thread(target=submit, args=(u, n)) for n, u in enumerate(users)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
print(json.dumps({
    "statuses": statuses,
    "errors": errors,
    "rows": Response.objects.filter(consultation=page).count(),
    "users_with_rows": Response.objects.filter(consultation=page)
        .values("user").distinct().count(),
    "journal_mode": mode,
}))
"""


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    return copy_test_database(tmp_path / "concurrent.sqlite3", django_db_blocker)


def _env(path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=f"sqlite:///{path}",
    )
    return env


def test_parallel_answers_on_sqlite_are_all_kept_and_none_fails(database_file):
    script = f"PARALLEL = {PARALLEL}\n" + SCRIPT
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=_env(database_file),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["journal_mode"] == "wal"
    codes = [status for status, _ in outcome["statuses"]]
    assert len(codes) == PARALLEL
    # never a 500: each answer is stored (redirect to its receipt) or, at worst,
    # refused with 503 + Retry-After and nothing stored
    assert set(codes) <= {302, 503}, codes
    assert all(retry for status, retry in outcome["statuses"] if status == 503)
    accepted = codes.count(302)
    assert outcome["rows"] == accepted == outcome["users_with_rows"]
    # with the busy timeout, 24 writers at once all get through
    assert accepted == PARALLEL


def test_sqlite_settings_of_the_default_set_up(settings):
    from portal.settings import base

    options = base.dj_database_url.parse("sqlite:///x.sqlite3")
    assert options["ENGINE"] == "django.db.backends.sqlite3"
    if connection.vendor == "sqlite":
        configured = settings.DATABASES["default"]["OPTIONS"]
        assert configured["transaction_mode"] == "IMMEDIATE"
        assert configured["timeout"] >= 5
        assert "journal_mode=WAL" in configured["init_command"]


@pytest.mark.django_db
def test_a_view_that_finds_the_database_locked_answers_503_with_retry_after():
    client = Client(raise_request_exception=False)
    locked = OperationalError("database is locked")
    with mock.patch("portal.views.HttpResponse", side_effect=locked):
        response = client.get("/robots.txt")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Das Portal ist gerade ausgelastet" in response.content.decode()


@pytest.mark.django_db
def test_a_lock_outside_the_view_answers_503_too():
    client = Client(raise_request_exception=False)
    locked = OperationalError("database is locked")
    # raised by a middleware, not the view: Django's handler500 answers
    with mock.patch.object(SecurityHeadersMiddleware, "__call__", side_effect=locked):
        response = client.get("/robots.txt")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


@pytest.mark.django_db
def test_other_database_errors_stay_500():
    client = Client(raise_request_exception=False)
    with mock.patch(
        "portal.views.HttpResponse", side_effect=OperationalError("disk I/O error")
    ):
        response = client.get("/robots.txt")
    assert response.status_code == 500
    assert "Ein technischer Fehler" in response.content.decode()
