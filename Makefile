# Regionalportal — the commands a developer and CI use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
APPS := portal accounts home search datasets tourism council business consultations services reports documents

# What each target needs from the system, as "command:Debian package" pairs (the
# README's "Quick start" names the same packages; .ci/run installs them). A pair
# may name a file instead of a command.
# `make system-check` says what is missing and how to install it.
SYSTEM_RUN := python3:python3 node:nodejs npm:npm make:make msgfmt:gettext xmlsec1:xmlsec1
SYSTEM_TEST := $(SYSTEM_RUN) faketime:faketime pdfsig:poppler-utils
SYSTEM_BROWSER := chromium:chromium /usr/lib/chromium/locales/de.pak:chromium-l10n
SYSTEM_CI := $(SYSTEM_TEST) $(SYSTEM_BROWSER) psql:postgresql-client varnishd:varnish

define require_commands
	@missing=""; for pair in $(1); do { command -v $${pair%%:*} || test -e $${pair%%:*}; } >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing system packages:$$missing"; \
	  echo "On Debian: sudo apt-get install$$missing   (see README, Quick start)"; \
	  exit 1; fi; \
	$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { echo "Python's venv is missing: sudo apt-get install python3-venv"; exit 1; }
endef

.PHONY: run install system-check system-check-test system-check-browser test-clock-ahead assets messages makemessages migrate demo test test-schema test-browser lint format bench bench-documents bench-reports bench-participation bench-renders loadtest loadtest-sqlite scaletest secrets secrets-baseline clean

system-check:  ## Check the Debian packages that make run needs
	$(call require_commands,$(SYSTEM_RUN))

system-check-test:
	$(call require_commands,$(SYSTEM_TEST))

system-check-browser:
	$(call require_commands,$(SYSTEM_BROWSER))

run: system-check install assets migrate messages demo  ## Install, set up and serve on http://127.0.0.1:$(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.installed  ## Python packages from the lock (constraints.txt)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json  ## Front-end packages into portal/static_build
	npm run --silent build

migrate: install
	$(PY) manage.py migrate --noinput

messages: install  ## Compile the German translations
	@# compilemessages skips a .mo newer than its .po (e.g. after a merge): always compile
	for app in $(APPS); do touch $$app/locale/*/LC_MESSAGES/*.po; (cd $$app && ../$(PY) ../manage.py compilemessages -v0); done

makemessages: install  ## Update the .po files after changing UI text
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l de --no-obsolete -v0); done

demo: install
	$(PY) manage.py load_demo

# The test targets install, build the assets and compile the translations first;
# .ci/run does that once and sets PREPARED=1, because its test lanes run side by
# side and must not rewrite files the other lane is reading.
PREPARE := $(if $(PREPARED),,install assets messages)

# pytest-xdist worker processes for the factory tests: one per core, at most 4
# (0 on a single core: no workers, the tests run in the pytest process itself).
# .ci/run sets PYTEST_WORKERS=0: its two test lanes already use a core each.
# The demo session then runs beside it in one process of its own
# (scripts/test_sessions.sh); on SQLite it restores today's demo-loaded copy or
# loads the demo and saves one (tests/demo_template.py).
# Work stealing: each worker starts with a contiguous half of the tests and takes
# from the other's end when idle, so a module's tests (and its module-scoped data)
# mostly stay in one worker; xdist's default `load` hands the tail out two tests at
# a time (docs/architecture.md, test speed). Only with workers (scripts/test_sessions.sh).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); if [ $$n -lt 2 ]; then echo 0; elif [ $$n -gt 4 ]; then echo 4; else echo $$n; fi)

# pytest keeps Python's compiled modules and its rewritten test modules
# (__pycache__, ignored by git) even where the environment sets
# PYTHONDONTWRITEBYTECODE: without them every pytest process, each xdist worker
# too, compiles the project's modules and rewrites every test module afresh,
# about 8 s of CPU per process for the factory session (docs/architecture.md).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest

# The factory session and the demo session; with workers the demo session runs
# beside the factory session in one process (scripts/test_sessions.sh).
TEST_SESSIONS := bash scripts/test_sessions.sh $(PYTEST_WORKERS)

test: system-check-test $(PREPARE)  ## Run the test suite (SQLite, or DATABASE_URL)
	$(TEST_SESSIONS) $(PYTEST)

# The committed snapshots of the migrated test databases, tests/schema/sqlite.sql
# (tests/database_template.py: SQLite sessions restore it instead of migrating) and
# tests/schema/postgresql.sql (the backup test's PostgreSQL copy,
# tests/postgres_template.py), used while their key is current. `make test-schema`
# re-creates both by really migrating (after a change to a migration, a post_migrate
# receiver, the settings or the Django/Wagtail versions; it needs the PostgreSQL
# server that make test uses); `make lint` fails while they are stale.
SCHEMA := env -u DATABASE_URL DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m tests.schema

test-schema: install  ## Re-create tests/schema/*.sql (migrates; after a migration or settings change)
	$(SCHEMA) write

test-clock-ahead: system-check-test $(PREPARE)  ## The suite with the clock 400 days ahead (libfaketime)
	$(TEST_SESSIONS) faketime -f '+400d' $(PYTEST)

test-browser: system-check-browser $(PREPARE)  ## Browser journeys and axe checks (Debian's chromium)
	$(PYTEST) -m browser tests/browser

lint: install  ## ruff, djhtml, the import contracts (import-linter), the test schema's key; changes no file
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find . -path ./node_modules -prune -o -path ./$(VENV) -prune -o -name '*.html' -print | xargs $(VENV)/bin/djhtml --check
	$(VENV)/bin/lint-imports
	$(SCHEMA) check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find . -path ./node_modules -prune -o -path ./$(VENV) -prune -o -name '*.html' -print | xargs $(VENV)/bin/djhtml

bench: install assets  ## Benchmark (see docs/performance.md)
	bash bench/run.sh

bench-documents: install  ## Time to issue a signed document; /pruefen/ under load (docs/performance.md)
	DEBUG=false $(VENV)/bin/python bench/documents.py --write docs/performance.md --command "make bench-documents"

bench-reports: install  ## Citizen reports at 50,000: list, map GeoJSON, Open311 (docs/performance.md)
	DEBUG=false $(VENV)/bin/python bench/reports.py --write docs/performance.md

bench-participation: install  ## Proposals at 10,000 and budget results at 50,000 ballots (docs/performance.md)
	DEBUG=false $(VENV)/bin/python bench/participation.py --write docs/performance.md

bench-renders: install assets  ## CPU ms per fresh render of home, section and detail pages (docs/performance.md)
	bash bench/render_cpu.sh

loadtest: install assets  ## 200 users for 60 s on loopback; every submission stored once (docs/reliability.md)
	bash bench/load/run.sh

loadtest-sqlite: install assets  ## The load test against the embedded default (SQLite), 40 users
	LOAD_ENGINE=sqlite bash bench/load/run.sh

scaletest: install  ## Two app servers, Varnish, worker, Redis, S3 on loopback (docs/deployment.md)
	bash deploy/scaletest.sh

SECRETS_EXCLUDE := ^tests/|(^|/)demo[^/]*\.py$$|\.secrets\.baseline$$

secrets: install  ## Scan every tracked file for secrets not in .secrets.baseline (docs/security.md)
	$(PY) scripts/check_secrets.py

secrets-baseline: install  ## Re-create .secrets.baseline after checking every finding
	$(VENV)/bin/detect-secrets scan --exclude-files '$(SECRETS_EXCLUDE)' $$(git ls-files) > .secrets.baseline

clean:
	rm -rf $(VENV) node_modules portal/static_build static

print-ci-packages:  ## The Debian packages CI needs (missing ones only)
	@for pair in $(SYSTEM_CI); do { command -v $${pair%%:*} || test -e $${pair%%:*}; } >/dev/null 2>&1 || echo $${pair#*:}; done
