"""The migrated PostgreSQL database of the backup test, kept between sessions.

``tests/reliability/test_backup_restore.py`` needs a fresh PostgreSQL database as
``manage.py migrate`` leaves it, also in SQLite runs. It copies
``portal_backup_migrated_<key>`` (``CREATE DATABASE ... TEMPLATE``), named by the
key of the migrated SQLite database (``tests/database_template.py``). When that
copy is missing it is made, under a lock so that sessions that start together
make it once, from the committed snapshot ``tests/schema/postgresql.sql`` (a
``pg_dump`` of a really migrated database, with the key it was built for on its
second line) when its key is current, else by migrating; older copies are dropped.

``make test-schema`` re-creates the snapshot with the SQLite one (it migrates a
scratch database ``portal_schema_<pid>`` on the same server), and ``make lint``
checks both keys. The dump is kept readable and machine-independent: no owner
or privileges, and without ``pg_dump``'s version comments, its per-dump
``\\restrict`` token and settings older servers do not know. PostgreSQL test
sessions (``DATABASE_URL``) still migrate for real (``tests/conftest.py``).
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import database_template

ROOT = database_template.ROOT
SERVER = os.environ.get("BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")
SNAPSHOT = ROOT / "tests" / "schema" / "postgresql.sql"
MIGRATED = "portal_backup_migrated_"
# Lines of pg_dump's output that differ between dumps or server versions.
UNSTABLE = re.compile(
    r"^(\\restrict |\\unrestrict |-- Dumped (from|by) |SET transaction_timeout )"
)


def run(args, env=None, **kwargs):
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        **{"timeout": 300, **kwargs},
    )


def psql(sql, database="postgres"):
    return run(["psql", f"{SERVER}/{database}", "-qAtc", sql]).stdout.strip()


def portal_env(database, **extra):
    """The environment of a ``manage.py`` subprocess on ``database`` (dev settings).
    Without libfaketime (make test-clock-ahead): the backup scripts compare file
    times set by the kernel's real clock with ``find -mtime``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "S3_BUCKET"}
        and key != "LD_PRELOAD"
        and not key.startswith("FAKETIME")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"{SERVER}/{database}",
        **extra,
    )
    return env


def migrate(database):
    run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        env=portal_env(database),
        timeout=1800,  # minutes on a busy machine
    )


def create(database):
    psql(f'DROP DATABASE IF EXISTS "{database}"')
    psql(f'CREATE DATABASE "{database}"')


def load(database, snapshot=SNAPSHOT):
    """Create ``database`` from ``snapshot``: True, or False if this server cannot
    (an older PostgreSQL, say)."""
    create(database)
    try:
        run(
            ["psql", "-qX", "-v", "ON_ERROR_STOP=1", f"{SERVER}/{database}"]
            + ["-f", str(snapshot)]
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(f"{snapshot} does not load here: {error.stderr}")
        return False
    return True


def migrated_databases():
    return psql(
        "SELECT datname FROM pg_database "
        "WHERE starts_with(datname, 'portal_backup_migrated_')"
    ).split()


def migrated_database():
    """The name of a database as ``manage.py migrate`` leaves a fresh one: made
    when missing (from the snapshot when current, else by migrating; renamed when
    done), older ones dropped."""
    key = database_template.template_key()
    name = MIGRATED + key
    with database_template.exclusive(Path(tempfile.gettempdir()) / name):
        if name in migrated_databases():
            return name
        partial = f"{name}_{os.getpid()}"
        if database_template.snapshot_key(SNAPSHOT) != key or not load(partial):
            create(partial)
            migrate(partial)
        psql(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
        for old in set(migrated_databases()) - {name}:  # one in use stays
            subprocess.run(
                ["psql", f"{SERVER}/postgres", "-qAtc", f'DROP DATABASE "{old}"'],
                capture_output=True,
                check=False,
            )
    return name


def snapshot_text(dump, key):
    lines = [
        "-- The migrated PostgreSQL database of the backup test "
        "(tests/postgres_template.py).",
        f"-- key: {key}",
        f"-- Made by `{database_template.REFRESH}` (it migrates); do not edit by hand.",
        *(line for line in dump.splitlines() if not UNSTABLE.match(line)),
    ]
    return "\n".join(lines) + "\n"


def write_snapshot(snapshot=SNAPSHOT):
    """Migrate a scratch database on ``SERVER`` and write its dump to ``snapshot``."""
    scratch = f"portal_schema_{os.getpid()}"
    create(scratch)
    try:
        migrate(scratch)
        psql(
            f"UPDATE django_migrations SET applied = '{database_template.APPLIED}';"  # noqa: S608
            "UPDATE wagtailcore_page SET translation_key = md5(path)::uuid;",
            database=scratch,
        )
        dump = run(
            ["pg_dump", "--no-owner", "--no-privileges", f"{SERVER}/{scratch}"]
        ).stdout
    finally:
        psql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    snapshot.write_text(
        snapshot_text(dump, database_template.template_key()), encoding="utf-8"
    )
