# Shared steps of the benchmark (bench/run.sh) and the load test (bench/load/run.sh):
# PostgreSQL up, production settings, Redis on its own port, static files, gunicorn on
# loopback. Source it from the repository root after setting TAG (the log prefix).
#
#   . bench/lib.sh
#   bench_start_postgres; bench_production_env; bench_start_redis 6399
#   bench_collectstatic; bench_start_gunicorn 8765 -w 2; bench_wait_healthy 8765
#
# Every process started here is in PIDS and is stopped on exit; WORK is removed then.

ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
WORK=$(mktemp -d "/tmp/regionalportal-${TAG:-bench}.XXXXXX")
STARTED=$(date +%s)
PIDS=()
CACHE_NOTE="local memory (per worker)"

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

log() { echo "[${TAG:-bench} $(($(date +%s) - STARTED))s] $*"; }

bench_start_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
}

# The production settings with what loopback needs: no HTTPS redirect, a random key.
bench_production_env() {
  export DJANGO_SETTINGS_MODULE=portal.settings.production
  SECRET_KEY="${TAG:-bench}-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
  export SECRET_KEY
  export ALLOWED_HOSTS=127.0.0.1,localhost
  export SECURE_SSL_REDIRECT=false
  export STATIC_ROOT="$WORK/static"
  export LOG_LEVEL=WARNING
}

# Redis on its own port (not a shared one), if installed; else each worker's memory.
# A port already taken (someone else's Redis) stops the run: the bench would
# otherwise share that cache, its figures and its keys with whoever owns it.
bench_start_redis() {  # port
  if command -v redis-server >/dev/null; then
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
      echo "port $1 is taken (another Redis?): choose a free one" >&2
      return 1
    fi
    redis-server --bind 127.0.0.1 --port "$1" --save "" --appendonly no \
      --dir "$WORK" --logfile "$WORK/redis.log" &
    PIDS+=($!)
    export REDIS_URL="redis://127.0.0.1:$1/0"
    CACHE_NOTE="Redis"
    sleep 0.5
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/redis.log"; return 1; }
  fi
}

bench_collectstatic() {
  # The manifest storage follows leaflet.js's sourceMappingURL; older asset builds lack the map.
  if [ ! -f portal/static_build/vendor/leaflet/leaflet.js.map ] && [ -f node_modules/leaflet/dist/leaflet.js.map ]; then
    cp node_modules/leaflet/dist/leaflet.js.map portal/static_build/vendor/leaflet/
  fi
  # A kept STATIC_ROOT is collected again only when assets or packages changed.
  if [ -f "$STATIC_ROOT/staticfiles.json" ] && [ -z "$(find portal/static_build ./*/static \
    constraints.txt -newer "$STATIC_ROOT/staticfiles.json" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  "$PY" manage.py collectstatic --noinput -v0
}

bench_start_gunicorn() {  # port [gunicorn options...]; its output goes to $WORK/gunicorn.log
  local port=$1
  shift
  "$ROOT/.venv/bin/gunicorn" portal.wsgi -b "127.0.0.1:$port" "$@" >"$WORK/gunicorn.log" 2>&1 &
  PIDS+=($!)
}

bench_wait_healthy() {  # port
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.5; done
  cat "$WORK/gunicorn.log"
  return 1
}

# The plain WSGI floor (bench/wsgi_floor.py): the same gunicorn, no framework.
bench_start_wsgi_floor() {  # port [gunicorn options...]
  local port=$1
  shift
  "$ROOT/.venv/bin/gunicorn" --pythonpath "$ROOT/bench" wsgi_floor:application \
    -b "127.0.0.1:$port" "$@" >"$WORK/wsgi_floor.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/1/" >/dev/null && return 0; sleep 0.5; done
  cat "$WORK/wsgi_floor.log"
  return 1
}
