# The two commands a newcomer needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)
# The installer of the locked tree (uv.lock: every package, dev tools included, pinned with hashes).
UV_VERSION := 0.13.9

.PHONY: install lock run test test-fast lint format migration check-migrations audit-deps screenshots

# Test processes (pytest-xdist): most of a test's time is waiting (on servers, workers, sockets), so more processes
# than cores pays; each gets its own Redis database and its own PostgreSQL databases (tests/conftest.py). Measured on
# 2 cores: `make test` 177 s with 4, 170 s with 6 (4 leaves the timing tests more headroom); `make test-fast` 78 s
# with 4, 63 s with 6.
TEST_WORKERS ?= 4
FAST_TEST_WORKERS ?= 6

# GraphiQL's files, served by the app instead of a CDN: the exact npm packages of the committed lock file.
GRAPHIQL := web/graphiql/node_modules/.installed

# Installs exactly the lock (`uv sync --frozen`: an out-of-date lock is an error, not a re-resolve), the project
# itself editable. `--inexact` leaves uv (installed by pip first) in place.
$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv sync --quiet --frozen --inexact --extra dev --python $(BIN)/python
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# After changing the dependencies in pyproject.toml: pin the new tree (existing pins stay where they still fit).
# `make lock ARGS=--upgrade` moves every pin to the newest release the ranges allow. Commit uv.lock with the change.
lock: $(STAMP)
	$(BIN)/uv lock $(ARGS)

$(GRAPHIQL): web/graphiql/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix web/graphiql --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: /graphql will say GraphiQL's files are missing (the console and the API work)"; fi

install: $(STAMP) $(GRAPHIQL)

run: install
	$(BIN)/vitrine serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: the run starts ~70 `vitrine` processes, and each
# would otherwise compile the project's modules again (~0.3 s of CPU apiece); pytest keeps its rewritten test
# modules the same way. mypy keeps its cache in .mypy_cache (every entry checked against its file's hash).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest --dist worksteal

test: lint audit-deps $(GRAPHIQL)
	$(PYTEST) -n $(TEST_WORKERS)

# The inner loop: unit, property and embedded-server tests on SQLite (no PostgreSQL twins, production processes,
# browser or Node audit), no lint.
test-fast: $(STAMP)
	$(PYTEST) -n $(FAST_TEST_WORKERS) -m "not slow and not postgres"

# The console's screenshots in docs/ (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python docs/screenshots.py

# The graphql-http server audit runs under Node (the exact packages of its lock file, installed again only when the
# lock changes); without npm its test skips and says why.
AUDIT := tests/audit/node_modules/.installed
$(AUDIT): tests/audit/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/audit --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the graphql-http audit test will skip"; fi

# axe-core for the browser tests' accessibility checks (injected into the console's pages), installed the same way.
AXE := tests/axe/node_modules/.installed
$(AXE): tests/axe/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/axe --ignore-scripts --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the console's accessibility checks will skip"; fi

audit-deps: $(AUDIT) $(AXE)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing a model: write the SQLite and PostgreSQL migrations side by side (NAME=what_changed).
migration: $(STAMP)
	$(BIN)/python -m db.migration_files make $(or $(NAME),update)

check-migrations: $(STAMP)
	$(BIN)/python -m db.migration_files check
