"""A migrated SQLite database file for tests that start another process.

``copy_test_database(path, django_db_blocker)`` writes the session's test
database (migrated, with the home pages) into ``path``; when the session runs
on PostgreSQL, a fresh SQLite file is migrated instead (slower).
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def copy_test_database(path, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            return path
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test", DATABASE_URL=f"sqlite:///{path}"
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return path
