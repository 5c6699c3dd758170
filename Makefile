# Shouhou: `make run` serves the demo on 127.0.0.1:$(PORT); `make test` runs the whole suite on
# SQLite and then on PostgreSQL, then the tenancy tests with the app behind pgbouncer.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres install lint lock bench clean

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve requirements.lock from pyproject.toml (after changing a dependency or to take
# upgrades within the declared bounds); see docs/operations.md, "Dependencies".
lock: $(STAMP)
	$(BIN)/pip install --quiet "uv>=0.5,<1"
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --upgrade \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock

install: $(STAMP)

run: $(STAMP)
	$(BIN)/shouhou db upgrade
	$(BIN)/shouhou demo load
	$(BIN)/shouhou serve --host 127.0.0.1 --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m tests.setup_browser
	SHOUHOU_TEST_DB=sqlite $(BIN)/pytest -q
	@if $(BIN)/python -m tests.pg_available "$(PG_URL)"; then \
		SHOUHOU_TEST_DB=postgres SHOUHOU_TEST_PG_URL="$(PG_URL)" $(BIN)/pytest -q && \
		BIN=$(BIN) PG_URL="$(PG_URL)" .ci/pgbouncer-tests; \
	elif [ "$$CI" = "true" ]; then \
		echo "!!! PostgreSQL is not answering at $(PG_URL): under CI=true this is a failure." >&2; exit 1; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! PostgreSQL is not answering at $(PG_URL)."; \
		echo "!!! Only the SQLite run happened: row-level security was NOT tested."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

test-sqlite: $(STAMP)
	SHOUHOU_TEST_DB=sqlite $(BIN)/pytest -q

test-postgres: $(STAMP)
	SHOUHOU_TEST_DB=postgres SHOUHOU_TEST_PG_URL="$(PG_URL)" $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m bench.pages

clean:
	rm -rf $(VENV) shouhou.db shouhou.db-wal shouhou.db-shm
