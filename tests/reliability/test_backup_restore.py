"""Backup and restore with the real scripts (deploy/backup.sh, deploy/restore.sh).

A fresh PostgreSQL database gets the portal's schema and some content, backup.sh
dumps it, restore.sh loads the dump into another fresh database, and the content
is found there, and the restored portal answers. Runs against the PostgreSQL
server of the test run (CI starts it); ``BACKUP_TEST_PG`` may point elsewhere.

The fresh database is a copy of a migrated one kept between sessions
(``tests/postgres_template.py``: made from the committed snapshot
``tests/schema/postgresql.sql`` when it is current, else by migrating): migrating
takes most of a minute of CPU, copying a second.
"""

import os
import subprocess
import sys

import pytest

from tests.postgres_template import (
    SERVER,
    migrated_database,
    portal_env,
    psql,
    run,
)

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
