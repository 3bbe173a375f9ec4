#!/usr/bin/env bash
# The portal side by side with another Wagtail site (issue #27: bakerydemo), one run:
# the portal under gunicorn as `make bench` serves it (bench/lib.sh: production
# settings, 2 sync workers, a private Redis, BENCH_FLOOR) and the plain WSGI floor
# (bench/wsgi_floor.py), then bench/compare_sites.py run against the other site's URL.
# The other site is built and started by hand (docs/performance.md, "Side by side
# with bakerydemo"); its query counts come from `bench/compare_sites.py queries`
# run with its own Python (COMPARE_QUERIES_OTHER names that output).
#
#   COMPARE_OTHER=http://127.0.0.1:8791 bench/compare_sites.sh
#
# Environment: COMPARE_OTHER (required), COMPARE_PORT (8792; the floor on +1),
# COMPARE_REDIS_PORT (6431), COMPARE_SECONDS (3), COMPARE_ROUNDS (3),
# COMPARE_CONNECTIONS (8), COMPARE_QUERIES_OTHER (a file), COMPARE_TARGETS (a file of
# kind<TAB>our path<TAB>other path; default: compare_sites.TARGETS), DATABASE_URL
# (default: the checkout's db.sqlite3 of `make run`, i.e. the demo of load_demo).
set -euo pipefail
cd "$(dirname "$0")/.."
TAG=compare
. bench/lib.sh
OTHER=${COMPARE_OTHER:?COMPARE_OTHER=<base URL of the other site>}
PORT=${COMPARE_PORT:-8792}
WSGI_PORT=$((PORT + 1))

bench_production_env
export BENCH_FLOOR=true
bench_start_redis "${COMPARE_REDIS_PORT:-6431}"
bench_collectstatic
log "gunicorn, 2 workers, on 127.0.0.1:$PORT (${DATABASE_URL:-db.sqlite3})"
bench_start_gunicorn "$PORT" -w 2 --log-level warning
bench_wait_healthy "$PORT"
log "plain WSGI floor, 2 workers, on 127.0.0.1:$WSGI_PORT"
bench_start_wsgi_floor "$WSGI_PORT" -w 2 --log-level warning

TARGETS_ARGS=()
if [ -n "${COMPARE_TARGETS:-}" ]; then
  TARGETS_ARGS=(--targets "$COMPARE_TARGETS")
  PATHS=$(grep -v '^#' "$COMPARE_TARGETS" | cut -f2)
else
  PATHS=$("$PY" -c 'import sys; sys.path.insert(0, "bench"); import compare_sites as c; print(" ".join(t[1] for t in c.TARGETS))')
fi
log "queries per target (test client, same settings and database)"
# shellcheck disable=SC2086
"$PY" bench/compare_sites.py queries $PATHS >"$WORK/queries-ours.tsv"
log "measuring (stderr: every round)"
"$PY" bench/compare_sites.py run --ours "http://127.0.0.1:$PORT" --other "$OTHER" \
  --floor "http://127.0.0.1:$WSGI_PORT" --seconds "${COMPARE_SECONDS:-3}" \
  --rounds "${COMPARE_ROUNDS:-3}" --connections "${COMPARE_CONNECTIONS:-8}" \
  --queries-ours "$WORK/queries-ours.tsv" "${TARGETS_ARGS[@]}" ${COMPARE_QUERIES_OTHER:+--queries-other "$COMPARE_QUERIES_OTHER"}
log "done"
