"""Backup and restore with the real scripts (deploy/backup.sh, deploy/restore.sh).

A fresh PostgreSQL database gets the portal's schema and some content, backup.sh
dumps it, restore.sh loads the dump into another fresh database, and the content
is found there, and the restored portal answers. Runs against the PostgreSQL
server of the test run (CI starts it); ``BACKUP_TEST_PG`` may point elsewhere.

The fresh database is a copy of one that ``manage.py migrate`` built and that is
kept between sessions, as the SQLite test database is (``tests/database_template.py``,
whose key names it): migrating takes most of a minute of CPU, copying a second.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import database_template

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BACKUP_TEST_PG", "postgres://postgres@127.0.0.1:5432")

CONTENT = """
from wagtail.models import Page, Site
from home.models import HomePage, StandardPage
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Sicherung", slug="sicherung-start"))
Site.objects.filter(is_default_site=True).update(root_page=home)
page = home.add_child(instance=StandardPage(
    title="Wiederhergestellt", slug="wiederhergestellt", intro="Inhalt nach Restore"))
page.save_revision().publish()
"""

PROBE = """
from django.core.management import call_command
from django.test import Client
call_command("migrate", "--check", verbosity=0)  # exits with 1 if one is missing
from home.models import StandardPage
page = StandardPage.objects.live().get(slug="wiederhergestellt")
response = Client().get(page.url, headers={"host": "localhost"})
print(page.intro, response.status_code)
"""


def run(args, env=None, **kwargs):
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        **kwargs,
    )


def psql(sql):
    return run(["psql", f"{SERVER}/postgres", "-qAtc", sql]).stdout.strip()


MIGRATED = "portal_backup_migrated_"


def migrated_databases():
    return psql(
        "SELECT datname FROM pg_database "
        "WHERE starts_with(datname, 'portal_backup_migrated_')"
    ).split()


def migrated_database():
    """A database as ``manage.py migrate`` leaves a fresh one, named by the migrated
    SQLite copy's key (migrations, ``post_migrate`` receivers, settings, versions):
    migrated when missing (under a lock, so sessions that start together migrate it
    once, and renamed when done), older ones dropped."""
    name = MIGRATED + database_template.template_key()
    with database_template.exclusive(Path(tempfile.gettempdir()) / name):
        if name in migrated_databases():
            return name
        partial = f"{name}_{os.getpid()}"
        psql(f'DROP DATABASE IF EXISTS "{partial}"')
        psql(f'CREATE DATABASE "{partial}"')
        run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            env=portal_env(partial),
        )
        psql(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
        for old in set(migrated_databases()) - {name}:  # one in use stays
            subprocess.run(
                ["psql", f"{SERVER}/postgres", "-qAtc", f'DROP DATABASE "{old}"'],
                capture_output=True,
                check=False,
            )
    return name


@pytest.fixture
def databases():
    names = [f"portal_backup_src_{os.getpid()}", f"portal_backup_dst_{os.getpid()}"]
    for name in names:
        psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(f'CREATE DATABASE "{names[0]}" TEMPLATE "{migrated_database()}"')
    psql(f'CREATE DATABASE "{names[1]}"')
    yield names
    # Dropping a database waits for a checkpoint of the whole server (seconds on a
    # busy one); the session does not wait for it: psql runs on in the background.
    drops = " ".join(
        f"-c 'DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)'" for name in names
    )
    subprocess.run(
        ["sh", "-c", f"psql {SERVER}/postgres -qAt {drops} >/dev/null 2>&1 &"],
        check=True,
    )


def portal_env(database, **extra):
    # Without libfaketime (make test-clock-ahead): the scripts compare file
    # times set by the kernel's real clock with `find -mtime`.
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


def test_backup_restores_into_a_fresh_database(databases, tmp_path):
    source, target = databases
    env = portal_env(source, MEDIA_ROOT=str(tmp_path / "media"))
    (tmp_path / "media" / "original_images").mkdir(parents=True)
    (tmp_path / "media" / "original_images" / "bild.txt").write_text("Medien")
    python = sys.executable
    run([python, "manage.py", "shell", "-c", CONTENT], env=env)

    backups = tmp_path / "backups"
    run(["bash", "deploy/backup.sh"], env={**env, "BACKUP_DIR": str(backups)})
    (dump,) = backups.glob("db-*.dump")
    (media,) = backups.glob("media-*.tar.gz")

    restored_media = tmp_path / "restored-media"
    target_env = portal_env(target, MEDIA_ROOT=str(restored_media))
    run(["bash", "deploy/restore.sh", str(dump), str(media)], env=target_env)

    titles = run(
        [
            "psql",
            f"{SERVER}/{target}",
            "-qAtc",
            "SELECT title FROM wagtailcore_page WHERE slug = 'wiederhergestellt'",
        ]
    ).stdout.split()
    assert titles == ["Wiederhergestellt"]
    assert (restored_media / "original_images" / "bild.txt").read_text() == "Medien"
    # The restored portal needs no migration (PROBE's migrate --check) and serves
    # the page.
    output = run([python, "manage.py", "shell", "-c", PROBE], env=target_env).stdout
    assert output.strip().splitlines()[-1] == "Inhalt nach Restore 200"
