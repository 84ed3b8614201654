# Two commands: `make run` and `make test`.  Both create .venv and install on first use.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# pgserver asks platformdirs for a private runtime folder; give it one (0700) under var/.
export XDG_RUNTIME_DIR ?= $(CURDIR)/var/run

.PHONY: install run test lint bench clean-var

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ gerekli" if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)

run: install
	$(BIN)/flask --app wsgi dev --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check ebelediye tenants modules tests bench
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/tenancy.py $(BENCH_ARGS)

clean-var:
	rm -rf var
