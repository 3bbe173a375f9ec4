#!/usr/bin/env bash
# make bench-renders: CPU milliseconds per fresh render (bench/render_cpu.py) on the
# bench database (BENCH_DB, default regionalportal_bench, as make bench leaves it;
# DATABASE_URL wins), production settings and a private Redis, written into
# docs/performance.md. BENCH_RENDER_ARGS passes options (e.g. "--repeat 50 home").
set -euo pipefail
TAG=renders
. bench/lib.sh
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
export DATABASE_URL="${DATABASE_URL:-$PG/${BENCH_DB:-regionalportal_bench}}"
bench_start_postgres
bench_production_env
bench_start_redis "${BENCH_REDIS_PORT:-6398}"
bench_collectstatic
# shellcheck disable=SC2086
"$PY" bench/render_cpu.py --write docs/performance.md ${BENCH_RENDER_ARGS:-}
