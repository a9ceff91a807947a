# Kenshin Desk: `make demo` and `make test` set everything up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv demo smoke test test-all lint build build-smoke bench clean-demo screenshots

# System packages come first: tools/check_system.py (the system python3, stdlib only) installs
# what is missing when run as root (apt-get, quiet), and otherwise prints the one command to run
# and stops with a non-zero status before anything is created. No font package is needed: the
# IPAex fonts ship in resources/fonts. The targets below run it BEFORE .venv is made or filled.
CHECK := $(PYTHON) tools/check_system.py

$(STAMP): pyproject.toml
	@$(CHECK) --for venv
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# Without a display (DISPLAY and WAYLAND_DISPLAY unset) the check exits 3 and says so: the
# offscreen smoke run instead of the window. ($(MAKE) on a line of its own: `make -n` runs it.)
demo:
	@$(CHECK) --for demo; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 3 ] || exit $$status
	@$(MAKE) --no-print-directory venv
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then $(BIN)/healthdesk demo; \
	else $(BIN)/healthdesk demo --smoke; fi

smoke: venv
	$(BIN)/healthdesk demo --smoke

test:
	@$(CHECK) --for tests
	@$(MAKE) --no-print-directory venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" \
	  --cov --cov-report=term:skip-covered

test-all:
	@$(CHECK) --for tests
	@$(MAKE) --no-print-directory venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The one-folder workstation app: dist/kenshin-desk/kenshin-desk (build.spec, kenshin_desk.py).
APP := dist/kenshin-desk/kenshin-desk

build:
	@$(CHECK) --for build
	@$(MAKE) --no-print-directory venv
	$(BIN)/python -m pip install --quiet -e '.[build]'
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec && \
	echo "build: $$(( $$(date +%s) - start )) s, $$(du -sh dist/kenshin-desk | cut -f1) in dist/kenshin-desk/"

# The built app, not the checkout: everything it loads at run time, then the demo's smoke run
# (its own demo server started from the same executable), offscreen in a scratch data home.
build-smoke: build
	QT_QPA_PLATFORM=offscreen $(APP) bundle-check
	@scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	env -u DISPLAY QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$$scratch" \
	  $(APP) demo --smoke --residents 2000

bench: venv
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/lookup.py
	$(BIN)/python bench/extract.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/entry.py
	@if command -v xvfb-run >/dev/null; then \
	  env -u QT_QPA_PLATFORM xvfb-run -a $(BIN)/python bench/entry.py; \
	else echo "bench/entry.py: xvfb-run がないため Xvfb での測定は省略 / no xvfb-run: offscreen only"; fi
	$(BIN)/python bench/vouchers.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/server_load.py

# The English catalogue: texts of t()/N_() in ui/ and the core's fixed messages into the .ts
# (translations kept, new ones unfinished), then the .qm the desk loads (kept in git).
.PHONY: translations
translations: venv
	$(BIN)/python tools/i18n_extract.py --lang en
	$(BIN)/pyside6-lrelease -silent resources/translations/kenshin_en.ts \
	  -qm resources/translations/kenshin_en.qm
	@$(BIN)/python tools/i18n_extract.py --lang en --check > /dev/null || \
	  echo "kenshin_en.ts: texts to translate (python tools/i18n_extract.py --check lists them)"

# Every screen and printed page into docs/screenshots, on the demo server's synthetic data
# (about 1.5 minutes; needs xvfb-run and pdftoppm: apt-get install -y xvfb xauth poppler-utils).
screenshots: venv
	xvfb-run -a -s "-screen 0 1280x900x24" $(BIN)/python tools/screenshots.py

clean-demo:
	@echo "デモデータは次の場所にあります（削除は手動で）: $$($(BIN)/python -c 'from app.bootstrap import default_data_dir; print(default_data_dir(demo=True))')"
