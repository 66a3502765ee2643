# The two commands a user needs: `make run` and `make test`. `make lint` is what CI checks before the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
VENDOR := rfz_project/static/vendor
FLASK := $(BIN)/flask --app wsgi
# make db / demo / run are for one's own machine, without HTTPS: cookies without Secure (and settings that are only
# allowed then, such as RFZ_OIDC_ALLOW_HTTP_LOOPBACK for a local test provider).
LOCAL_FLASK := RFZ_SESSION_COOKIE_SECURE=0 $(FLASK)

.PHONY: run test lint format install db demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when the dependency lists change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.installed: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht-components.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld-theme.css
	touch $@

install: $(VENV)/.installed $(VENDOR)/.installed

# A secret made once per installation; never committed (instance/ is ignored).
instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

db: install instance/secret_key
	$(LOCAL_FLASK) db upgrade

demo: db
	$(LOCAL_FLASK) rfz demo

# The web server with the mail worker beside it (flask rfz mail-worker); Ctrl-C stops both.
run: demo
	@echo ""
	@echo "  RFZ-implementatietool draait op http://$(HOST):$(PORT)"
	@echo "  Log in met bijvoorbeeld projectleider.venlo@demo.rfz of procesbegeleider@demo.rfz,"
	@echo "  wachtwoord: rfz-demo-wachtwoord (alle demo-accounts staan in README.md)."
	@echo ""
	@echo "  Zonder MAIL_SERVER verstuurt de tool geen e-mail: die staat op de console en bij Beheer > Verzonden e-mail."
	@echo ""
	$(LOCAL_FLASK) rfz mail-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL_FLASK) run --host $(HOST) --port $(PORT)

# The suite in parallel (pytest-xdist), one worker per CPU core; `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Style and types: ruff (lint and format check) and mypy, all at zero findings.
LINTED := rfz_project tests bench wsgi.py
lint: $(VENV)/.installed
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# Rewrite the code in the house style (what `make lint` checks).
format: $(VENV)/.installed
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
