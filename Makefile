# The project's two entry points. Both build .venv from nothing, so they work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## the main job: check the curriculum and list it
	$(BIN)/fieldschool validate
	$(BIN)/fieldschool catalog

# scorm-again (npm), the independent SCORM runtime the SCORM browser tests use as the LMS; pinned in package-lock.json.
SCORM_NODE := tests/scorm_export/node
SCORM_NODE_STAMP := $(SCORM_NODE)/node_modules/.installed
$(SCORM_NODE_STAMP): $(SCORM_NODE)/package-lock.json
	npm ci --prefix $(SCORM_NODE) --no-audit --no-fund --loglevel=error
	touch $(SCORM_NODE_STAMP)

test: $(STAMP) $(SCORM_NODE_STAMP)  ## the whole test suite, with the linter
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(STAMP)  ## benchmarks; they print their figures
	$(BIN)/python benchmarks/load_curriculum.py
	$(BIN)/python benchmarks/scorm_export.py

clean:
	rm -rf $(VENV)
