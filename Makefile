# Kyoso: `make run` serves the app with its worker and beat; `make test` runs the tests.
# Everything runs from .venv, installed from requirements.lock by `make install`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The stamp is newer than the lock once the lock is installed: re-running is instant.
INSTALLED := $(VENV)/.installed-requirements.lock

# Folders makemessages must not read (as in tests/test_i18n.py): installed packages,
# generated files, and the tests and benchmarks, whose strings users never see.
NOT_SOURCE := .venv .git var artifacts benchmarks staticfiles test-results tests

DEMO_LOGIN := demo@kyoso.example
DEMO_PASSWORD := kyoso-demo-2026

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compile-messages lock lock-check

help:
	@echo "make run       serve http://127.0.0.1:8000/ with a Celery worker and beat (demo data)"
	@echo "make test      run the test suite"
	@echo "make install   create .venv from requirements.lock and compile translations"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make messages  update locale/ja/LC_MESSAGES/django.po (needs GNU gettext)"
	@echo "make lock      re-lock requirements.lock from pyproject.toml (UPGRADE=1 for newest)"

install: $(INSTALLED) compile-messages

$(INSTALLED): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

compile-messages: $(INSTALLED)
	$(BIN)/python scripts/compile_messages.py

run: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --companies 300 --with-users --if-empty
	$(MANAGE) recompute_matches --if-missing --no-progress
	@echo
	@echo "  Kyoso is starting on  http://127.0.0.1:8000/"
	@echo "  Demo login:           $(DEMO_LOGIN) / $(DEMO_PASSWORD)"
	@echo "  Its partner's login:  partner@kyoso.example / $(DEMO_PASSWORD)"
	@echo "  Staff login:          staff@kyoso.example / $(DEMO_PASSWORD)  (/dashboard/, /admin/)"
	@echo "  Web server, Celery worker and celery beat run below; Ctrl-C stops them all."
	@echo
	$(BIN)/python scripts/run_dev.py Procfile.dev

test: install
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(INSTALLED)
	$(MANAGE) makemessages -l ja --no-obsolete $(foreach folder,$(NOT_SOURCE),--ignore=$(folder))

lock:
	$(PYTHON) scripts/lock.py $(if $(UPGRADE),--upgrade)

lock-check: $(INSTALLED)
	$(BIN)/python scripts/lock.py --check

