PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint clean

$(BIN)/armur: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(BIN)/armur

# Scan the bundled example app and print the report. The example has planted
# flaws, so the scan itself would exit 1; `make run` reports and exits 0.
run: $(BIN)/armur
	$(BIN)/armur scan examples/ --fail-on none

test: $(BIN)/armur
	$(BIN)/python -m pytest -n auto

lint: $(BIN)/armur
	$(BIN)/pip install -q ruff mypy
	$(BIN)/ruff check src tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
