# The pipeline, as files that depend on files: only what changed is rebuilt.
#   data      raw files -> build/data/ (tidy tables)
#   notebooks each notebook x each race (config/races.yml) -> build/notebooks/<race>/<nb>.ipynb
#   pages     executed notebooks, charts, facts -> generated Quarto inputs (races/, assets/vendor/, ...)
#   site      quarto render -> _site/ (when Quarto is installed; otherwise a clear message)
# `make help` lists the targets. RACES="lausd-d1-2024" limits a build to some races.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SECONDEXPANSION:
JOBS ?= 2
MAKEFLAGS += --no-builtin-rules -j$(JOBS) --output-sync=target

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
# Bytecode: the environment is installed compiled (scripts/bootstrap.sh) and the build writes
# .pyc files for src/ (git-ignored __pycache__), so no process compiles pandas, Altair, papermill
# or the helpers again; a PYTHONDONTWRITEBYTECODE inherited from the shell would undo the latter.
unexport PYTHONDONTWRITEBYTECODE
# One warm notebook runner serves this make run (helpers.analysis.warm_runner): it imports papermill and
# the notebooks' libraries once and forks a fresh kernel per notebook; it ends with this make.
# NOTEBOOK_RUNNER=cold runs each notebook in its own process and kernel, as papermill alone does.
# (Only the notebook recipes see NOTEBOOK_RUNNER_OWNER: `make test` runs notebooks as a user does.)
MAKE_PID := $(shell echo $$PPID)

.DEFAULT_GOAL := help
.PHONY: help setup data notebooks pages site test lint lab clean lock bench bench-build publish-digest fetch fetch-results update sources bench-update

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

# ---- environment ---------------------------------------------------------------------------
$(INSTALLED): requirements.lock requirements-bootstrap.lock pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh

setup: $(INSTALLED) ## create .venv with the locked dependencies (done automatically)

lock: $(INSTALLED) ## re-resolve requirements*.lock from pyproject.toml (needs the registry)
	bash scripts/lock.sh

# ---- races ---------------------------------------------------------------------------------
# Reading races.yml writes the race list for make and one parameters file per race, each
# rewritten only when its content changes: editing one race reruns only that race's notebooks.
build/races.mk: config/races.yml $(INSTALLED)
	$(PY) -m helpers.data.races makefile --out $@ --params build/params
ifeq ($(filter help clean lock setup,$(MAKECMDGOALS))$(if $(MAKECMDGOALS),,help),)
include build/races.mk
endif

build/params/%.json: | $(INSTALLED)
	$(PY) -m helpers.data.races params --out build/params
	@test -f $@ || { echo "error: race $* is not in config/races.yml" >&2; exit 2; }

# ---- data ----------------------------------------------------------------------------------
# Each step touches a stamp but rewrites its outputs only when their bytes change; the outputs'
# empty rules let make see an unchanged file and skip the notebooks downstream.
# Registrar results come only through the source layer (config/sources.yml, helpers.data.sources):
# drops saved by `make fetch` in data/cache/ and the local mirror (../shared/data when present;
# FTM_MIRROR=/path, or FTM_NO_MIRROR=1 to hide it). The list of those files is a prerequisite
# too (build/sources.list, rewritten only when it changes), so a new drop or a hidden mirror
# rebuilds the results.
ifeq ($(filter help clean lock setup,$(MAKECMDGOALS))$(if $(MAKECMDGOALS),,help),)
RESULTS_RAW := $(if $(wildcard $(INSTALLED)),$(shell mkdir -p build && $(PY) -m helpers.data.sources inputs --state build/sources.list))
endif
# The helpers, by stage: data (src/helpers/data), analysis (src/helpers/analysis: what notebooks
# call), site (src/helpers/site: pages), and the shared modules at the top. A wing imports only
# itself, the wings before it and the shared modules (tests/test_code_layout.py), so each step
# below depends on its own wing and those before it: editing site code never reruns a notebook.
SHARED_CODE := $(wildcard src/helpers/*.py)
DATA_CODE := $(wildcard src/helpers/data/*.py src/helpers/data/reference/*.py)
ANALYSIS_CODE := $(wildcard src/helpers/analysis/*.py)
SITE_CODE := $(wildcard src/helpers/site/*.py)
RESULTS_CODE := $(SHARED_CODE) $(addprefix src/helpers/data/,lavote.py sources.py build_data.py races.py)
build/data/results.stamp: build/sources.list $(RESULTS_RAW) config/races.yml config/sources.yml $(RESULTS_CODE) $(INSTALLED)
	$(PY) -m helpers.data.build_data --out build/data
	@touch $@
build/data/results.parquet build/data/sources-manifest.json: build/data/results.stamp ;
build/data/results/%.csv: build/data/results.stamp ;
build/sources.list: ;
# Only the notebooks that read the results table depend on it, each on its own race's rows
# (build/data/results/<race>.csv, rewritten only when they change): a new drop reruns these
# notebooks for the races it moved, and nothing else. tests/test_sources.py checks this list
# against the notebooks and helpers that read results.parquet.
RESULTS_NOTEBOOKS := 05-results
$(foreach r,$(RACES),$(foreach n,$(RESULTS_NOTEBOOKS),$(eval build/notebooks/$(r)/$(n).ipynb: build/data/results/$(r).csv)))
# The downloads and the Methodology page read the results table and the sources manifest.
build/pages.stamp: build/data/results.parquet build/data/sources-manifest.json

# Filings: downloads in data/raw/filings/ plus the real exports config/sources.yml names under
# mirrored_filings, read in place from the mirror (`--also name=folder`). build/filings.list
# (rewritten only when it changes) holds those arguments and files, so hiding the mirror, or a
# changed export, rebuilds the tables. Cleaning rules and crosswalks are prerequisites too.
FILINGS_CODE := $(wildcard src/helpers/data/filings/*.py src/helpers/data/filings/rules/*.py)
FILINGS_RAW := $(shell find data/raw/filings -type f 2>/dev/null)
FILINGS_CROSSWALKS := $(wildcard data/reference/crosswalk_*.csv)
ifeq ($(filter help clean lock setup,$(MAKECMDGOALS))$(if $(MAKECMDGOALS),,help),)
FILINGS_MIRRORED := $(if $(wildcard $(INSTALLED)),$(shell mkdir -p build && $(PY) -m helpers.data.sources filings-args --files --state build/filings.list))
endif
build/data/filings/build.stamp: build/filings.list $(FILINGS_RAW) $(FILINGS_MIRRORED) $(FILINGS_CROSSWALKS) $(FILINGS_CODE) config/sources.yml $(INSTALLED)
	$(PY) -m helpers.data.filings build --raw data/raw/filings $$(head -n 1 build/filings.list) --out build/data/filings
	@touch $@
build/filings.list: | $(INSTALLED)
	$(PY) -m helpers.data.sources filings-args --state $@ > /dev/null
build/data/filings/accounting.json: build/data/filings/build.stamp ;

DATA := $(if $(FILINGS_CODE),build/data/filings/accounting.json)
data: build/data/results.parquet $(DATA) ## ingest and clean the raw data into build/data/ (says what is missing)

fetch: $(INSTALLED) ## download the newest registrar drop (and definitions) of every election in config/races.yml
	$(PY) -m helpers.data.sources fetch

fetch-results: $(INSTALLED) ## ELECTION=4324: download one election's definitions and newest drop
	@test -n "$(ELECTION)" || { echo "usage: make fetch-results ELECTION=<registrar election id>" >&2; exit 2; }
	$(PY) -m helpers.data.sources fetch --election $(ELECTION)

update: $(INSTALLED) ## election night: fetch the newest drop, rebuild only what it changes (pages; render with Quarto)
	$(MAKE) --no-print-directory fetch
	$(MAKE) --no-print-directory site

bench-update: $(INSTALLED) ## time `make update` from a new drop (loopback replay server) to updated pages
	$(PY) benchmarks/bench_update.py

sources: $(INSTALLED) ## where each dataset comes from (publisher, mirror, cache) and what is missing
	@$(PY) -m helpers.data.sources show
	@$(PY) -m helpers.data.sources missing

# `make site` (and `make update`) end the build with what is missing and the command that gets it.
.PHONY: report-missing
site: report-missing
report-missing: pages
	@$(PY) -m helpers.data.sources missing

# ---- notebooks -----------------------------------------------------------------------------
NOTEBOOKS := $(basename $(notdir $(wildcard notebooks/[0-9][0-9]-*.ipynb)))
REFERENCE := $(wildcard data/reference/*.csv)
# (the filings code reaches the notebooks through the filings tables it writes, $(DATA))
NOTEBOOK_CODE := $(SHARED_CODE) $(DATA_CODE) $(ANALYSIS_CODE)
EXECUTED := $(foreach r,$(RACES),$(foreach n,$(NOTEBOOKS),build/notebooks/$(r)/$(n).ipynb))

build/notebooks/%.ipynb: export NOTEBOOK_RUNNER_OWNER := $(MAKE_PID)
# build/params/<race>.race.json is the race's own entry in config/races.yml (rewritten only when
# it changes): editing one race reruns that race's notebooks. The reference CSVs' race ids are
# checked against the whole file, but no notebook reads another race or the scopes; a races.yml
# change that breaks those checks stops pages and reconciliation, which depend on the file.
build/notebooks/%.ipynb: notebooks/$$(*F).ipynb build/params/$$(*D).json build/params/$$(*D).race.json $(DATA) $(REFERENCE) $(NOTEBOOK_CODE)
	$(PY) -m helpers.analysis.run_notebooks $< $@ --params build/params/$(*D).json

notebooks: $(EXECUTED) ## run every notebook for every race (papermill)

# ---- analysis beyond the notebooks ------------------------------------------------------------
# Reported figures against the project's totals (helpers.analysis.reconciliation): computed
# here, as records with their rows, so the Methodology page only renders them.
RECONCILIATION_CODE := $(SHARED_CODE) $(DATA_CODE) $(addprefix src/helpers/analysis/,reconciliation.py race_money.py)
build/analysis/reconciliation.json: $(DATA) data/reference/reported_figures.csv config/races.yml $(RECONCILIATION_CODE) | $(INSTALLED)
	$(PY) -m helpers.analysis.reconciliation --out $@
build/pages.stamp: build/analysis/reconciliation.json

# ---- site ----------------------------------------------------------------------------------
SITE_SOURCES := $(wildcard *.qmd) _quarto.yml $(wildcard assets/*.js assets/*.scss)
# The selected races are a prerequisite too, so `make site RACES=...` regenerates the pages.
ifdef RACES
$(shell mkdir -p build && echo '$(RACES)' > build/.races.new && (cmp -s build/.races.new build/races-selected || mv build/.races.new build/races-selected); rm -f build/.races.new)
endif
build/pages.stamp: $(EXECUTED) config/races.yml build/races-selected $(NOTEBOOK_CODE) $(SITE_CODE) $(wildcard story/*.md) $(REFERENCE) $(wildcard data/published-digest.json)
	$(PY) -m helpers.site.site_build --races "$(RACES)"
	@touch $@

pages: build/pages.stamp ## generate the Quarto inputs from the executed notebooks

site: pages ## build the whole site into _site/ (renders when Quarto is available; static checks)
	@PY=$(PY) bash scripts/render.sh

.PHONY: check-site
check-site: $(INSTALLED) ## browser checks of _site: axe, chart text at 375/1280 px, scroll, weight (in parallel)
	@test -d _site || { echo "no _site/ yet: run make site (needs Quarto) first" >&2; exit 2; }
	$(PY) scripts/check_site.py _site

publish-digest: pages ## record this build's data as the snapshot "What changed" compares with
	cp build/digest.json data/published-digest.json
	@echo "data/published-digest.json updated: commit it with the release"

# ---- checks --------------------------------------------------------------------------------
# The suite runs on every CPU (pytest-xdist; TEST_WORKERS=0 runs it in one process). A test
# file runs whole on one worker, and the build of every notebook for every race is made once,
# in the background from the first test, and shared read-only (tests/shared_build.py).
TEST_WORKERS ?= auto
test: $(INSTALLED) ## run the whole test suite (offline)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: $(INSTALLED) ## ruff
	$(VENV)/bin/ruff check src tests benchmarks scripts notebooks

bench: $(INSTALLED) ## filings engine vs vectorised pandas, DuckDB and the Arrow read floor (benchmarks/README.md)
	$(PY) benchmarks/bench_filings.py

bench-build: $(INSTALLED) ## time clean, one-race, no-op and one-notebook builds in a fresh copy; writes benchmarks/README.md
	$(PY) benchmarks/bench_build.py

lab: $(INSTALLED) ## open JupyterLab with the project's environment
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean: ## remove everything generated (keeps .venv)
	rm -rf build _site .quarto races downloads _generated _footer.html index.qmd datapackage.json
