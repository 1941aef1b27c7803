# STC Guide: `make serve` builds and serves the site; `make test` runs every test.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv/bin

.PHONY: setup setup-test serve build test lint bench clean

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --with-test-tools

serve: setup
	$(VENV)/mkdocs serve --livereload

build: setup
	$(VENV)/mkdocs build --strict

test: setup-test
	$(VENV)/ruff check calc build_tools tests scripts
	$(VENV)/mypy
	$(VENV)/python -m pytest -p no:cacheprovider -ra

lint: setup
	$(VENV)/ruff check calc build_tools tests scripts
	$(VENV)/mypy

bench: setup
	$(VENV)/python scripts/bench_engine.py

clean:
	rm -rf site .cache build dist *.egg-info
