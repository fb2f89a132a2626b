# Two commands: `make run` (set up, migrate, load the demo, serve) and `make test` (set up, run all tests).
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run test test-sqlite test-postgres check lint bench load

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet
	touch $@

setup: $(VENV)/.synced

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py refresh_findings --stale
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

# Always on SQLite; again on PostgreSQL when DATABASE_URL points at one.
test: setup
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on $$DATABASE_URL"; \
		$(PY) -m pytest $(PYTEST_ARGS); \
	fi

check: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy apps config
	@# The deployment checklist with production settings (a throwaway random key): zero warnings.
	env -u DATABASE_URL DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=example.org \
		DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: setup
	@for b in benchmarks/*.py; do [ "$$b" = benchmarks/load.py ] && continue; echo "== $$b"; $(PY) $$b || exit 1; done

# Load test of the production server on PostgreSQL (needs wrk; minutes; not part of CI or bench).
load: setup
	$(PY) benchmarks/load.py
