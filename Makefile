# Two commands do all set-up on a fresh machine with only python3 and make:
#   make demo   -- create .venv, install points, run the main job on sample_data/
#   make test   -- same set-up, then lint, format check, type check and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit format clean mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/points demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# On demand, not in `make test`: mutants of the engine and money against the engine's tests;
# the score and the survivors are recorded in tests/MUTATION.md. Takes hours on 2 cores.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	POINTS_ENGINE_EXAMPLES=10 POINTS_REFERENCE_EXAMPLES=20 $(BIN)/mutmut run
	$(BIN)/mutmut results

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis out mutants
