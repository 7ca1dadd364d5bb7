# The habits of the project. `make run` and `make test` are the two set-up commands of the README:
# each installs what it needs and is quick the second time.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://sakip:sakip@127.0.0.1:5432/sakip

.PHONY: run test lint format demo bench soak system-run system-test clean

system-run:
	@sh scripts/system-packages.sh run

system-test:
	@sh scripts/system-packages.sh test

$(PY): | system-run
	python3 -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: the app with demo data on SQLite (or DATABASE_URL), at http://127.0.0.1:8000
run: system-run $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

demo: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

## test: lint, migrations check and the whole suite (browser tests included) on PostgreSQL
test: system-test $(VENV)/.dev
	@if [ -z "$${DATABASE_URL:-}" ]; then sh scripts/ensure-postgres.sh; fi
	@if [ -z "$${TEST_REDIS_URL:-}" ]; then sh scripts/ensure-redis.sh; fi
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest -p no:cacheprovider -n auto

## bench: queries and server time of the main pages at 1x and 10x data (PostgreSQL), then the main
## pages under gunicorn and wrk beside a hello-world view (needs Redis for the shared cache)
bench: $(VENV)/.dev
	@sh scripts/system-packages.sh bench
	@if [ -z "$${DATABASE_URL:-}" ]; then sh scripts/ensure-postgres.sh; fi
	@if [ -z "$${BENCH_CACHE_URL:-}" ]; then sh scripts/ensure-redis.sh; fi
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/pages.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/iku_import.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/perjanjian.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/evaluasi.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/lkjip.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/dasbor.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/kueri.py
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/server.py

## soak: 20 virtual users (planners, evaluators, leaders) for 5 minutes against gunicorn; PASS/FAIL lines
soak: $(VENV)/.dev
	@if [ -z "$${DATABASE_URL:-}" ]; then sh scripts/ensure-postgres.sh; fi
	@if [ -z "$${BENCH_CACHE_URL:-}" ]; then sh scripts/ensure-redis.sh; fi
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/soak.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-results db.sqlite3
