# Awaz: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: run test setup install system-test-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/awaz setup

run: setup
	$(BIN)/awaz run

# Browsers and gettext come from Debian; install them when they are missing (CI runs as root).
system-test-deps:
	@command -v chromium >/dev/null && command -v xgettext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext >/dev/null; \
	  else echo "Please install Debian's chromium and gettext packages (sudo apt-get install chromium gettext)"; exit 1; fi; }

test: install system-test-deps
	$(BIN)/awaz compile_catalogs
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
