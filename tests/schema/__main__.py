"""The committed snapshots of the migrated test databases (``make test-schema``,
``make lint``):

    python -m tests.schema write   # migrate and re-create sqlite.sql, postgresql.sql
    python -m tests.schema check   # exit 1, saying what to run, if one is stale

Run with the test settings and without ``DATABASE_URL`` (the Makefile does);
``write`` needs the PostgreSQL server of the backup test (``BACKUP_TEST_PG``,
default postgres://postgres@127.0.0.1:5432). See ``tests/database_template.py``
and ``tests/postgres_template.py``.
"""

import sys

import django

django.setup()

from tests import database_template, postgres_template  # noqa: E402

SNAPSHOTS = (database_template.SNAPSHOT, postgres_template.SNAPSHOT)


def main(command):
    if command == "write":
        database_template.write_snapshot()
        postgres_template.write_snapshot()
        for path in SNAPSHOTS:
            key = database_template.snapshot_key(path)
            sys.stdout.write(f"{path.relative_to(database_template.ROOT)}: key {key}\n")
    elif command == "check":
        key = database_template.template_key()
        stale = [database_template.stale_snapshot(path, key) for path in SNAPSHOTS]
        if any(stale):
            sys.stderr.write("\n".join(filter(None, stale)) + "\n")
            raise SystemExit(1)
    else:
        raise SystemExit("usage: python -m tests.schema write|check")


main(*sys.argv[1:2] or [""])
