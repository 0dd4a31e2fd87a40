# The project's two entry points. Both build .venv from nothing, so they work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## the main job: check the curriculum, then serve the LTI tool with it (SQLite, demo course on)
	$(BIN)/fieldschool validate
	$(BIN)/fieldschool serve

# The LTI tool's suite runs a second time on PostgreSQL + Redis (both on 127.0.0.1, started by .ci/run on CI).
LTI_PG ?= postgresql://postgres@127.0.0.1:5432/fieldschool_lti_test
LTI_REDIS ?= redis://127.0.0.1:6379/0

# scorm-again (npm), the independent SCORM runtime the SCORM browser tests use as the LMS; pinned in package-lock.json.
SCORM_NODE := tests/scorm_export/node
SCORM_NODE_STAMP := $(SCORM_NODE)/node_modules/.installed
$(SCORM_NODE_STAMP): $(SCORM_NODE)/package-lock.json
	npm ci --prefix $(SCORM_NODE) --no-audit --no-fund --loglevel=error
	touch $(SCORM_NODE_STAMP)

test: $(STAMP) $(SCORM_NODE_STAMP)  ## the whole test suite, with the linter
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	FIELDSCHOOL_TEST_DATABASE_URL=$(LTI_PG) FIELDSCHOOL_TEST_REDIS_URL=$(LTI_REDIS) \
	  $(BIN)/python -m pytest tests/lti_tool -q

bench: $(STAMP)  ## benchmarks; they print their figures
	$(BIN)/python benchmarks/load_curriculum.py
	$(BIN)/python benchmarks/scorm_export.py
	$(BIN)/python benchmarks/lti_launch.py
	$(BIN)/python benchmarks/lti_activities.py
	$(BIN)/python benchmarks/peer_grades.py
	$(BIN)/python benchmarks/peer_rush.py

translations: $(STAMP)  ## re-extract the tool's interface strings, update and compile the catalogues
	cd lti_tool && ../$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header \
	  -o translations/messages.pot . && ../$(BIN)/pybabel update -i translations/messages.pot -d translations \
	  --no-fuzzy-matching --width=120 && ../$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV)
