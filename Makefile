# Kenshin Desk: `make demo` and `make test` set everything up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv demo smoke test test-all lint build build-smoke bench clean-demo screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 以上が必要です"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv が使えません: sudo apt-get install -y python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	@$(BIN)/python tools/check_system.py --for-demo; status=$$?; \
	if [ $$status -eq 0 ]; then $(BIN)/healthdesk demo; \
	elif [ $$status -eq 3 ]; then $(BIN)/healthdesk demo --smoke; \
	else exit $$status; fi

smoke: venv
	$(BIN)/healthdesk demo --smoke

test: venv
	@$(BIN)/python tools/check_system.py --for-tests
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" \
	  --cov --cov-report=term:skip-covered

test-all: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The one-folder workstation app: dist/kenshin-desk/kenshin-desk (build.spec, kenshin_desk.py).
APP := dist/kenshin-desk/kenshin-desk

build: venv
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
# (about 1.5 minutes; needs xvfb-run, pdftoppm and the IPAex fonts).
screenshots: venv
	xvfb-run -a -s "-screen 0 1280x900x24" $(BIN)/python tools/screenshots.py

clean-demo:
	@echo "デモデータは次の場所にあります（削除は手動で）: $$($(BIN)/python -c 'from app.bootstrap import default_data_dir; print(default_data_dir(demo=True))')"
