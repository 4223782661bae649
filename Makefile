# The README's commands. `make run` serves the archive; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export DJANGO_DEBUG ?= true

.PHONY: run test lint format superuser migrate seed bench clean stop-db

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: $(STAMP)  ## serve the archive at http://127.0.0.1:8000 (embedded PostgreSQL unless DATABASE_URL is set)
	@$(PY) -m archive.devserver

test: $(STAMP)  ## the whole suite against PostgreSQL (embedded unless DATABASE_URL is set)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

superuser: $(STAMP)
	$(PY) manage.py createsuperuser

migrate: $(STAMP)
	$(PY) manage.py migrate

seed: $(STAMP)
	$(PY) manage.py seed_demo

stop-db: $(STAMP)  ## stop the embedded PostgreSQL if something left it running
	$(PY) -m archive.embedded_postgres stop

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# --- Hardening: HTTP load benchmark (not part of `make test`) ------------------
# Needs wrk (Debian: apt-get install wrk) and PostgreSQL; BENCH_DURATION=30 by default.
.PHONY: bench-http
bench-http: $(STAMP)  ## req/s, p99 and non-2xx of real pages vs a static file, through gunicorn
	DJANGO_DEBUG=false $(PY) -m archive.bench_http
