# The project's two entry points. Both build .venv from nothing, so they work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Development installs every channel: the core plus the extras lti (LTI tool), xblocks (Open edX), scorm, cartridge,
# print (PDFs), test.
EXTRAS := test,lti,xblocks,scorm,cartridge,print
# The Open edX blocks are tested on Python 3.12 with the newest XBlock/xblock-sdk (they need 3.12) and Django 5.2,
# and in .venv-xb5 as Redwood to Teak ship them (XBlock 5.x, Django 4.2): both supported Django versions are tested.
# (the first python3.12 that really runs: pyenv's shim exists even where no 3.12 is selected)
PYTHON312 ?= $(shell for p in /root/.pyenv/versions/3.12*/bin/python3.12 $$(command -v python3.12); do \
  "$$p" -c 'import sys' >/dev/null 2>&1 && echo "$$p" && break; done)
VENV312 := .venv312
# Named after the Django it installs: when that changes, the new name brings existing venvs up to date.
STAMP312 := $(VENV312)/.installed-django5.2

.PHONY: run test test-main test-lti-postgres test-xblocks-312 test-xblocks-xb5 test-peer-store-mariadb lint bench \
  translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

$(STAMP312): pyproject.toml
	$(PYTHON312) -m venv $(VENV312)
	$(VENV312)/bin/pip install --quiet --upgrade pip
	$(VENV312)/bin/pip install --quiet -e '.[$(EXTRAS)]' 'Django>=5.2,<6'
	touch $(STAMP312)

# The blocks as Open edX releases ship them (Redwood to Teak): XBlock 5.x, Django 4.2, Python 3.11, and only the
# blocks' extra (no LTI stack), so the suite also proves the blocks need nothing else.
PYTHON311 ?= $(shell for p in /root/.pyenv/versions/3.11*/bin/python3.11 $$(command -v python3.11); do \
  "$$p" -c 'import sys' >/dev/null 2>&1 && echo "$$p" && break; done)
VENVXB5 := .venv-xb5
STAMPXB5 := $(VENVXB5)/.installed
$(STAMPXB5): pyproject.toml
	$(PYTHON311) -m venv $(VENVXB5)
	$(VENVXB5)/bin/pip install --quiet --upgrade pip
	$(VENVXB5)/bin/pip install --quiet -e '.[test,xblocks]' 'XBlock>=5,<6' 'Django>=4.2,<5'
	touch $(STAMPXB5)

run: $(STAMP)  ## the main job: check the curriculum, then serve the LTI tool with it (SQLite, demo course on)
	$(BIN)/fieldschool validate
	$(BIN)/fieldschool serve --demo

# The LTI tool's suite runs a second time on PostgreSQL + Redis (both on 127.0.0.1, started by .ci/run on CI).
LTI_PG ?= postgresql://postgres@127.0.0.1:5432/fieldschool_lti_test
LTI_REDIS ?= redis://127.0.0.1:6379/0

# scorm-again (npm), the independent SCORM runtime the SCORM browser tests use as the LMS; pinned in package-lock.json.
SCORM_NODE := tests/scorm_export/node
SCORM_NODE_STAMP := $(SCORM_NODE)/node_modules/.installed
$(SCORM_NODE_STAMP): $(SCORM_NODE)/package-lock.json
	npm ci --prefix $(SCORM_NODE) --no-audit --no-fund --loglevel=error
	touch $(SCORM_NODE_STAMP)

# The MariaDB driver (mysqlclient builds against libmariadb-dev), installed before the passes start: installing it
# reinstalls the project in .venv, which must not happen while another pass runs from .venv.
MARIADB_STAMP := $(VENV)/.mariadb
$(MARIADB_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[$(EXTRAS),mariadb]'
	touch $(MARIADB_STAMP)

# Every pass spreads its tests over the cores (pytest-xdist; each worker has its own databases, see
# tests/suite_workers.py) and prints its 15 slowest tests. A file's tests stay in one worker (--dist loadfile), so
# what a module builds once (the workbench, the printed PDFs) is built once. PYTEST_WORKERS=0: one process a pass.
# Three workers on two cores: the browser and server tests wait on sockets, so a third keeps the cores busy. On the
# 2-core machines `make test` takes about 8 minutes on built venvs (7 min 39 s on 2026-12-06), the cores busy throughout.
PYTEST_WORKERS ?= 3
PYTEST_ARGS := -n $(PYTEST_WORKERS) --dist loadfile --durations=15
# The three short block passes run beside the long ones in one process each: workers of their own would each set up
# Django and its test database again, which cost more than they saved (measured on 2 cores).
SIDE_WORKERS ?= 0
SIDE_ARGS := -n $(SIDE_WORKERS) --dist loadfile --durations=15
# Python keeps compiled modules (__pycache__, ignored by git) even where the environment says not to: every pass,
# xdist worker and subprocess a test starts would otherwise compile the project's modules and rewrite the test
# modules' asserts again (collecting the main pass: about 11 s of CPU without the cache, 6 s with it, per worker).
unexport PYTHONDONTWRITEBYTECODE
# The passes share no database, port or file, so they run side by side; each pass's output is printed in one piece
# when it ends (GNU make's --output-sync). TEST_JOBS=1 runs them one after the other.
TEST_JOBS ?= 5
TEST_PASSES := test-main test-lti-postgres test-xblocks-312 test-xblocks-xb5 test-peer-store-mariadb

test: $(STAMP) $(SCORM_NODE_STAMP) $(MARIADB_STAMP)  ## the whole test suite, with the linter
	$(BIN)/ruff check .
	@echo "make test: running $(TEST_PASSES) side by side; each prints its results when it ends"
	@$(MAKE) --no-print-directory --keep-going --jobs=$(TEST_JOBS) --output-sync=target $(TEST_PASSES)

# The main pass: every test on the default Python (the LTI tool on SQLite) but the block suite, which runs in the
# two block passes below (on XBlock 5.x + Django 4.2 and on the newest XBlock + Django 5.2), as the cross-channel
# parity tests here run the blocks beside the LTI tool. Tests pinned to PostgreSQL run in the pass on PostgreSQL.
test-main: $(STAMP) $(SCORM_NODE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS) --ignore=tests/xblocks

# The LTI tool's suite a second time, on PostgreSQL + Redis (both on 127.0.0.1, started by .ci/run on CI). Tests
# pinned to SQLite ran in the main pass and are deselected here (the ``database`` marker, tests/conftest.py).
test-lti-postgres: $(STAMP)
	FIELDSCHOOL_TEST_DATABASE_URL=$(LTI_PG) FIELDSCHOOL_TEST_REDIS_URL=$(LTI_REDIS) \
	  $(BIN)/python -m pytest tests/lti_tool -q $(PYTEST_ARGS)

# The XBlock tests on Python 3.12 (newest XBlock and xblock-sdk, Django 5.2, the LTI tool beside them for the case
# parity tests), peer data on PostgreSQL.
# A prerequisite: without python3.12 or PostgreSQL this pass fails and says so (it never passes for untested).
test-xblocks-312:
	@if [ -z "$(PYTHON312)" ]; then echo "FAILED: python3.12 is needed for the XBlock tests on 3.12 (see README)"; \
	  exit 1; fi
	$(MAKE) $(STAMP312)
	FIELDSCHOOL_XBLOCKS_TEST_DB=postgres $(VENV312)/bin/python -m pytest tests/xblocks $(SIDE_ARGS)

# The XBlock tests on XBlock 5.x + Django 4.2 + Python 3.11 (peer data on SQLite).
test-xblocks-xb5:
	@if [ -z "$(PYTHON311)" ]; then echo "FAILED: python3.11 is needed for the XBlock 5.x tests (see README)"; \
	  exit 1; fi
	$(MAKE) $(STAMPXB5)
	$(VENVXB5)/bin/python -m pytest tests/xblocks $(SIDE_ARGS)

# The peer store (and the peer exercise on it) on MariaDB, Tutor's default database: on 127.0.0.1:3306 with the
# account .ci/run creates (fieldschool/fieldschool, databases fieldschool*).
test-peer-store-mariadb:
	@if ! mariadb-admin -h 127.0.0.1 ping >/dev/null 2>&1; then echo "FAILED: no MariaDB on 127.0.0.1:3306 (see README)"; \
	  exit 1; fi
	$(MAKE) $(MARIADB_STAMP)
	FIELDSCHOOL_XBLOCKS_TEST_DB=mariadb $(BIN)/python -m pytest -q $(SIDE_ARGS) \
	  tests/xblocks/test_xblock_peer_store.py tests/xblocks/test_xblock_peer_exercise.py \
	  tests/xblocks/test_xblock_peer_lifecycle.py

bench: $(STAMP)  ## benchmarks; they print their figures
	$(BIN)/python benchmarks/load_curriculum.py
	$(BIN)/python benchmarks/scorm_export.py
	$(BIN)/python benchmarks/cartridge_export.py
	$(BIN)/python benchmarks/lti_launch.py
	$(BIN)/python benchmarks/lti_activities.py
	$(BIN)/python benchmarks/peer_grades.py
	$(BIN)/python benchmarks/peer_rush.py

translations: $(STAMP)  ## re-extract the tool's interface strings (and the core's N_ texts it shows), update, compile
	cd lti_tool && ../$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --omit-header \
	  -o translations/messages.pot . ../curriculum && ../$(BIN)/pybabel update -i translations/messages.pot -d translations \
	  --no-fuzzy-matching --width=120 && ../$(BIN)/python -m curriculum.terms translations \
	  && ../$(BIN)/python -m curriculum.terms organisations/translations --existing-only \
	  && ../$(BIN)/pybabel compile -d translations && ../$(BIN)/pybabel compile -d organisations/translations

clean:
	rm -rf $(VENV) $(VENV312) $(VENVXB5)
