# Crisis Tracker. `make run` serves the site with the article's data; `make test` runs the suite.
# DATABASE_URL picks the database (default: SQLite file under var/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve install test lint bench soak bench-quick migrate load check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs what pyproject.toml pins; redone only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	mkdir -p var
	$(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > var/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r var/requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0

load: migrate
	$(BIN)/python manage.py load_article

run: load
	@echo "Crisis Tracker on http://$(HOST):$(PORT)/  (admin: /admin/, API: /api/v1/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: DEBUG off, static files collected, gunicorn with crisis/gunicorn.conf.py. Needs
# SECRET_KEY (and DATABASE_URL, ALLOWED_HOSTS: README "Production"); run `make migrate` first,
# from one server. Binds $(HOST):$(PORT); behind a proxy on another machine, HOST=0.0.0.0.
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set (see README, Production)." >&2; exit 1; }
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput -v 0
	DEBUG=false exec $(BIN)/gunicorn -c crisis/gunicorn.conf.py --bind $(HOST):$(PORT) crisis.wsgi

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .

# The full benchmark (bench/run.py): PostgreSQL, gunicorn, wrk, the ceiling and Datasette.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crisis_bench
SOAK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crisis_soak
BENCH_ARGS ?=

$(VENV)/.bench-installed: $(VENV)/.installed
	$(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["optional-dependencies"]["bench"]))' > var/requirements-bench.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r var/requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-installed
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get install -y -q wrk; } \
	  || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)
	$(MAKE) --no-print-directory soak

# Five minutes of mixed reads and editor writes, then PostgreSQL restarted under load (bench/soak.py).
SOAK_ARGS ?=
soak: $(VENV)/.bench-installed
	SOAK_DATABASE_URL=$(SOAK_DATABASE_URL) $(BIN)/python bench/soak.py $(SOAK_ARGS)

# The in-process timings on a small SQLite dataset: a first look in seconds, no servers.
bench-quick: install
	$(BIN)/python bench/run.py --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
