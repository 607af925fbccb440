# Awaz: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: run test setup install system-deps system-test-deps system-bench-deps bench clean

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/awaz setup

run: setup
	$(BIN)/awaz run

# From Debian, installed when missing (CI runs as root): ICU's headers, pkg-config and a C++
# compiler to build PyICU (names sorted for each language's readers); libraqm, for Pillow to
# shape Arabic and Uyghur on share cards; Pango, for WeasyPrint to shape them in posters and the
# delivery PDF; the Noto fonts they are drawn with.
SYSTEM_DEPS := libicu-dev pkg-config g++ libraqm0 fonts-noto-core fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
system-deps:
	@{ pkg-config --exists icu-i18n && command -v g++ >/dev/null && ldconfig -p | grep -q libraqm && ldconfig -p | grep -q libpangoft2-1.0 \
	   && test -e /usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf && test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_DEPS) >/dev/null; \
	  else echo "Please install: sudo apt-get install $(SYSTEM_DEPS)"; exit 1; fi; }

# Chromium (browser tests), gettext (catalogue drift check), a CJK font (screenshots and the
# delivery PDF), nginx (the proxy configuration test), Pango and the Noto fonts (WeasyPrint's
# delivery PDF shapes Arabic and Uyghur with them) poppler-utils (pdftotext reads the PDF
# back in the tests; pdftoppm renders the posters) and zbar-tools (zbarimg reads the posters' QR codes)
# come from Debian; installed when missing (CI runs as root).
system-test-deps:
	@command -v chromium >/dev/null && command -v xgettext >/dev/null && fc-list | grep -qi wqy && test -x /usr/sbin/nginx && command -v pdftotext >/dev/null && command -v zbarimg >/dev/null && fc-list | grep -qi "Noto Naskh Arabic" && ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext fonts-wqy-zenhei nginx-light libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils zbar-tools >/dev/null; \
	  else echo "Please install: sudo apt-get install chromium gettext fonts-wqy-zenhei nginx-light libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils zbar-tools"; exit 1; fi; }

test: install system-test-deps
	$(BIN)/awaz compile_catalogs
	$(BIN)/python -m pytest

# The load generator and the caching proxy of the benchmark, from Debian; pgbench (the raw
# PostgreSQL yardstick) is in Debian 12's server package, which the bench needs anyway.
system-bench-deps:
	@command -v wrk >/dev/null && test -x /usr/sbin/nginx && command -v pgbench >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light postgresql >/dev/null; \
	  else echo "Please install: sudo apt-get install wrk nginx-light postgresql"; exit 1; fi; }

bench: install system-bench-deps
	$(BIN)/awaz compile_catalogs
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var
