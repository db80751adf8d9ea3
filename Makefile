# minemaps: every set-up step lives here, so that two commands do it all on a fresh machine:
#   make demo   venv + install + npm assets, then builds out/ and prints out/index.html's path
#   make test   the same plus test extras and the Debian packages the tests drive (chromium, gdal-bin,
#               postgresql-15-postgis-3) when missing, then the whole pytest suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-test assets system-packages bench notebook clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test,notebooks]"
	touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.runtime assets
install-test: $(VENV)/.test assets system-packages
assets: node_modules/.installed

# Debian packages the tests drive: chromium (browser tests), gdal-bin (GDAL 3.6 reads the exports),
# postgresql-15-postgis-3 (a real PostGIS server for `minemaps publish`). Installed only when missing.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v ogrinfo >/dev/null 2>&1 || missing="$$missing gdal-bin"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] && [ -f /usr/share/postgresql/15/extension/postgis.control ] || \
	  missing="$$missing postgresql-15-postgis-3"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages for the tests:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	$(BIN)/minemaps build --out out

test: install-test
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

bench: install-test
	$(BIN)/python bench/run.py

notebook: install-test
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf out .pytest_cache .hypothesis
