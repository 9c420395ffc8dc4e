# The two commands of the README: `make demo` and `make test`. Everything else supports them.

# The newest supported Python on PATH (pyproject.toml: >=3.11,<3.14), as the path of its binary.
# Each candidate is run, not just found: a pyenv shim exists on PATH even when it cannot run.
# Override with `make PYTHON=/path/to/python3.12`.
SUPPORTED_PYTHONS := python3.13 python3.12 python3.11 python3
ifndef PYTHON
PYTHON := $(shell for candidate in $(SUPPORTED_PYTHONS); do \
	$$candidate -c 'import sys; assert (3, 11) <= sys.version_info[:2] < (3, 14); print(sys.executable)' \
		2>/dev/null && break; done)
endif
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Every package, runtime and dev, pinned for Python 3.11 to 3.13; `make lock` writes it.
CONSTRAINTS := requirements/constraints.txt
# Where `make demo` serves.
DEMO_ADDRESS ?= 127.0.0.1:8000

.PHONY: demo test lint install lock clean messages

# The settings default to production (DEBUG off); the demo, the linters that import the settings
# (mypy's Django plugin, makemigrations) and makemessages run on the development configuration.
# The tests set DEBUG themselves (pyproject.toml, [tool.pytest.ini_options] env).
demo lint messages: export DEBUG := 1

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@if [ ! -x $(BIN)/python ] && [ -z "$(PYTHON)" ]; then \
		echo "make: Impact Days needs Python 3.11, 3.12 or 3.13, and none of $(SUPPORTED_PYTHONS) on PATH is one." >&2; \
		echo "make: install one (Debian: apt-get install python3 python3-venv), or name it: make PYTHON=/path/to/python3.13" >&2; \
		exit 1; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint $(CONSTRAINTS) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/impactdays migrate --no-input
	$(BIN)/impactdays demo
	$(BIN)/impactdays runserver $(DEMO_ADDRESS)

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
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/impactdays makemigrations --check --dry-run

# Resolve every dependency of pyproject.toml (with the dev extra) once for Python 3.11, 3.12 and
# 3.13, keeping the current pins where they still fit. Run it after changing dependencies;
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release that fits.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--custom-compile-command 'make lock' --quiet $(LOCK_ARGS) --output-file $(CONSTRAINTS)

messages: $(STAMP)
	cd src/impactdays && ../../$(BIN)/impactdays makemessages -l ru -l de --no-location --ignore '*/migrations/*' && ../../$(BIN)/impactdays compilemessages

clean:
	rm -rf $(VENV) var
