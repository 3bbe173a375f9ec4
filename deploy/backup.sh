#!/usr/bin/env bash
# Nightly backup: the PostgreSQL database (pg_dump, custom format) and the media
# folder, kept for BACKUP_KEEP_DAYS days in BACKUP_DIR. Run by portal-backup.timer
# with the portal's environment (DATABASE_URL, MEDIA_ROOT); see docs/reliability.md.
# Copy BACKUP_DIR to another machine afterwards (e.g. restic or rsync).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/portal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
stamp=$(date +%Y-%m-%d-%H%M)
mkdir -p "$BACKUP_DIR"
umask 077

# pg_dump takes a consistent snapshot while the portal keeps running.
pg_dump --format=custom --no-owner --file "$BACKUP_DIR/db-$stamp.dump.part" "$DATABASE_URL"
mv "$BACKUP_DIR/db-$stamp.dump.part" "$BACKUP_DIR/db-$stamp.dump"

# Media on the local disk; with S3 (S3_BUCKET) use the bucket's versioning or
# replication instead (docs/reliability.md).
if [ -z "${S3_BUCKET:-}" ] && [ -d "${MEDIA_ROOT:-/srv/portal/media}" ]; then
  tar --create --gzip --file "$BACKUP_DIR/media-$stamp.tar.gz.part" \
    --directory "${MEDIA_ROOT:-/srv/portal/media}" .
  mv "$BACKUP_DIR/media-$stamp.tar.gz.part" "$BACKUP_DIR/media-$stamp.tar.gz"
fi

# Applicants' uploads of the online services (never in S3, never public).
if [ -d "${SERVICES_PRIVATE_ROOT:-/srv/portal/private}" ]; then
  tar --create --gzip --file "$BACKUP_DIR/private-$stamp.tar.gz.part" \
    --directory "${SERVICES_PRIVATE_ROOT:-/srv/portal/private}" .
  mv "$BACKUP_DIR/private-$stamp.tar.gz.part" "$BACKUP_DIR/private-$stamp.tar.gz"
fi

find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'db-*.dump' -o -name '*-*.tar.gz' \) \
  -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "backup $stamp written to $BACKUP_DIR"
