# Kenshin Desk: `make demo` and `make test` set everything up on a fresh Debian/Ubuntu machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: venv demo smoke test test-all lint build bench clean-demo screenshots

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

build: venv
	$(BIN)/python -m pip install --quiet -e '.[build]'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

bench: venv
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/lookup.py
	$(BIN)/python bench/extract.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/entry.py
	$(BIN)/python bench/vouchers.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/server_load.py

screenshots: venv
	xvfb-run -a -s "-screen 0 1280x900x24" $(BIN)/python tools/screenshots.py

clean-demo:
	@echo "デモデータは次の場所にあります（削除は手動で）: $$($(BIN)/python -c 'from app.bootstrap import default_data_dir; print(default_data_dir(demo=True))')"
