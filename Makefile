# Loa: the two commands of the README, and a few more.
#   make site   - install everything and build the demo portal into site/
#   make test   - install everything (Chromium and nginx from Debian too) and run every test
#   make preview-nginx - serve site/ through nginx with Loa's security headers (Ctrl-C stops it)

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SCRIPTS := scripts/new-announcement scripts/check-theme-quotes scripts/render-banners scripts/benchmark \
	scripts/benchmark-banners scripts/import-document
export NO_MKDOCS_2_WARNING := 1
# The build date (campaign status, campaign bar) comes from SOURCE_DATE_EPOCH when it is set
# (`SOURCE_DATE_EPOCH=1637712000 make site`). Exported only when set: an empty value would
# break other tools that honour it (wheel builds).
ifdef SOURCE_DATE_EPOCH
export SOURCE_DATE_EPOCH
endif
# Root installs Debian packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve preview-nginx test lint browser-deps nginx-deps hugo-deps banners benchmark clean

# The venv's own setuptools builds Loa (no isolated build environment to download); a
# second try absorbs a registry hiccup on a fresh machine. Loa's bytecode is compiled here:
# where PYTHONDONTWRITEBYTECODE is set (many containers) every build would compile it again.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV_PYTHON) -m pip install --quiet --upgrade pip setuptools wheel
	$(VENV_PYTHON) -m pip install --quiet --no-build-isolation -e '.[test]' \
		|| $(VENV_PYTHON) -m pip install --no-build-isolation -e '.[test]'
	$(VENV_PYTHON) -m compileall -q loa >/dev/null
	touch $@

site: $(INSTALLED)
	$(VENV_PYTHON) -m loa build --site-dir site
	@echo "Xem trước trên máy: make serve  (rồi mở http://127.0.0.1:8000/)"

serve: $(INSTALLED)
	$(VENV_PYTHON) -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# site/ as a Sở's nginx serves it: the include `make site` writes (dist/nginx/loa-security.conf)
# in a server on 127.0.0.1:8080, in the foreground; exec hands Ctrl-C straight to nginx.
preview-nginx: site nginx-deps
	exec $(VENV_PYTHON) -m loa preview-nginx --port 8080

# Every campaign kit's graphics (theme and messages, web and print formats) into dist/banners/.
banners: $(INSTALLED)
	$(VENV_PYTHON) -m loa banners --out dist/banners

# Browser tests drive Debian's own Chromium; no test tool downloads a browser.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The nginx tests and make preview-nginx run Debian's nginx binary with a config of their own
# (never the system service, which Debian may start on install).
nginx-deps:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx; }

# The benchmark builds the same content with Debian's Hugo too (not needed by make test).
hugo-deps:
	@command -v hugo >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq hugo; }

lint: $(INSTALLED)
	$(VENV_PYTHON) -m ruff check loa tests $(SCRIPTS)
	$(VENV_PYTHON) -m ruff format --check loa tests $(SCRIPTS)

test: $(INSTALLED) browser-deps nginx-deps lint
	$(VENV_PYTHON) -m pytest

# Figures also in .cache/benchmark/results.json; e.g. make benchmark BENCHMARK_ARGS="--sizes 300,3000"
benchmark: $(INSTALLED) hugo-deps
	$(VENV_PYTHON) scripts/benchmark $(BENCHMARK_ARGS)
	$(VENV_PYTHON) scripts/benchmark-banners

clean:
	rm -rf site .site-* dist tests/artifacts .cache
