# Alongside: `make run` starts the demo site and the task worker; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= website.settings.dev
# Links in e-mails, calendar feeds and printed cards point where `make run` serves, unless set.
export ALONGSIDE_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-fast bench lint format check install migrate demo clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Alongside needs Python 3.11 or newer.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "Alongside is starting on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Demo logins (password for all: alongside-demo):"
	@echo "  coordinator         - Coordinator: roster, programmes, plans, calendars, insights"
	@echo "  lead                - Lead trainer: approves module changes, takes registers"
	@echo "  cotrainer           - Staff co-trainer: drafts module pages and ideas"
	@echo "  resident-cotrainer  - Resident co-trainer"
	@echo "  attendee            - Attendee: own sessions, calendar and reflections"
	@echo "  admin               - Superuser"
	@echo "E-mails are not sent: each is one line here, the full message a file in sent-emails/."
	@echo "Links in e-mails and printed cards use $(ALONGSIDE_BASE_URL) (set ALONGSIDE_BASE_URL to change)."
	@echo "Press Ctrl-C to stop the web server and the task worker."
	@echo ""
	@# The worker runs in its own session: the terminal's Ctrl-C reaches only this shell and the web
	@# server, and the trap stops the worker with one SIGTERM (an INT and a TERM together hang django-q2).
	@setsid $(BIN)/python manage.py qcluster & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload & web=$$!; \
	trap 'trap - INT TERM EXIT; kill -TERM $$web $$worker 2>/dev/null; wait $$web $$worker 2>/dev/null; echo "Alongside stopped."' INT TERM EXIT; \
	wait

test: install
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo ""; \
	  echo "The browser tests need Chromium at $(CHROMIUM), and it is not installed."; \
	  echo "Install it with:  sudo apt-get install -y chromium"; \
	  echo "(or run the other tests only with: $(BIN)/pytest -m 'not browser')"; \
	  echo ""; exit 1; \
	fi
	DJANGO_SETTINGS_MODULE=website.settings.test $(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	DJANGO_SETTINGS_MODULE=website.settings.test $(BIN)/pytest -m 'not browser' $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/solver_bench.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/roster_import.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
