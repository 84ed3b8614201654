# Two commands: `make run` and `make test`.  Both create .venv and install on first use.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 5000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium
# pgserver asks platformdirs for a private runtime folder; give it one (0700) under var/.
export XDG_RUNTIME_DIR ?= $(CURDIR)/var/run

.PHONY: install run test browser lint bench clean-var i18n

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ gerekli" if sys.version_info < (3, 11) else 0)'
	@test -x $(BIN)/python || { echo "==> Python ortamı oluşturuluyor ($(VENV))"; $(PYTHON) -m venv $(VENV); }
	@echo "==> Paketler kuruluyor (ilk çalıştırmada birkaç dakika sürer; sonra atlanır; ayrıntı: var/install.log) ..."
	@mkdir -p var; start=$$(date +%s); \
	  { $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e '.[test,dev]'; echo $$? > var/install.rc; } 2>&1 \
	  | tee var/install.log | awk '/^Collecting /{n++; printf "\r    %d paket çözüldü", n; fflush()} \
	      /^Installing collected packages/{printf "\n    kuruluyor ...\n"; fflush()}'; \
	  rc=$$(cat var/install.rc); rm -f var/install.rc; \
	  if [ "$$rc" != 0 ]; then echo; tail -20 var/install.log; echo "==> Kurulum başarısız (var/install.log)"; exit 1; fi; \
	  echo "==> Kurulum tamam ($$(( $$(date +%s) - start )) sn)"
	@touch $(STAMP)

install: $(STAMP)
	@mkdir -p -m 700 $(XDG_RUNTIME_DIR)

run: install
	$(BIN)/flask --app wsgi dev --port $(PORT)

# One pytest-xdist worker per core, whole files to a worker (each builds its own database
# and uses REDIS_URL's database number plus its index); XDIST= runs in one process.
# With Debian's chromium present, a browser test that does not run fails the run
# (tests/plugin.py: EBELEDIYE_REQUIRE_BROWSER); the summary says how many ran.
XDIST ?= -n auto --dist loadfile
test: install browser
	@if [ -x $(CHROMIUM) ]; then export EBELEDIYE_REQUIRE_BROWSER=$${EBELEDIYE_REQUIRE_BROWSER:-1}; fi; \
	  $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# Browser tests drive Debian's chromium at $(CHROMIUM) (tests/e2e/conftest.py; never a
# downloaded build).  Installed where we may (root with apt-get), and then a failed install
# stops `make test`; elsewhere the browser tests are skipped with a message.
browser:
	@[ -x $(CHROMIUM) ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "chromium kuruluyor (Debian paketi)..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	    [ -x $(CHROMIUM) ] || { echo "chromium kurulamadı ($(CHROMIUM) yok): tarayıcı testleri çalışamaz"; exit 1; }; \
	  else echo "chromium yok (apt-get install chromium): tarayıcı testleri atlanacak"; fi; }

lint: install
	$(BIN)/ruff check ebelediye tenants modules tests bench
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/tenancy.py $(BENCH_ARGS)

# Message catalogs: the core's (babel.cfg: ebelediye/, tenants/) and one per module
# (modules/<key>/babel.cfg -> modules/<key>/translations).  Translate what is new in each
# en/LC_MESSAGES/messages.po, then run it again to compile.
i18n: install
	$(BIN)/pybabel -q extract -F babel.cfg --no-wrap --sort-output -o ebelediye/translations/messages.pot .
	$(BIN)/pybabel -q update --no-wrap --ignore-obsolete -i ebelediye/translations/messages.pot -d ebelediye/translations
	$(BIN)/pybabel -q compile -d ebelediye/translations
	@for m in modules/*/; do \
	  [ -f $$m/babel.cfg ] || continue; \
	  $(BIN)/pybabel -q extract -F $$m/babel.cfg --no-wrap --sort-output -o $$m/translations/messages.pot $$m; \
	  if [ -f $$m/translations/en/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel -q update --no-wrap --ignore-obsolete -i $$m/translations/messages.pot -d $$m/translations; \
	  else $(BIN)/pybabel -q init --no-wrap -i $$m/translations/messages.pot -d $$m/translations -l en; fi; \
	  $(BIN)/pybabel -q compile -d $$m/translations; \
	done

clean-var:
	rm -rf var
