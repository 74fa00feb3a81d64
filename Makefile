# ediary — two commands: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The embedded default: SQLite under var/, tasks run in-process, email to the console.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test lint typecheck pytest bench messages install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	mkdir -p var
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --if-empty --manifest var/demo-accounts.json
	@echo "ediary is starting on http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy .

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(BIN)/pytest tests/benchmarks -p no:randomly -s -q --run-benchmarks

messages: $(VENV)/.installed-dev
	DEBUG=1 $(BIN)/python manage.py makemessages -l ru --ignore=.venv --ignore=var --ignore=tests
	DEBUG=1 $(BIN)/python manage.py compilemessages -l ru --ignore=.venv

clean:
	rm -rf $(VENV) var/static .mypy_cache .ruff_cache .pytest_cache
