# The README's two commands on a fresh Debian machine with only python3:
#   make demo   creates .venv, installs xlsales, runs the demo
#   make test   creates .venv, installs xlsales with its dev tools and LibreOffice
#               headless (apt-get, when soffice is missing), runs ruff and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-fast lint docs golden pictures bench addin libreoffice libreoffice-sdk oxt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

libreoffice:
	@command -v soffice >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils; }

# The Calc extension's build and test: the SDK's unoidl-write (libreoffice-dev) and the
# system Python's uno module (python3-uno), which runs the UNO sheet session.
libreoffice-sdk: libreoffice
	@{ test -x /usr/lib/libreoffice/sdk/bin/unoidl-write && /usr/bin/python3 -c 'import uno' \
	  2>/dev/null; } || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y --no-install-recommends libreoffice-dev python3-uno; }

demo: $(VENV)/.installed
	$(BIN)/xlsales demo

test: lint libreoffice libreoffice-sdk
	$(BIN)/pytest

# Everything but the tests that drive LibreOffice or spawn processes (markers
# `libreoffice` and `slow`): a quick loop while editing; `make test` runs all of them.
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not libreoffice and not slow" -p no:cacheprovider -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

docs: $(VENV)/.installed-dev
	$(BIN)/python -m xlsales.reference > docs/functions.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# The committed examples, which the tests compare fresh output with: regenerate them
# after changing a template, and review the diff.
golden: $(VENV)/.installed
	$(BIN)/xlsales demo --out workbooks/examples > /dev/null

pictures: golden libreoffice-sdk
	$(BIN)/python scripts/render_pictures.py workbooks/examples docs/img
	$(BIN)/python scripts/render_libreoffice.py docs/img/libreoffice-kpi.png

# Every benchmark (20 to 40 minutes, most of it at 1M leads); tables in
# benchmarks/results/, copied into docs/performance.md by benchmarks/report.py.
bench: $(VENV)/.installed-dev libreoffice
	$(BIN)/python benchmarks/bench_udfs.py
	$(BIN)/python benchmarks/bench_generate.py
	$(BIN)/python benchmarks/bench_refresh.py
	$(BIN)/python benchmarks/bench_distribute.py
	$(BIN)/python benchmarks/differential.py --cases 300
	$(BIN)/python benchmarks/report.py

addin: $(VENV)/.installed
	$(BIN)/xlsales addin build

# The LibreOffice extension (workbooks/xlsales.oxt, not committed: it records this
# machine's paths).
oxt: $(VENV)/.installed libreoffice-sdk
	$(BIN)/xlsales libreoffice build
