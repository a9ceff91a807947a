"""English beside Japanese: the catalogue holds every text of the screens, translated with the
same placeholders; with English installed each role's screens show no Japanese but data; and
Japanese comes back when it is chosen again."""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.domain.wareki import format_fiscal_year
from app.services.errors import PermissionDenied
from tests.support import PASSWORDS
from ui import i18n
from ui.background import wait_for_all
from ui.login_window import LoginWindow
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "kenshin_en.ts"
QM = TS.with_suffix(".qm")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
# Dates in the Japanese calendar are data (clerks and the paper forms use them): 令和8年度.
WAREKI = re.compile(r"(明治|大正|昭和|平成|令和)(元|\d+)年(度|\d+月(\d+日)?)?")
ACCELERATOR = re.compile(r"&[^&\s]")
ROLES = ("clerk1", "supervisor", "admin")


def _extractor() -> ModuleType:
    path = ROOT / "tools" / "i18n_extract.py"
    spec = importlib.util.spec_from_file_location("i18n_extract", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


extract = _extractor()


def _fields(text: str) -> set[tuple[str, str, str | None]]:
    return {
        (name, spec, conversion)
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def test_the_catalogue_holds_every_text_of_the_screens_translated():
    entries = extract.read_ts(TS)
    hint = "run `make translations`, then translate the new texts of kenshin_en.ts"
    assert extract.problems(extract.collect(), entries) == [], hint
    translated = {source for source, entry in entries.items() if entry.finished}
    assert extract.ui_texts() <= translated


def test_each_translation_keeps_the_placeholders_and_one_accelerator():
    for source, entry in extract.read_ts(TS).items():
        if not entry.finished:
            continue
        assert _fields(entry.translation) == _fields(source), source
        wanted = len(ACCELERATOR.findall(source.replace("&&", "")))
        assert len(ACCELERATOR.findall(entry.translation.replace("&&", ""))) == wanted, source


def test_the_compiled_catalogue_is_the_current_one():
    """The .qm the desk loads says what the .ts says (`make translations` was run)."""
    translator = QTranslator()
    assert translator.load(str(QM))
    for source, entry in extract.read_ts(TS).items():
        if entry.finished:
            assert translator.translate(i18n.CONTEXT, source) == entry.translation, source


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "ja")


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A refusal said in a box (an admin screen on a desk not enrolled) is kept, not shown."""
    shown: list[str] = []

    def answer(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()} {box.text()} {box.informativeText()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown


def _header_texts(view: QTableView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    columns = range(model.columnCount(QModelIndex()))
    return [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]


def _widget_texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QTableView):
        return _header_texts(widget)
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    return []


def visible_texts(window: QWidget) -> list[str]:
    """The static texts a clerk sees: labels, buttons, group and tab titles, placeholders,
    table headers, the window title, menus and actions (not the cells of data tables)."""
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window):
            texts += _widget_texts(widget)
    texts += [menu.title() for menu in window.findChildren(QMenu)]
    texts += [action.text() for action in window.findChildren(QAction)]
    return [text for text in texts if text]


def japanese_left(texts: list[str], data: tuple[str, ...]) -> list[str]:
    """The texts that still hold Japanese once the data values in them are taken out."""
    left = []
    for text in texts:
        plain = WAREKI.sub("", text)
        for value in data:
            plain = plain.replace(value, "")
        if JAPANESE.search(plain):
            left.append(text)
    return left


def _data_values(desk: Desk, login_id: str) -> tuple[str, ...]:
    session = desk.auth.login(login_id, PASSWORDS[login_id])
    this_year = fiscal_year_of(date.today())
    years = tuple(format_fiscal_year(year) for year in range(this_year - 2, this_year + 2))
    # Ward names are the register's data (the lookup screen's ward filter lists them).
    try:
        wards = tuple(desk.lookup.wards(session))
    except PermissionDenied:  # the admin sees no register, so no ward filter either
        wards = ()
    return (session.display_name, *years, *wards)


def _walk_screens(window: MainWindow) -> list[str]:
    texts = visible_texts(window)
    texts += [window.nav.item(row).text() for row in range(window.nav.count())]
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        texts += visible_texts(window)
    wait_for_all()
    return texts


@pytest.mark.parametrize("login_id", ROLES)
def test_in_english_each_screen_of_the_role_shows_no_japanese_but_data(
    desk: Desk, qtbot: QtBot, english: None, boxes: list[str], login_id: str
):
    window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]), demo=True)
    qtbot.addWidget(window)
    window.start()
    try:
        texts = _walk_screens(window)
    finally:
        window.idle.stop()
    assert "Home" in texts
    data = _data_values(desk, login_id)
    assert japanese_left(texts, data) == []
    assert japanese_left(boxes, data) == []


def test_in_english_the_login_window_shows_no_japanese(desk: Desk, qtbot: QtBot, english: None):
    window = LoginWindow(desk, demo_accounts=list(PASSWORDS.items()))
    qtbot.addWidget(window)
    texts = visible_texts(window)
    assert "&Log in" in texts
    assert japanese_left(texts, ()) == []


def test_choosing_japanese_again_brings_japanese_back(desk: Desk, qtbot: QtBot, qapp):
    i18n.install(qapp, "en")
    i18n.install(qapp, "en")  # a second install replaces the first, it does not stack
    assert i18n.t("承認") == "Approvals"
    assert i18n.current_language() == "en"
    i18n.install(qapp, "ja")
    assert i18n.current_language() == "ja"
    assert i18n.t("承認") == "承認"
    window = MainWindow(desk, desk.auth.login("supervisor", PASSWORDS["supervisor"]))
    qtbot.addWidget(window)
    assert window.nav.item(0).text() == "ホーム"
    assert window.logout_action.text() == "ログアウト(&Q)"


def test_an_unknown_language_means_japanese(qapp):
    i18n.install(qapp, "xx")
    assert i18n.current_language() == "ja"
    assert i18n.t("承認") == "承認"
