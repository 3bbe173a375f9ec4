#!/usr/bin/env bash
# make loadtest: a bounded load test on loopback (docs/reliability.md, "Load without loss").
#
# gunicorn with the production settings and deploy/gunicorn.conf.py on PostgreSQL, Redis
# on its own port (if installed), the demo content; locust (headless) sends a mix of
# reading, searching, consultation responses, comments and citizen reports (with a
# photo now and then), by anonymous visitors and by citizens who log in. Afterwards bench/load/check.py compares every acknowledged
# submission with the database and fails on any 5xx, missing or duplicate submission.
#
# The demo content is loaded once into a template database (a few minutes); every run
# starts from a fresh copy of it (seconds). LOAD_FRESH=1 rebuilds the template; it is
# also rebuilt when older than 7 days (the demo consultations are open for 30 days).
#
# LOAD_ENGINE=sqlite (make loadtest-sqlite) runs the same load against the embedded
# default, a SQLite file (template LOAD_SQLITE_DIR/template.sqlite3, /tmp/regionalportal-
# loadtest-sqlite), with 40 users by default; its result goes to its own section of
# docs/reliability.md (loadtest-sqlite:begin … end).
#
# Environment: LOAD_USERS (200; SQLite: 40), LOAD_DURATION (60 s), LOAD_SPAWN_RATE (20 users/s),
# LOAD_CITIZENS (20 of the users are citizens with an account), LOAD_LOGINS (4 of them
# log in through the form, the others start with a session), LOAD_WORKERS (2) and LOAD_THREADS (4) of
# gunicorn, LOAD_DB (regionalportal_load; template LOAD_DB_template), LOAD_PG
# (postgres://postgres@127.0.0.1:5432), LOAD_PORT (8766), LOAD_REDIS_PORT (6398),
# LOAD_RESULTS (/tmp/regionalportal-loadtest: locust CSVs, access log, report),
# LOAD_STATIC (/tmp/regionalportal-loadtest-static: collected static files, reused),
# LOAD_OUT (docs/reliability.md: the result section is replaced; empty: not written),
# LOAD_FRESH, LOAD_TIMEOUT (60 s: a request's time-out; at the end, locust waits as
# long for the answers still under way).
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG=loadtest
. bench/lib.sh
DB=${LOAD_DB:-regionalportal_load}
TEMPLATE="${DB}_template"
PG=${LOAD_PG:-postgres://postgres@127.0.0.1:5432}
PORT=${LOAD_PORT:-8766}
REDIS_PORT=${LOAD_REDIS_PORT:-6398}
if [ "${LOAD_ENGINE:-postgres}" = sqlite ]; then
  # SQLite serialises writers: fewer users; a section of its own in the docs
  USERS=${LOAD_USERS:-40}
  SECTION=loadtest-sqlite
else
  USERS=${LOAD_USERS:-200}
  SECTION=loadtest
fi
OUT=${LOAD_OUT-docs/reliability.md}
DURATION=${LOAD_DURATION:-60}
SPAWN_RATE=${LOAD_SPAWN_RATE:-20}
CITIZENS=${LOAD_CITIZENS:-20}
LOGINS=${LOAD_LOGINS:-4}
WORKERS=${LOAD_WORKERS:-2}
THREADS=${LOAD_THREADS:-4}
RESULTS=${LOAD_RESULTS:-/tmp/regionalportal-loadtest}
MACHINE_BEFORE="$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"

# The migration files' hash: the template is migrated again when they change.
MIGRATIONS=$(cat ./*/migrations/*.py | sha1sum | cut -c1-12)
if [ "${LOAD_ENGINE:-postgres}" = sqlite ]; then
  # --- the embedded default: a SQLite file, a copy of a demo template file ------------
  SQLITE_DIR=${LOAD_SQLITE_DIR:-/tmp/regionalportal-loadtest-sqlite}
  mkdir -p "$SQLITE_DIR"
  TEMPLATE_FILE="$SQLITE_DIR/template.sqlite3"
  STAMP="$SQLITE_DIR/template.stamp" # "<created, epoch> <hash of the migration files>"
  [ -f "$STAMP" ] && read -r template_epoch template_migrations <"$STAMP"
  sqlite_manage() { DATABASE_URL="sqlite:///$1" DJANGO_SETTINGS_MODULE=portal.settings.dev "$PY" manage.py "${@:2}"; }
  if [ -n "${LOAD_FRESH:-}" ] || [ ! -f "$TEMPLATE_FILE" ] || [ -z "${template_epoch:-}" ] ||
    [ $(($(date +%s) - template_epoch)) -gt $((7 * 86400)) ]; then
    log "building the SQLite template $TEMPLATE_FILE (migrate, load_demo: a few minutes)"
    rm -f "$TEMPLATE_FILE" "$TEMPLATE_FILE-wal" "$TEMPLATE_FILE-shm"
    sqlite_manage "$TEMPLATE_FILE" migrate --noinput -v0
    sqlite_manage "$TEMPLATE_FILE" load_demo >"$WORK/load_demo.log"
    template_epoch=$(date +%s)
  elif [ "${template_migrations:-}" != "$MIGRATIONS" ]; then
    log "migrating the SQLite template (the migrations changed)"
    sqlite_manage "$TEMPLATE_FILE" migrate --noinput -v0
  fi
  # fold the WAL into the file, so that a plain copy is complete
  "$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$TEMPLATE_FILE"
  echo "$template_epoch $MIGRATIONS" >"$STAMP"
  RUN_FILE="$SQLITE_DIR/run.sqlite3"
  rm -f "$RUN_FILE" "$RUN_FILE-wal" "$RUN_FILE-shm"
  cp "$TEMPLATE_FILE" "$RUN_FILE"
  log "database: SQLite $RUN_FILE, a copy of the template"
  export DATABASE_URL="sqlite:///$RUN_FILE"
else
  bench_start_postgres

  # --- database: a fresh copy of the demo template ---------------------------------------
  # The template's comment: "loadtest template <created, epoch> <hash of the migration files>".
  dev_manage() { DATABASE_URL="$PG/$1" DJANGO_SETTINGS_MODULE=portal.settings.dev "$PY" manage.py "${@:2}"; }
  comment_template() {
    psql "$PG/postgres" -qc "COMMENT ON DATABASE $TEMPLATE IS 'loadtest template $1 $MIGRATIONS';" >/dev/null
  }
  read -r template_epoch template_migrations < <(psql "$PG/postgres" -tAc \
    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$TEMPLATE'" |
    sed -n 's/^loadtest template \([0-9]*\) *\([0-9a-f]*\)$/\1 \2/p') || true
  if [ -n "${LOAD_FRESH:-}" ] || [ -z "${template_epoch:-}" ] || [ $(($(date +%s) - template_epoch)) -gt $((7 * 86400)) ]; then
    log "building the template database $TEMPLATE (migrate, load_demo: a few minutes)"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $TEMPLATE;" >/dev/null
    psql "$PG/postgres" -qc "CREATE DATABASE $TEMPLATE;" >/dev/null
    dev_manage "$TEMPLATE" migrate --noinput -v0
    dev_manage "$TEMPLATE" load_demo >"$WORK/load_demo.log"
    psql "$PG/$TEMPLATE" -qc "VACUUM ANALYZE;" >/dev/null
    comment_template "$(date +%s)"
  elif [ "${template_migrations:-}" != "$MIGRATIONS" ]; then
    log "migrating the template database $TEMPLATE (the migrations changed)"
    dev_manage "$TEMPLATE" migrate --noinput -v0
    comment_template "$template_epoch"
  fi
  log "database $DB, a copy of $TEMPLATE"
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB;" >/dev/null
  psql "$PG/postgres" -qc "CREATE DATABASE $DB TEMPLATE $TEMPLATE;" >/dev/null
  export DATABASE_URL="$PG/$DB"
fi

# --- production settings; the per-address limits raised (every virtual user is 127.0.0.1)
bench_production_env
# Collected once and kept while the assets and packages are unchanged (saves minutes).
export STATIC_ROOT=${LOAD_STATIC:-/tmp/regionalportal-loadtest-static}
export CONSULTATION_RATE_LIMIT=0 # anonymous responses and comments
export OPEN_DATA_RATE_LIMIT=0    # CKAN API and DCAT catalogue
export LOGIN_RATE_LIMIT=""       # allauth: login per address
export SIGNUP_RATE_LIMIT=0       # registration per address (portal limiter)
export REPORTS_RATE_LIMIT=0      # citizen reports per address
bench_start_redis "$REDIS_PORT"
log "static files"
bench_collectstatic

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
LOAD_PASSWORD="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
export LOAD_PASSWORD LOAD_CITIZENS=$CITIZENS LOAD_LOGINS=$LOGINS LOAD_RESULTS=$RESULTS
LOAD_RUN_ID="LT$(date +%s)"
export LOAD_RUN_ID
log "$CITIZENS citizen accounts with a confirmed e-mail address ($LOGINS log in during the run)"
"$PY" bench/load/setup.py

log "gunicorn (deploy/gunicorn.conf.py), $WORKERS workers x $THREADS threads, on 127.0.0.1:$PORT"
GUNICORN_WORKERS=$WORKERS GUNICORN_THREADS=$THREADS GUNICORN_LOGLEVEL=warning \
  GUNICORN_ACCESSLOG="$RESULTS/access.log" \
  bench_start_gunicorn "$PORT" --config deploy/gunicorn.conf.py
bench_wait_healthy "$PORT"
# Warm each worker (templates, site shell, page cache) as a running server would be.
for _ in 1 2 3 4; do
  for path in / /beteiligung/radweg-crivitz-banzkow/ /suche/?q=Kita /konto/login/; do
    curl -s -o /dev/null "http://127.0.0.1:$PORT$path" || true
  done
done

log "locust: $USERS users ($CITIZENS citizens), $SPAWN_RATE/s, ${DURATION}s"
LOCUST_STARTED=$(date +%s)
"$ROOT/.venv/bin/locust" -f bench/load/locustfile.py --headless --only-summary \
  --host "http://127.0.0.1:$PORT" -u "$USERS" -r "$SPAWN_RATE" -t "${DURATION}s" \
  --stop-timeout "${LOAD_TIMEOUT:-60}" --csv "$RESULTS/locust" --loglevel WARNING \
  >"$RESULTS/locust.log" 2>&1 || true # failures are judged by check.py
LOCUST_SECONDS=$(($(date +%s) - LOCUST_STARTED))
cp "$WORK/gunicorn.log" "$RESULTS/"
tail -n 40 "$RESULTS/locust.log"
MACHINE="$MACHINE_BEFORE, $(cut -d' ' -f1-3 /proc/loadavg) after"

log "checking every acknowledged submission against the database"
status=0
"$PY" bench/load/check.py "$RESULTS" --out "$OUT" --section "$SECTION" \
  --command "make loadtest$([ "${LOAD_ENGINE:-}" = sqlite ] && echo -sqlite)" --users "$USERS" --duration "$DURATION" \
  --spawn-rate "$SPAWN_RATE" --citizens "$CITIZENS" --logins "$LOGINS" \
  --server "gunicorn $WORKERS workers x $THREADS threads, database: ${LOAD_ENGINE:-postgres}, cache: $CACHE_NOTE" \
  --machine "$MACHINE" --locust-seconds "$LOCUST_SECONDS" \
  --elapsed "$(($(date +%s) - STARTED))" || status=$?
log "results in $RESULTS"
exit $status
