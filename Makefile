# Regionalportal — the commands a developer and CI use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
APPS := portal accounts home search datasets tourism council business consultations services

.PHONY: run install assets messages makemessages migrate demo test test-browser lint format bench loadtest scaletest secrets secrets-baseline clean

run: install assets migrate messages demo  ## Install, set up and serve on http://127.0.0.1:$(PORT)
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
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py compilemessages -v0); done

makemessages: install  ## Update the .po files after changing UI text
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l de --no-obsolete -v0); done

demo: install
	$(PY) manage.py load_demo

test: install assets  ## Run the test suite (SQLite, or DATABASE_URL)
	$(PY) -m pytest -m "not browser"

test-browser: install assets messages  ## Browser journeys and axe checks (Debian's chromium)
	$(PY) -m pytest -m browser tests/browser

lint: install  ## ruff and djhtml, without changing files
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find . -path ./node_modules -prune -o -path ./$(VENV) -prune -o -name '*.html' -print | xargs $(VENV)/bin/djhtml --check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find . -path ./node_modules -prune -o -path ./$(VENV) -prune -o -name '*.html' -print | xargs $(VENV)/bin/djhtml

bench: install assets  ## Benchmark (see docs/performance.md)
	bash bench/run.sh

loadtest: install assets  ## 200 users for 60 s on loopback; every submission stored once (docs/reliability.md)
	bash bench/load/run.sh

scaletest: install  ## Two app servers, Varnish, worker, Redis, S3 on loopback (docs/deployment.md)
	bash deploy/scaletest.sh

SECRETS_EXCLUDE := ^tests/|(^|/)demo[^/]*\.py$$|\.secrets\.baseline$$

secrets: install  ## Scan every tracked file for secrets not in .secrets.baseline (docs/security.md)
	$(PY) scripts/check_secrets.py

secrets-baseline: install  ## Re-create .secrets.baseline after checking every finding
	$(VENV)/bin/detect-secrets scan --exclude-files '$(SECRETS_EXCLUDE)' $$(git ls-files) > .secrets.baseline

clean:
	rm -rf $(VENV) node_modules portal/static_build static
