"""The demo-loaded SQLite test database, kept between demo sessions.

The demo session (``pytest -m demo``) needs the whole demo: ``load_demo`` on the
migrated database costs about a minute of CPU. On SQLite the session instead
restores a copy saved by an earlier session, together with the files the demo
wrote (images, documents, the services' and documents' private files). The copy
is named by a hash of everything that decides what ``load_demo`` builds:

- the migrated database's key (``tests/database_template.py``: migrations,
  ``post_migrate`` receivers, settings, versions of Django and Wagtail); a cold
  session starts from the committed snapshot of the migrated database, as the
  factory session does,
- every file of the project's apps (the demo data files, the loader, the demo
  modules, and the models, signals and hooks they run through), the
  requirements and constraints (the versions of Wagtail and the rest),
- today's date in the portal's time zone: the demo's dates are relative to the
  day of loading, so a copy is good for the day it was made on.

A change to any of them loads the demo afresh and saves a new copy;
``--create-db`` does so too, once per run: the pytest-xdist workers of one run
(``PYTEST_XDIST_TESTRUNUID``) restore the copy the first of them made. PostgreSQL
loads the demo every session (``tests/conftest.py``).

The copies live in the system's temporary folder (``TMPDIR``), a folder
``portal-test-demo-<hash>`` each (the database and ``files/``) beside an empty
``.lock`` file; copies older than two days are removed when a new one is saved,
and deleting them is always safe. Sessions that start together load once: the
first takes an exclusive lock on ``<folder>.lock``, the others wait and restore.
"""

import hashlib
import os
import shutil
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests import database_template

ROOT = database_template.ROOT
PREFIX = "portal-test-demo-"
# Where load_demo writes files (the test settings make each a temporary folder).
FILE_SETTINGS = (
    "MEDIA_ROOT",
    "SERVICES_PRIVATE_ROOT",
    "DOCUMENTS_PRIVATE_ROOT",
    "DOCUMENTS_DEMO_DIR",
)
# Generated and never read by load_demo.
SKIPPED = {"__pycache__", "static_build", "node_modules"}
KEEP_SECONDS = 2 * 24 * 3600


def _app_files():
    for app in apps.get_app_configs():
        folder = Path(app.path).resolve()
        if not folder.is_relative_to(ROOT) or ".venv" in folder.parts:
            continue
        for directory, subdirectories, files in os.walk(folder):
            subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED)
            for name in sorted(files):
                yield Path(directory) / name


def template_key():
    digest = hashlib.sha256()
    digest.update(database_template.template_key().encode())
    digest.update(timezone.localdate().isoformat().encode())
    files = set(_app_files())
    files |= {ROOT / "requirements.txt", ROOT / "constraints.txt"}
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path():
    return Path(tempfile.gettempdir()) / f"{PREFIX}{template_key()}"


def _run_id():
    """The pytest-xdist run this worker belongs to (None without workers)."""
    return os.environ.get("PYTEST_XDIST_TESTRUNUID")


def _made_by_this_run(path):
    run_file = path / "run"
    return _run_id() is not None and (
        run_file.is_file() and run_file.read_text() == _run_id()
    )


def _save(path):
    """The database and the files, written beside and renamed: a session that
    finds the folder finds it complete."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    database_template.save(partial / "db.sqlite3")
    (partial / "run").write_text(_run_id() or "")
    for name in FILE_SETTINGS:
        shutil.copytree(getattr(settings, name), partial / "files" / name)
    shutil.rmtree(path, ignore_errors=True)
    os.rename(partial, path)
    _remove_old(path)


def _remove_old(current):
    now = time.time()
    for other in current.parent.glob(f"{PREFIX}*"):
        if other == current or other.suffix == ".lock":
            continue
        try:
            if now - other.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(other, ignore_errors=True)
                other.with_name(f"{other.name}.lock").unlink(missing_ok=True)
        except FileNotFoundError:  # removed by another session meanwhile
            pass


def _restore(path, verbosity):
    if verbosity >= 1:
        connection.creation.log(f"Restoring the demo-loaded test database from {path}")
    for name in FILE_SETTINGS:
        shutil.copytree(
            path / "files" / name, getattr(settings, name), dirs_exist_ok=True
        )
    return database_template.restore(path / "db.sqlite3")


def create_test_db(verbosity=0, fresh=False):
    """The in-memory SQLite test database with the whole demo loaded: restored
    from the saved copy of today's demo when there is one, else the migrated
    database (``tests/database_template.py``) plus ``load_demo``, then saved.
    Returns the database's real name, for ``destroy_test_db``."""
    path = template_path()
    if fresh or not path.is_dir():
        with database_template.exclusive(path):
            # Not saved meanwhile by another session, or (``fresh``) by another
            # worker of this run.
            if not path.is_dir() or (fresh and not _made_by_this_run(path)):
                old_name = database_template.create_test_db(verbosity, fresh)
                call_command("load_demo", stdout=StringIO())
                _save(path)
                return old_name
    return _restore(path, verbosity)
