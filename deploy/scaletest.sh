#!/usr/bin/env bash
# make scaletest: the scale-out test on loopback (see deploy/scaletest.py and
# docs/deployment.md). Installs Varnish and Redis from Debian if missing and starts
# the local PostgreSQL cluster; everything else is started by the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v varnishd >/dev/null || need+=(varnish)
command -v redis-server >/dev/null || need+=(redis-server)
command -v psql >/dev/null || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# Debian's varnish package starts its own daemon where systemd runs; the test
# uses its own instance on a free port and leaves that one alone.
exec .venv/bin/python deploy/scaletest.py "$@"
