"""Backup and restore with the real scripts (deploy/backup.sh, deploy/restore.sh).

A fresh PostgreSQL database gets the portal's schema and some content, backup.sh
dumps it, restore.sh loads the dump into another fresh database, and the content
is found there, and the restored portal answers. Runs against the PostgreSQL
server of the test run (CI starts it); ``BACKUP_TEST_PG`` may point elsewhere.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
from django.test import Client
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


@pytest.fixture
def databases():
    names = [f"portal_backup_src_{os.getpid()}", f"portal_backup_dst_{os.getpid()}"]
    for name in names:
        psql(f'DROP DATABASE IF EXISTS "{name}"')
        psql(f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env=env)
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
    # The restored portal needs no migration and serves the page.
    run([python, "manage.py", "migrate", "--check", "-v0"], env=target_env)
    output = run([python, "manage.py", "shell", "-c", PROBE], env=target_env).stdout
    assert output.strip().splitlines()[-1] == "Inhalt nach Restore 200"
