# critmin: two commands do everything on a fresh machine.
#   make demo  - create .venv, install critmin, run the main job on the bundled dataset, write a report
#   make test  - create .venv, install critmin with its test extras, run the whole test suite
#   make test-fast - the same without the tests marked slow (under 90 s)
#   make bench - install the benchmark extras and run the benchmarks
#   make fuzz  - 10,000 generated bad inputs with a fresh seed; prints counts by outcome
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= reports/assess

.PHONY: demo test test-fast bench fuzz lint docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes (the stamp records the last install).
$(VENV)/.installed-demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-demo

demo: $(VENV)/.installed-demo
	$(BIN)/critmin assess --out $(OUT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not slow"

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-demo

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/simulate.py
	$(BIN)/python benchmarks/optimize.py
	$(BIN)/python benchmarks/ensemble.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/service.py

FUZZ_COUNT ?= 10000
fuzz: $(VENV)/.installed-test
	$(BIN)/python tools/fuzz.py --count $(FUZZ_COUNT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools

docs: $(VENV)/.installed-demo
	$(BIN)/python -m critmin.data.docs --write docs/data.md

clean:
	rm -rf $(VENV) reports .pytest_cache .hypothesis
