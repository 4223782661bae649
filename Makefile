# The README's commands. `make run` serves the archive; `make test` runs the suite.
SHELL := /bin/bash
# One Python across dev, CI and the image (Dockerfile: python:3.11-slim).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Installs follow the hashed lock files; `make lock` rewrites them from pyproject.toml.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/dev.txt | cksum | cut -d' ' -f1)
# npm ci'd tools for the browser tests and `make audit` (issue 5)
NODE_STAMP := node_modules/.package-lock.json
export DJANGO_DEBUG ?= true

.PHONY: run dev test lint format superuser migrate seed bench clean stop-db lock manage

$(STAMP): pyproject.toml requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@test -f .env || printf '# Development settings read by archive/settings.py (never shipped).\nDJANGO_DEBUG=true\n' > .env
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

lock: $(STAMP)  ## rewrite requirements/*.txt (hashed, every platform) from pyproject.toml
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --extra redis pyproject.toml -o requirements/prod.txt
	$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --extra dev pyproject.toml -o requirements/dev.txt

run: $(STAMP)  ## serve the archive at http://127.0.0.1:8000 (embedded PostgreSQL unless DATABASE_URL is set)
	@$(PY) -m devtools.devserver

dev: $(STAMP)  ## runserver with autoreload and the page cache off
	@$(PY) -m devtools.devserver --reload

manage: $(STAMP)  ## any manage.py command: make manage ARGS="import_articles pieces/"
	$(PY) manage.py $(ARGS)

test: $(STAMP) node-tools  ## the whole suite against PostgreSQL (embedded unless DATABASE_URL is set)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every benchmark at a size that finishes in minutes; each prints numbers and the
# ratio to a baseline measured in the same run. The targets above take full sizes.
bench: $(STAMP)  ## all benchmarks, quick sizes
	$(MAKE) bench-comments
	$(MAKE) bench-search SIZE=20000
	$(MAKE) bench-import SIZE_MB=50
	BENCH_DURATION=10 $(MAKE) bench-http

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

# --- Browser quality gates (issue 5) ------------------------------------------
# npm tools for the browser tests and the audit: axe-core, vnu-jar, lighthouse.
.PHONY: audit node-tools
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Without npm the browser tests skip and say so (CI installs npm and requires them).
node-tools:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: browser quality gates will skip (apt-get install npm)"; fi

audit: $(STAMP) $(NODE_STAMP)  ## Lighthouse on the home page and a piece (gunicorn, DEBUG off)
	$(PY) tools/lighthouse_audit.py

.PHONY: bench-comments
bench-comments: $(STAMP)  ## render time (p50/p95) of a piece with 2,000 comments; data rolled back
	$(PY) manage.py bench_comments

# --- Importers -------------------------------------------------------------
# Builds a synthetic WordPress export (SIZE_MB, default 1024) and imports it into a
# scratch database (archive_bench_import, dropped and re-created): posts/s, peak RSS.
SIZE_MB ?= 1024
bench-import: $(STAMP)  ## importer benchmark; SIZE_MB=100 for a quick run
	$(PY) manage.py bench_import --size-mb $(SIZE_MB)
.PHONY: bench-import

# --- Hardening: HTTP load benchmark (not part of `make test`) ------------------
# Needs wrk (Debian: apt-get install wrk) and PostgreSQL; BENCH_DURATION=30 by default.
.PHONY: bench-http
bench-http: $(STAMP)  ## req/s, p99 and non-2xx of real pages vs a static file, through gunicorn
	DJANGO_DEBUG=false $(PY) -m devtools.bench.http_load

# --- Search benchmark (devtools/management/commands/bench_search.py) ---------------
# Builds a synthetic archive of SIZE pieces in its own database (emptied first;
# its name must contain "bench"), then times the search page against baselines.
SIZE ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/archive_bench
.PHONY: bench-search
bench-search: $(STAMP)  ## search benchmark: make bench-search SIZE=1000000
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_search --size $(SIZE) $(BENCH_ARGS)

# --- Mutation testing (issue 20; slow, not in CI) ------------------------------------
# cosmic-ray over the modules listed in tools/mutation.py, each against its covering
# tests, in a copy of the tree with its own database (archive_mutation).
.PHONY: mutation
mutation: $(STAMP)  ## mutation score per module; MUTATION_ARGS="--only archive/replicas.py"
	$(PY) tools/mutation.py $(MUTATION_ARGS)

# --- Pages benchmark (devtools/management/commands/bench_pages.py) -----------------
# Reuses the search benchmark's archive (BENCH_DATABASE_URL, SIZE pieces; built only
# if empty), adds ~5 comments a piece, and times every page kind uncached.
.PHONY: bench-pages
bench-pages: $(STAMP)  ## pages benchmark: make bench-pages SIZE=1000000
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_pages --size $(SIZE) $(BENCH_ARGS)

# --- Relevance benchmark (devtools/management/commands/bench_relevance.py) -----------
# Known-item sets nobody typed, imported into their own database (emptied first; its
# name must contain "bench" and must not be archive_bench, the million-piece archive).
RELEVANCE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/archive_bench_relevance
.PHONY: bench-relevance
bench-relevance: $(STAMP)  ## MRR@10 of the search page vs SQLite FTS5 bm25 on known-item sets
	DATABASE_URL=$(RELEVANCE_DATABASE_URL) $(PY) manage.py bench_relevance $(RELEVANCE_ARGS)
