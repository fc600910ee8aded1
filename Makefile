# eoffice: `make run` serves the portal with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
WORKERS ?= 2
FLASK  := $(BIN)/flask --app app

.PHONY: run test security screenshots translations migrate bench clean help

help:
	@echo "make run    - set up, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run the whole test suite (browser tests need /usr/bin/chromium)"
	@echo "make security - bandit (no high findings) and pip-audit of requirements.txt"
	@echo "make screenshots - PNGs of the main pages in en/hi/ur into docs/screenshots/"

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

translations: $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -f -d eoffice/translations

# After changing user-facing text: refresh the catalogues, translate the new entries.
translations-update: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs ".* node_modules vendor" \
	  -o eoffice/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i eoffice/translations/messages.pot -d eoffice/translations

migrate: $(VENV)/.runtime
	$(FLASK) db upgrade

run: translations migrate
	$(FLASK) eoffice demo --if-empty
	@echo "Serving eoffice on http://127.0.0.1:$(PORT) - sign in as any demo account above."
	EOFFICE_SECURE_COOKIES=$${EOFFICE_SECURE_COOKIES:-0} \
	  $(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --access-logfile - app:app

# Includes tests/browser: they skip, saying why, without Debian's chromium
# (EOFFICE_REQUIRE_BROWSER=1, set by .ci/run, makes that a failure).
test: $(VENV)/.dev translations
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# bandit: any high-severity finding fails. pip-audit: a known vulnerability fails; an
# unreachable vulnerability service only warns (see .ci/pip_audit.py).
security: $(VENV)/.dev
	$(BIN)/bandit -r eoffice -lll -q
	$(BIN)/python .ci/pip_audit.py

screenshots: $(VENV)/.dev translations
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache
