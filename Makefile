# eoffice: `make run` serves the portal with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
WORKERS ?= 2
FLASK  := $(BIN)/flask --app app

BENCH_SIZES ?= 10000 1000000
comma := ,

# Debian packages for issued letters: Pango and Noto fonts to render (run), SoftHSM2,
# OpenSC and poppler-utils for the signing tests. As root they are installed; otherwise
# one line says what is missing.
LETTER_RUN_DEBS  := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-extra
LETTER_TEST_DEBS := $(LETTER_RUN_DEBS) softhsm2 opensc poppler-utils
define debian_packages
	@command -v dpkg >/dev/null || { echo "Not Debian: letters need Pango, Noto fonts$(2)"; exit 0; }; \
	missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || printf '%s ' $$p; done); \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	elif [ -n "$$missing" ]; then echo "Missing for letters (PDF, signing): apt-get install $$missing"; fi
endef

.PHONY: run test test-fast vnu lint security screenshots translations translations-update migrate bench bench-quick bench-ocr bench-ocr-cost bench-verify bench-writes bench-capacity clean help

help:
	@echo "make run    - set up, migrate, load demo data, serve on http://127.0.0.1:$(PORT) with the background worker"
	@echo "make test   - set up and run the whole test suite on every core (browser tests need /usr/bin/chromium)"
	@echo "make test-fast - the everyday loop: all but the browser, fault, contract, slow and ocr tests"
	@echo "make lint   - ruff: unused or undefined names, import order"
	@echo "make security - bandit (no high findings) and pip-audit of requirements.txt"
	@echo "make screenshots - PNGs of the main pages in en/hi/ur into docs/screenshots/, letter PDFs into docs/letters/"
	@echo "make bench  - synthesise 10k and 1M items, load them with wrk beside the bare-stack reference inbox, count instructions (needs wrk, valgrind); table in bench/results/"
	@echo "make bench-quick - the same at 10k items only; BENCH_DATABASE_URL=postgresql+psycopg://... for PostgreSQL"
	@echo "make bench-ocr - CPU seconds per scanned page, diarising with OCR on and off; bench/results/*-ocr.md"
	@echo "make bench-ocr-cost - what OCR adds to a diarise request, in instructions (needs valgrind); bench/results/*-ocr-cost-*.md"
	@echo "make bench-verify - time eoffice verify on 1M synthesised items (BENCH_ITEMS=N for another size)"
	@echo "make bench-writes - diarise, send and note against a bare-stack write reference (needs valgrind)"
	@echo "make bench-capacity - locust's office-hours mix at 1M items: the highest req/s with p99 < 300 ms"

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
# N_ marks a message, or with two arguments a singular and plural (eoffice/form_messages.py);
# pgettext, npgettext and lazy_pgettext give a word with several meanings its context.
translations-update: $(VENV)/.runtime
	$(BIN)/pybabel extract -w 100 -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -k N_:1,1t -k N_:1,2,2t \
	  --ignore-dirs ".* node_modules vendor" -o eoffice/translations/messages.pot .
	$(BIN)/pybabel update -w 100 --no-fuzzy-matching -i eoffice/translations/messages.pot -d eoffice/translations

migrate: $(VENV)/.runtime
	$(FLASK) db upgrade

run: translations migrate
	$(call debian_packages,$(LETTER_RUN_DEBS))
	$(FLASK) eoffice demo --if-empty
	@echo "Serving eoffice on http://127.0.0.1:$(PORT) - sign in as any demo account above."
	@tesseract --list-langs 2>/dev/null | grep -qx urd || echo "Scans will not be read until Tesseract is installed: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-hin tesseract-ocr-urd ghostscript qpdf unpaper pngquant"
	@# the background worker (letters, delivery, OCR) runs beside gunicorn and stops with it
	$(FLASK) eoffice worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  EOFFICE_SECURE_COOKIES=$${EOFFICE_SECURE_COOKIES:-0} \
	  $(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --limit-request-line 8190 --access-logfile - app:app

# Includes tests/browser: they skip, saying why, without Debian's chromium
# (EOFFICE_REQUIRE_BROWSER=1, set by .ci/run, makes that a failure).
# The W3C Nu HTML checker for tests/browser/test_html_validity.py: npm's vnu-jar, pinned in
# package.json (its own Java download is skipped: Debian's default-jre-headless runs it).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@if [ -f $(VNU_JAR) ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --ignore-scripts; \
	else echo "npm not found: the HTML checker test will skip (apt-get install npm default-jre-headless)"; fi

# Both run on every core (pytest-xdist; TEST_WORKERS=4 for another count, TEST_WORKERS=0
# for one process); the browser tests share one worker (tests/parallel.py).
# The tests marked `alone` then run by themselves: they time a real server against its
# busy timeout (all in tests/fault: only that folder is collected, unless PYTEST_ARGS
# says otherwise). Exit status 5 is "no test selected" (PYTEST_ARGS naming tests of one
# phase only).
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS)
test: $(VENV)/.dev translations vnu
	$(call debian_packages,$(LETTER_TEST_DEBS),$(comma) SoftHSM2$(comma) OpenSC and poppler-utils)
	$(BIN)/python -m pytest -q $(PARALLEL) -m "not alone" $(PYTEST_ARGS) || [ $$? = 5 ]
	$(BIN)/python -m pytest -q -m alone $(or $(PYTEST_ARGS),tests/fault) || [ $$? = 5 ]

# The markers are registered (and explained) in pytest.ini.
test-fast: $(VENV)/.dev translations
	$(BIN)/python -m pytest -q $(PARALLEL) -m "not browser and not fault and not contract and not slow and not ocr" $(PYTEST_ARGS)

# ruff: pyflakes and import order (ruff.toml).
lint: $(VENV)/.dev
	$(BIN)/ruff check .

# bandit: any high-severity finding fails. pip-audit: a known vulnerability fails; an
# unreachable vulnerability service only warns (see .ci/pip_audit.py).
security: $(VENV)/.dev
	$(BIN)/bandit -r eoffice -lll -q
	$(BIN)/python .ci/pip_audit.py

screenshots: $(VENV)/.dev translations
	$(BIN)/python docs/screenshots.py
	$(BIN)/python docs/letter_pdfs.py

# Loopback only, bounded: 10 s per page after a warm-up, 16 connections.
# `make bench BENCH_SIZES="10000 100000"` picks other sizes; BENCH_DATABASE_URL runs on
# PostgreSQL (the database named there is emptied first; with several sizes each gets
# its own, `<name>_<size>`, created beside it).
bench: $(VENV)/.dev translations
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	@command -v valgrind >/dev/null || { echo "valgrind is needed (instructions per request): apt-get install valgrind"; exit 1; }
	$(BIN)/python -m bench.run --sizes $(BENCH_SIZES) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# `eoffice verify` timed check by check on synthesised data (bench/verify.py);
# BENCH_ITEMS=100000 for a smaller set, BENCH_DATABASE_URL for PostgreSQL, BENCH_JOBS=2
# for verify --jobs 2
bench-verify: $(VENV)/.dev
	$(BIN)/python -m bench.verify --items $(or $(BENCH_ITEMS),1000000) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL)) $(if $(BENCH_JOBS),--jobs $(BENCH_JOBS))

bench-quick:
	$(MAKE) bench BENCH_SIZES=10000

# OCR: CPU seconds per scanned page, and diarising with OCR on against off (bench/ocr.py)
bench-ocr: $(VENV)/.dev translations
	$(BIN)/python -m bench.ocr

bench-ocr-cost: $(VENV)/.dev translations
	@command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind"; exit 1; }
	$(BIN)/python -m bench.ocr_cost --label now

# Diarise (page and API), send and note as "x write reference": callgrind instructions
# and CPU per action, in process (bench/write_bench.py); BENCH_ITEMS (10000),
# BENCH_DATABASE_URL as for `make bench`
bench-writes: $(VENV)/.dev translations
	@command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind"; exit 1; }
	$(BIN)/python -m bench.write_bench --items $(or $(BENCH_ITEMS),10000) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# The office-hours mix (bench/locustfile.py, bench/capacity.py): hundreds of signed-in
# desks at BENCH_ITEMS (1,000,000), rising rates, the highest with p99 < 300 ms and no
# errors. SQLite: one gunicorn; BENCH_DATABASE_URL: two gunicorns on that PostgreSQL
# database (synthesised first if it is empty). Give it a quiet machine: locust shares it.
bench-capacity: $(VENV)/.dev translations
	$(BIN)/python -m bench.capacity --items $(or $(BENCH_ITEMS),1000000) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL) --hosts 2)

clean:
	rm -rf $(VENV) .pytest_cache
