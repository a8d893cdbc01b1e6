# Trade deficit composition report. `make` (or `make help`) lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUN ?= us-japan-framework-1994
SCHEDULE ?= notebooks/params/schedule-example.yaml

.DEFAULT_GOAL := help
.PHONY: help venv report batch test lint format coverage bench lab sync-notebooks data-format docs-images clean-reports

help: ## List every target with one line each
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# test: the test tools; pdf, duckdb, lab, dask: the optional parts the suite tests (browser and PDF tests,
	# import census, the JupyterLab test and make lab/sync-notebooks, tests/test_batch_dask.py and make bench)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,bench,pdf,duckdb,lab,dask]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the project (done by the other targets when needed)

report: $(STAMP) ## Run the default report (RUN=name for another named run in notebooks/params/)
	$(BIN)/deficit-report run $(RUN)

batch: $(STAMP) ## Run every report in a schedule, skipping unchanged ones (SCHEDULE=file; docs/scheduling.md)
	$(BIN)/deficit-report batch $(SCHEDULE) --changed-only

test: $(STAMP) ## Run the whole test suite (unit, doctests, notebook via nbval, end to end)
	$(BIN)/python -m pytest

lint: $(STAMP) ## Check style (ruff), formatting (ruff format) and the package's layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP) ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

coverage: $(STAMP) ## Run the suite with coverage of the package (kernels started by papermill are not measured)
	$(BIN)/python -m pytest --cov --cov-report=term:skip-covered --cov-report=html:reports/coverage

bench: $(STAMP) ## Run the benchmarks (a few minutes), print the table and write docs/benchmarks.md
	$(BIN)/python benchmarks/run_all.py

lab: $(STAMP) ## Open JupyterLab on the notebooks, with the project's environment as the kernel
	$(BIN)/jupyter lab notebooks

sync-notebooks: $(STAMP) ## Rebuild each .ipynb from its py:percent pair and refresh the outputs nbval checks
	$(BIN)/jupytext --sync notebooks/*.py
	$(BIN)/python scripts/sync_notebook_outputs.py notebooks/*.ipynb

data-format: $(STAMP) ## Rewrite docs/data-format.md (every table and column) from the schemas
	$(BIN)/python scripts/write_data_format.py

docs-images: $(STAMP) ## Redraw the chart pictures the README shows (docs/images/)
	$(BIN)/python docs/make_images.py

clean-reports: ## Delete generated reports (reports/ is git-ignored)
	find reports -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +
