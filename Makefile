# ITA Portal — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-deps demo lint format ci clean

## run: install everything, load the catalogues and the demo data, serve on http://$(HOST):$(PORT)/
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py seed_demo --with-memo
	@echo ""
	@echo "  ITA Portal: http://$(HOST):$(PORT)/   (SQLite, background tasks run inline)"
	@echo "  Log in with a demo account listed above (password: ita-demo-2567). Stop with Ctrl+C."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install what the tests need (Chromium for the browser tests, LibreOffice for the Word copies) and run the whole suite on SQLite
test: setup
	@bash .ci/system-deps.sh chromium libreoffice-writer-nogui fonts-tlwg-laksaman
	$(BIN)/pytest -m "not integration"

## setup: system packages, virtual environment, Python packages, .env, compiled Thai messages
setup: system-deps $(VENV)/.installed .env locale/th/LC_MESSAGES/django.mo

system-deps:
	@bash .ci/system-deps.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

locale/th/LC_MESSAGES/django.mo: locale/th/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

.env:
	@sed "s/^SECRET_KEY=.*/SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')/" .env.example > .env
	@echo "wrote .env (DEBUG=1, a new SECRET_KEY); edit it or set real environment variables for production"

## demo: reload the demo agencies (idempotent)
demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py seed_demo --with-memo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## ci: what CI runs — SQLite suite, then PostgreSQL + Redis + a real Celery worker
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var .pytest_cache
