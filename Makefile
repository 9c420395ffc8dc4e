# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint install clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo runs with DEBUG on (settings default to off), as production never does.
demo: export DEBUG = 1
demo: $(STAMP)
	$(BIN)/impactdays migrate --no-input
	$(BIN)/impactdays demo
	$(BIN)/impactdays runserver 127.0.0.1:8000

test: $(STAMP)
	@if [ -x /usr/bin/chromium ]; then \
		echo "make test: Debian's chromium found, browser tests run."; \
	else \
		echo "make test: /usr/bin/chromium is absent, so the browser tests are SKIPPED (apt-get install chromium to run them)."; \
	fi
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/mypy
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/impactdays makemigrations --check --dry-run

messages: $(STAMP)
	cd src/impactdays && DEBUG=1 ../../$(BIN)/impactdays makemessages -l ru -l de --no-location --ignore '*/migrations/*' && DEBUG=1 ../../$(BIN)/impactdays compilemessages

clean:
	rm -rf $(VENV) var
