# The two commands a newcomer needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test lint format migration check-migrations audit-deps screenshots

# GraphiQL's files, served by the app instead of a CDN: the exact npm packages of the committed lock file.
GRAPHIQL := web/graphiql/node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

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

test: lint audit-deps $(GRAPHIQL)
	$(BIN)/pytest

# The console's screenshots in docs/ (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python docs/screenshots.py

# The graphql-http server audit runs under Node; without npm its test skips and says why.
audit-deps:
	@if command -v npm >/dev/null && [ ! -d tests/audit/node_modules/graphql-http ]; then \
		npm install --prefix tests/audit --no-package-lock --no-audit --no-fund --silent; fi

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing a model: write the SQLite and PostgreSQL migrations side by side (NAME=what_changed).
migration: $(STAMP)
	$(BIN)/python -m db.migration_files make $(or $(NAME),update)

check-migrations: $(STAMP)
	$(BIN)/python -m db.migration_files check
