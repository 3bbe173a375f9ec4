"""The migrated SQLite test database, kept between sessions.

Migrating an empty database runs about 300 migrations (Django, Wagtail,
wagtail-localize and the portal's apps) and spends most of a minute of CPU
rendering model states, before every pytest session. On SQLite the session's
in-memory test database is instead restored from a file migrated once: the file
is named by a hash of everything that decides what ``migrate`` builds (every
installed app's migration files, the source of the ``post_migrate`` receivers,
the settings files, the migration-relevant settings and the versions of Django,
Python and SQLite), so any change to them migrates afresh. ``--create-db``
migrates afresh too. PostgreSQL is migrated as usual (``tests/conftest.py``).

The files live in the system's temporary folder (``portal-test-db-<hash>.sqlite3``,
a few MB each, beside an empty ``.lock`` file); deleting them is always safe.

Sessions that start together (the pytest-xdist workers of one ``make test``, or
two checkouts) migrate the file once: whoever misses it takes an exclusive lock
on ``<file>.lock``, looks again and migrates only if it is still missing; the
others wait for the lock and then restore the finished file.
"""

import contextlib
import fcntl
import hashlib
import inspect
import os
import sqlite3
import sys
import tempfile
import weakref
from importlib import import_module
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate

ROOT = Path(__file__).resolve().parents[1]


def applies():
    """Whether this session's test database is SQLite in memory (the default)."""
    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    return connection.vendor == "sqlite" and test_name in (None, "", ":memory:")


def _migration_files():
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        module_name, _ = MigrationLoader.migrations_module(app.label)
        try:
            module = import_module(module_name) if module_name else None
        except ImportError:
            module = None
        if module is None:  # an app without migrations: migrate syncs its models
            if app.models_module is not None:
                yield Path(app.models_module.__file__)
            continue
        yield from sorted(Path(module.__file__).parent.glob("*.py"))


def _receiver_files():
    for _key, receiver, *_ in post_migrate.receivers:
        if isinstance(receiver, (weakref.ref, weakref.WeakMethod)):
            receiver = receiver()  # connected weakly (the default)
        source = receiver is not None and inspect.getsourcefile(
            inspect.unwrap(receiver)
        )
        if source:
            yield Path(source)


def template_key():
    digest = hashlib.sha256()
    for part in (
        django.__version__,
        sys.version,
        sqlite3.sqlite_version,
        repr(settings.INSTALLED_APPS),
        repr(settings.MIGRATION_MODULES),
        repr(settings.AUTH_USER_MODEL),
        repr(settings.LANGUAGE_CODE),
        repr(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None)),
    ):
        digest.update(part.encode())
    files = set(_migration_files()) | set(_receiver_files())
    files |= set((ROOT / "portal" / "settings").glob("*.py"))
    for path in sorted(files):
        digest.update("/".join(path.parts[-3:]).encode())  # the same in every checkout
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path():
    return Path(tempfile.gettempdir()) / f"portal-test-db-{template_key()}.sqlite3"


@contextlib.contextmanager
def exclusive(path):
    """An exclusive lock on ``<path>.lock`` (released when the process ends, too)."""
    with open(path.with_name(f"{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def create_test_db(verbosity=0, fresh=False):
    """Django's ``create_test_db`` for the in-memory SQLite test database, restored
    from the migrated file when there is one (else migrated and then saved).
    Returns the database's real name, for ``connection.creation.destroy_test_db``."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    path = template_path()
    if fresh or not path.exists():
        with exclusive(path):
            if fresh or not path.exists():  # not migrated meanwhile by another session
                creation.create_test_db(
                    verbosity=verbosity, autoclobber=True, serialize=False
                )
                save(path)
                return old_name
    if verbosity >= 1:
        creation.log(f"Restoring the migrated test database from {path}")
    return restore(path)


def restore(path):
    """Point the connection at the in-memory test database and copy ``path`` into
    it. Returns the database's real name, as ``create_test_db`` does."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    test_name = creation._get_test_db_name()
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(path)
    source.backup(connection.connection)
    source.close()
    return old_name


def save(path):
    """Copy the connection's database to ``path``: written beside and renamed, so a
    session reading it never sees half a file."""
    connection.ensure_connection()
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    connection.connection.backup(target)
    target.close()
    os.replace(partial, path)
