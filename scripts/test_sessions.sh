#!/usr/bin/env bash
# The two pytest sessions of `make test` (docs/architecture.md, Testing): the
# factory tests (-m "not browser and not demo") and the demo smoke tests
# (-m "demo and not browser"), which cannot share a session (tests/conftest.py).
#
# usage: scripts/test_sessions.sh WORKERS COMMAND...
#   WORKERS  pytest-xdist workers for the factory session (make's PYTEST_WORKERS)
#   COMMAND  the pytest command with any prefix, e.g. `faketime -f +400d python -m pytest`
#
# With workers, the demo session runs beside the factory session, in one process
# of its own: its demo load (about 30 s on one core when no copy is kept) and its
# start-up then use the time the factory workers leave, instead of running after
# them with a core idle. Its output is held back and shown when the factory
# session has ended; the exit status is non-zero if either session failed. The
# two never share a database: on PostgreSQL the demo session's is test_<name> and
# the workers' test_<name>_gw<n>; on SQLite each process has its own in-memory copy.
# Without workers (WORKERS=0: one core, or .ci/run's lanes) they run one after the
# other, as before.
set -u
workers="$1"
shift

if [ "$workers" = 0 ]; then
  "$@" -n 0 -m "not browser and not demo" || exit
  exec "$@" -n 0 -m "demo and not browser"
fi

log="$(mktemp)"
"$@" -n 0 -m "demo and not browser" >"$log" 2>&1 &
demo=$!
# A background job of a script ignores Ctrl-C: stop it with the factory session.
trap 'kill "$demo" 2>/dev/null; rm -f "$log"; exit 130' INT TERM

"$@" -n "$workers" --dist worksteal -m "not browser and not demo"
factory_status=$?
wait "$demo"
demo_status=$?
echo
echo "== the demo session (-m demo), run beside the factory session:"
cat "$log"
rm -f "$log"
[ "$factory_status" = 0 ] && [ "$demo_status" = 0 ]
