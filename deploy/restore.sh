#!/usr/bin/env bash
# Restore a backup written by deploy/backup.sh into DATABASE_URL (an empty or
# existing database; existing objects are replaced) and, if given, the media
# archive into MEDIA_ROOT. Stop portal-web and the workers first.
#   deploy/restore.sh /var/backups/portal/db-2026-01-31-0200.dump [media-….tar.gz]
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
dump=${1:?usage: restore.sh DB_DUMP [MEDIA_ARCHIVE]}
media=${2:-}
pg_restore --clean --if-exists --no-owner --exit-on-error --dbname "$DATABASE_URL" "$dump"
if [ -n "$media" ]; then
  mkdir -p "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
  tar --extract --gzip --file "$media" --directory "$MEDIA_ROOT"
fi
echo "restored $dump${media:+ and $media}; now run: manage.py migrate && manage.py setup_roles"
