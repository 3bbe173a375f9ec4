"""The migrated SQLite test database's key, its committed snapshot and the choice
between restoring and migrating (``tests/database_template.py``)."""

import sqlite3
import sys

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import database_template, postgres_template


def migration(folder, name="0001_initial.py", text="# one\n"):
    path = folder / "app" / "migrations" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def migration_files(monkeypatch):
    """The key over the real files plus ``extra`` (a list the test fills)."""
    real = list(database_template._migration_files())
    extra = []
    monkeypatch.setattr(
        database_template, "_migration_files", lambda: iter(real + extra)
    )
    return extra


def test_key_is_the_same_on_every_machine(monkeypatch, migration_files, tmp_path):
    """No Python or SQLite version, no checkout path in the key."""
    migration_files.append(migration(tmp_path / "one-checkout"))
    key = database_template.template_key()
    monkeypatch.setattr(sys, "version", "3.11.99 (elsewhere)")
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.99.0")
    migration_files[:] = [migration(tmp_path / "another" / "checkout")]
    assert database_template.template_key() == key


def test_key_follows_migrations_and_versions(monkeypatch, migration_files, tmp_path):
    key = database_template.template_key()
    path = migration(tmp_path)
    migration_files.append(path)
    with_new = database_template.template_key()
    path.write_text("# changed\n")
    changed = database_template.template_key()
    monkeypatch.setattr(database_template, "version", lambda name: "99.0")
    newer = database_template.template_key()
    assert len({key, with_new, changed, newer}) == 4


def snapshot(tmp_path, key):
    path = tmp_path / "sqlite.sql"
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, v text)")
    database.execute("INSERT INTO t (v) VALUES ('a')")
    path.write_text(database_template.snapshot_text(database, key))
    return path


def test_snapshot_names_its_key_and_says_when_it_is_stale(tmp_path):
    path = snapshot(tmp_path, "abc123")
    assert database_template.snapshot_key(path) == "abc123"
    assert database_template.stale_snapshot(path, key="abc123") is None
    stale = database_template.stale_snapshot(path, key="def456")
    assert "is stale (built for abc123)" in stale
    assert "def456" in stale
    assert "`make test-schema`" in stale
    missing = database_template.stale_snapshot(tmp_path / "none.sql", key="def456")
    assert "is missing" in missing
    assert "`make test-schema`" in missing


def test_dump_rebuilds_the_database_in_a_stable_order(tmp_path):
    database = sqlite3.connect(":memory:")
    database.executescript(
        """
        CREATE TABLE b (id integer PRIMARY KEY AUTOINCREMENT, v text, n real, x blob);
        CREATE TABLE a (id integer PRIMARY KEY, v text NOT NULL);
        CREATE INDEX b_v ON b (v);
        CREATE VIRTUAL TABLE f USING fts5 (title, body);
        INSERT INTO b (id, v, n, x) VALUES (3, 'it''s', 1.5, X'00ff'), (1, NULL, NULL,
            NULL), (7, 'two
        lines', -2, NULL);
        DELETE FROM b WHERE id = 7;
        INSERT INTO a VALUES (2, 'zwei'), (1, 'eins');
        INSERT INTO f (rowid, title, body) VALUES (5, 'Titel', 'Text');
        """
    )
    text = database_template.snapshot_text(database, "k")
    assert text == database_template.snapshot_text(database, "k")
    # Tables by name (a before b), rows in rowid order.
    assert text.index('INSERT INTO "a"("id","v") VALUES(1,') < text.index("(2,'zwei')")
    assert text.index("CREATE TABLE a") < text.index("CREATE TABLE b")
    source = tmp_path / "sqlite.sql"
    source.write_text(text)
    target = tmp_path / "copy.sqlite3"
    database_template.load_snapshot(target, snapshot=source)
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT * FROM b ORDER BY id").fetchall() == [
        (1, None, None, None),
        (3, "it's", 1.5, b"\x00\xff"),
    ]
    # The AUTOINCREMENT counter remembers the deleted row.
    assert copy.execute("SELECT seq FROM sqlite_sequence").fetchall() == [(7,)]
    assert copy.execute("SELECT rowid FROM f WHERE f MATCH 'Titel'").fetchall() == [
        (5,)
    ]
    assert database_template.snapshot_text(copy, "k") == text


@pytest.fixture
def choice(monkeypatch, tmp_path):
    """create_test_db with what it would do recorded instead of done."""
    done = []
    monkeypatch.setattr(database_template, "template_key", lambda: "current")
    monkeypatch.setattr(
        database_template,
        "template_path",
        lambda key=None: tmp_path / f"portal-test-db-{key}.sqlite3",
    )
    monkeypatch.setattr(
        database_template,
        "load_snapshot",
        lambda path: done.append("snapshot") or True,
    )
    monkeypatch.setattr(
        connection.creation,
        "create_test_db",
        lambda **kwargs: done.append("migrate"),
    )
    monkeypatch.setattr(database_template, "save", lambda path: done.append("save"))
    monkeypatch.setattr(
        database_template, "restore", lambda path: done.append("restore")
    )
    return done


@pytest.mark.parametrize(
    ("built_for", "fresh", "expected"),
    [
        ("current", False, ["snapshot", "restore"]),
        ("older", False, ["migrate", "save"]),
        (None, False, ["migrate", "save"]),
        ("current", True, ["migrate", "save"]),  # --create-db migrates for real
    ],
)
def test_a_session_restores_the_current_snapshot_else_migrates(
    monkeypatch, choice, built_for, fresh, expected
):
    monkeypatch.setattr(database_template, "snapshot_key", lambda: built_for)
    database_template.create_test_db(fresh=fresh)
    assert choice == expected


def test_a_snapshot_this_sqlite_cannot_load_is_migrated_instead(tmp_path):
    source = tmp_path / "sqlite.sql"
    source.write_text(
        "BEGIN;\nCREATE VIRTUAL TABLE f USING nosuchmodule (a);\nCOMMIT;\n"
    )
    target = tmp_path / "copy.sqlite3"
    assert database_template.load_snapshot(target, snapshot=source) is False
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_a_kept_copy_is_restored(monkeypatch, choice, tmp_path):
    monkeypatch.setattr(database_template, "snapshot_key", lambda: "older")
    (tmp_path / "portal-test-db-current.sqlite3").touch()
    database_template.create_test_db()
    assert choice == ["restore"]


@pytest.mark.django_db
def test_the_session_database_is_migrated_to_the_models():
    """Whether restored from the snapshot or migrated: no migration is missing and
    every model's table has its columns (cheap; the PostgreSQL lane migrates)."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if not meta.managed or meta.proxy:
                continue
            assert meta.db_table in tables
            columns = {
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, meta.db_table
                )
            }
            # rowid: SQLite's implicit column (Wagtail's full-text index model).
            columns.add("rowid")
            assert {field.column for field in meta.local_concrete_fields} <= columns


def test_postgres_snapshot_leaves_out_what_differs_between_dumps():
    dump = "\n".join(
        [
            "--",
            "\\restrict Zx81randomtoken",
            "-- Dumped from database version 15.20",
            "-- Dumped by pg_dump version 17.6",
            "SET statement_timeout = 0;",
            "SET transaction_timeout = 0;",
            "CREATE TABLE public.t (id integer);",
            "\\unrestrict Zx81randomtoken",
        ]
    )
    text = postgres_template.snapshot_text(dump, "k1")
    assert text.splitlines()[1] == "-- key: k1"
    assert text.splitlines()[3:] == [
        "--",
        "SET statement_timeout = 0;",
        "CREATE TABLE public.t (id integer);",
    ]
