#!/usr/bin/env bash
# make bench: every target of bench/targets.txt under gunicorn (production settings,
# PostgreSQL, Redis if installed) on loopback, driven by wrk, next to a trivial view
# returning the same bytes (the Django floor) and a plain WSGI app returning them
# (bench/wsgi_floor.py, the plain floor). Writes docs/performance.md.
#
#   make bench                 full run: fresh database with load_demo --scale (10-15 min)
#   BENCH_QUICK=1 make bench   quick: 1 s per measurement, reuses the database if loaded
#
# Environment: BENCH_DB (regionalportal_bench), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_PORT (8765), BENCH_DURATION (seconds per measurement, 3; quick 1),
# BENCH_CONNECTIONS (8), BENCH_TARGETS (bench/targets.txt), BENCH_OUT (docs/performance.md),
# BENCH_SEARCH (1; 0 skips bench/search_latency.py, which writes docs/search.md),
# BENCH_DOCUMENTS (1; 0 skips bench/documents.py, the signed-documents figures).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=bench
. bench/lib.sh
QUICK=${BENCH_QUICK:-}
DB=${BENCH_DB:-regionalportal_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PORT=${BENCH_PORT:-8765}
REDIS_PORT=${BENCH_REDIS_PORT:-6399}
DURATION=${BENCH_DURATION:-$([ -n "$QUICK" ] && echo 1 || echo 3)}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
TARGETS=${BENCH_TARGETS:-bench/targets.txt}
OUT=${BENCH_OUT:-docs/performance.md}

# --- tools ---------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian)"
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
bench_start_postgres

# --- database: created, migrated and filled with the scale data set ------------------
export DATABASE_URL="$PG/$DB"
loaded=""
if [ -n "$QUICK" ] && psql "$PG/$DB" -tAc "SELECT count(*) FROM home_newspage" 2>/dev/null | grep -qv '^0$'; then
  loaded=yes
  log "quick mode: reusing database $DB (migrated to the checkout's schema)"
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$PY" manage.py migrate --noinput -v0
fi
if [ -z "$loaded" ]; then
  log "creating database $DB"
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB;" >/dev/null
  psql "$PG/postgres" -qc "CREATE DATABASE $DB;" >/dev/null
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$PY" manage.py migrate --noinput -v0
  log "load_demo --scale"
  DJANGO_SETTINGS_MODULE=portal.settings.dev "$PY" manage.py load_demo --scale | grep load_scale || true
  # Planner statistics, as autovacuum would gather them on a live system.
  psql "$PG/$DB" -qc "VACUUM ANALYZE;" >/dev/null
fi

# --- search latency over the indexed scale data (docs/search.md; BENCH_SEARCH=0 skips) --
if [ "${BENCH_SEARCH:-1}" != 0 ]; then
  log "search latency (bench/search_latency.py)"
  DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=false "$PY" bench/search_latency.py \
    --write docs/search.md --command "${QUICK:+BENCH_QUICK=1 }make bench" >/dev/null
fi

# --- signed documents: issuing and /pruefen/ under load (BENCH_DOCUMENTS=0 skips) -------
if [ "${BENCH_DOCUMENTS:-1}" != 0 ]; then
  log "signed documents (bench/documents.py)"
  DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=false "$PY" bench/documents.py \
    --seconds "$DURATION" --connections "$CONNECTIONS" --write "$OUT" \
    --command "${QUICK:+BENCH_QUICK=1 }make bench" >/dev/null
fi

# --- production settings --------------------------------------------------------------
bench_production_env
export BENCH_FLOOR=true
export OPEN_DATA_RATE_LIMIT=0
bench_start_redis "$REDIS_PORT"
bench_collectstatic

log "gunicorn, 2 workers, on 127.0.0.1:$PORT"
bench_start_gunicorn "$PORT" -w 2 --log-level warning
bench_wait_healthy "$PORT"
# The plain WSGI floor (bench/wsgi_floor.py): same gunicorn, no framework.
WSGI_PORT=$((PORT + 1))
log "plain WSGI floor, 2 workers, on 127.0.0.1:$WSGI_PORT"
bench_start_wsgi_floor "$WSGI_PORT" -w 2 --log-level warning

# A signed-in citizen's session cookie (bench/signed_in.py): the *signed-in* column.
SIGNED_IN_COOKIE=$("$PY" bench/signed_in.py)

log "queries and bytes per target (test client, same settings and database)"
"$PY" bench/queries.py "$TARGETS" >"$WORK/queries.tsv"

measure() {  # label url [wrk options...]
  local label=$1 url=$2
  shift 2
  for _ in 1 2 3 4; do  # warm both workers (templates, shell, page cache)
    curl -s -o /dev/null "$@" "$url" || true
  done
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$@" "$url" \
    >"$WORK/$label.wrk" 2>&1 || true
}

tail -n +2 "$WORK/queries.tsv" | while IFS=$'\t' read -r name path status bytes _q1 _q2; do
  log "$name $path"
  url="http://127.0.0.1:$PORT$path"
  measure "$name.cached" "$url"
  # Fresh renders: Cache-Control: no-cache passes the page cache (portal/page_cache.py).
  measure "$name.uncached" "$url" -H "Cookie: bench=uncached" -H "Cache-Control: no-cache"
  measure "$name.signed_in" "$url" -H "Cookie: $SIGNED_IN_COOKIE"
  # The floor with a cookie: the page cache does not even look it up.
  measure "$name.floor" "http://127.0.0.1:$PORT/bench/floor/$bytes/" -H "Cookie: bench=floor"
  measure "$name.wsgi" "http://127.0.0.1:$WSGI_PORT/$bytes/"
done

ELAPSED=$(($(date +%s) - STARTED))
COMMAND="${QUICK:+BENCH_QUICK=1 }make bench"
"$PY" bench/report.py "$WORK" "$OUT" --command "$COMMAND" --duration "$DURATION" \
  --connections "$CONNECTIONS" --cache "$CACHE_NOTE" --elapsed "$ELAPSED"
log "done: $OUT"
