# Plateforme EIG — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run prod serve install setup messages migrate demo worker scheduler test test-unit test-browser \
        quality check-deploy format lint lock clean bench-smoke

## Set everything up, import the real demo data and serve on http://127.0.0.1:8000
run: setup demo
	@echo "Serving on http://$(HOST):$(PORT)/ (the task worker and the scheduler run beside it:"
	@echo "var/worker.log, var/scheduler.log; e-mails are kept and shown at /gestion/courriels/)"
	@$(MANAGE) db_worker >var/worker.log 2>&1 & worker=$$!; \
	$(MANAGE) run_scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

## The same set-up as `make run`, served as in production (DEBUG off, collected
## static files, gunicorn with 3 workers, the worker and the scheduler) over
## plain http on http://$(HOST):$(PORT) for local use only (scripts/prod)
prod: setup demo
	@HOST=$(HOST) PORT=$(PORT) ./scripts/prod

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

setup: install messages migrate

messages: install
	@mkdir -p var
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0

## Import the seeds, the original site and the published figures (idempotent)
demo: migrate
	$(MANAGE) import_demo_data

worker: setup
	$(MANAGE) db_worker

## The periodic jobs (eig/scheduling/schedule.py): one scheduler process only
scheduler: setup
	$(MANAGE) run_scheduler

## The whole test suite: unit and integration tests, then the browser tests
test: test-unit test-browser

test-unit: install messages
	$(BIN)/pytest -m "not browser" -n auto $(PYTEST_ARGS)

test-browser: install messages
	./scripts/ensure-chromium
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

## Every benchmark of bench/ once at its smallest size (figures, no threshold):
## a benchmark that no longer runs fails (bench/smoke; PostgreSQL for bench/surge.py)
bench-smoke: install messages
	./bench/smoke

## ruff (check and format --check), the import contracts, makemigrations --check, djlint
quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/djlint --lint eig/templates
	$(MAKE) --no-print-directory check-deploy

## Django's deployment checks with production settings (DEBUG off, a long random key)
check-deploy: install
	DEBUG=0 ALLOWED_HOSTS="$${ALLOWED_HOSTS:-eig.example.gouv.fr}" \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	$(MANAGE) check --deploy --fail-level WARNING

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-pin every dependency (edit requirements*.in first)
lock: install
	$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes --no-header \
		requirements.in -o requirements.txt
	$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes --no-header \
		requirements-dev.in -o requirements-dev.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
