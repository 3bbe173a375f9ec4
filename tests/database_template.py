"""The migrated SQLite test database: a committed snapshot and a kept copy.

Migrating an empty database runs about 300 migrations (Django, Wagtail,
wagtail-localize and the portal's apps) and spends most of a minute of CPU
rendering model states, before every pytest session. On SQLite the session's
in-memory test database is instead restored from a file migrated once. Both are
named by the key, a hash of everything that decides what ``migrate`` builds:
every installed app's migration files, the source of the ``post_migrate``
receivers, the settings files, the migration-relevant settings and the versions
of Django, Wagtail and wagtail-localize. The key is the same in every checkout
and on every machine (no paths, no Python or SQLite version).

- The snapshot, ``tests/schema/sqlite.sql`` (committed, like Rails'
  ``db/structure.sql``): the migrated database as SQL text, tables by name and
  rows in order, so a diff shows what a migration changed; its second line
  names the key it was built for. ``make test-schema`` re-creates it by really
  migrating (``python -m tests.schema write``); ``make lint`` checks
  that its key is current (``... check``).
- The kept copy, ``portal-test-db-<key>.sqlite3`` in the system's temporary
  folder (a few MB, beside an empty ``.lock`` file; deleting it is always safe):
  made from the snapshot when the keys match, else by migrating (the session
  says once that the snapshot is stale and how to refresh it); every session
  restores its in-memory database from it. ``--create-db`` migrates afresh.
  PostgreSQL is migrated as usual (``tests/conftest.py``).

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
from importlib.metadata import version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "schema" / "sqlite.sql"
REFRESH = "make test-schema"
# The distributions whose code (beyond their migrations) decides what migrate builds.
DISTRIBUTIONS = ("Django", "wagtail", "wagtail-localize")
# What migrating sets to the time of migrating or at random, fixed in the snapshots
# so that they change only when the migrations do: django_migrations.applied, and
# the translation keys (random UUIDs) of Wagtail's first pages, made from their
# paths instead (md5 of the path, in both databases).
APPLIED = "2000-01-01 00:00:00"


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
    """The hash of what decides what ``migrate`` builds: the same in every checkout
    and on every machine with the same code and package versions."""
    digest = hashlib.sha256()
    for part in (
        *(f"{name} {version(name)}" for name in DISTRIBUTIONS),
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


def template_path(key=None):
    key = key or template_key()
    return Path(tempfile.gettempdir()) / f"portal-test-db-{key}.sqlite3"


def snapshot_key(path=SNAPSHOT):
    """The key the snapshot was built for (None without a snapshot)."""
    try:
        with open(path, encoding="utf-8") as snapshot:
            for line in snapshot:
                if line.startswith("-- key: "):
                    return line.removeprefix("-- key: ").strip()
                if not line.startswith("--"):
                    return None
    except FileNotFoundError:
        return None
    return None


def stale_snapshot(path=SNAPSHOT, key=None):
    """None when the snapshot is current, else the line that says what to do."""
    key = key or template_key()
    built_for = snapshot_key(path)
    if built_for == key:
        return None
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    state = f"is stale (built for {built_for})" if built_for else "is missing"
    return (
        f"{name} {state}: the migrations, their post_migrate receivers, the "
        f"settings or the Django/Wagtail versions changed (key now {key}), so SQLite "
        f"test sessions migrate instead (about a minute, once per key); refresh it "
        f"with `{REFRESH}` and commit it."
    )


def dump(database):
    """SQL text that rebuilds ``database`` (a sqlite3 connection), in a stable
    order: every table by name with its rows in rowid order, then the indexes,
    triggers and views by name, then the AUTOINCREMENT counters. A virtual table
    (Wagtail's full-text index) is created by its own statement, which makes its
    shadow tables."""
    kinds = dict(database.execute("SELECT name, type FROM pragma_table_list"))
    objects = database.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "ORDER BY type <> 'table', type, name"
    ).fetchall()
    yield "BEGIN TRANSACTION;"
    for kind, name, sql in objects:
        if name.startswith("sqlite_") or kinds.get(name) == "shadow":
            continue
        yield f"{sql};"
        if kind != "table":
            continue
        columns = [row[1] for row in database.execute(f'PRAGMA table_info("{name}")')]
        if kinds.get(name) == "virtual":
            columns = ["rowid", *columns]
        listed = ",".join(f'"{column}"' for column in columns)
        values = "||','||".join(f'quote("{column}")' for column in columns)
        # The names come from the database's own catalogue.
        select = f"SELECT 'INSERT INTO \"{name}\"({listed}) VALUES('||{values}||');'"
        for (row,) in database.execute(f'{select} FROM "{name}" ORDER BY rowid'):
            yield row
    if "sqlite_sequence" in kinds:
        yield 'DELETE FROM "sqlite_sequence";'
        for name, seq in database.execute(
            'SELECT name, seq FROM "sqlite_sequence" ORDER BY name'
        ):
            yield f"INSERT INTO \"sqlite_sequence\" VALUES('{name}',{seq});"
    yield "COMMIT;"


def snapshot_text(database, key):
    lines = [
        "-- The migrated SQLite test database (tests/database_template.py).",
        f"-- key: {key}",
        f"-- Made by `{REFRESH}` (it migrates); do not edit by hand.",
        *dump(database),
    ]
    return "\n".join(lines) + "\n"


def load_snapshot(path, snapshot=SNAPSHOT):
    """Write the database of ``snapshot`` into the file ``path`` (written beside and
    renamed, as ``save`` does) and return True; False if this SQLite cannot build
    it (one without the FTS5 module Wagtail's search index uses, say)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        target.executescript(snapshot.read_text(encoding="utf-8"))
    except sqlite3.Error as error:
        sys.stderr.write(f"{snapshot} does not load here ({error}): migrating\n")
        partial.unlink(missing_ok=True)
        return False
    finally:
        target.close()
    os.replace(partial, path)
    return True


def write_snapshot(snapshot=SNAPSHOT):
    """Migrate a fresh in-memory test database, as a session with ``--create-db``
    does, and write it to ``snapshot``."""
    if not applies():
        raise SystemExit("The snapshot is made on SQLite: run it without DATABASE_URL.")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    connection.ensure_connection()
    database = connection.connection
    database.create_function(
        "md5",
        1,
        lambda text: hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
    )
    with database:
        database.execute("UPDATE django_migrations SET applied = ?", (APPLIED,))
        database.execute("UPDATE wagtailcore_page SET translation_key = md5(path)")
    snapshot.parent.mkdir(exist_ok=True)
    snapshot.write_text(snapshot_text(database, template_key()), encoding="utf-8")


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
    from the kept file when there is one, else from the committed snapshot when
    its key is current (else migrated and then saved). ``fresh`` migrates.
    Returns the database's real name, for ``connection.creation.destroy_test_db``."""
    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    key = template_key()
    path = template_path(key)
    if fresh or not path.exists():
        with exclusive(path):
            # The kept copy made meanwhile by another session, or now from the
            # snapshot; else migrate.
            if fresh or not (
                path.exists() or (snapshot_key() == key and load_snapshot(path))
            ):
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
