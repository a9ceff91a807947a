"""対象者抽出: a supervisor counts every program's targets in the background and may stop."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.domain.wareki import format_fiscal_year
from app.services.target_service import Extraction, ExtractionCancelled, ProgramTargets
from tests.ui.conftest import PASSWORDS, log_in, nav_titles
from ui.extraction_screen import (
    ALL_PROGRAMS,
    CANCELLED_TEXT,
    ExtractionScreen,
    ExtractionTableModel,
    summary_text,
)
from ui.main_window import MainWindow

TODAY = date.today()
THIS_YEAR = fiscal_year_of(TODAY)


def make_screen(desk: Desk, qtbot: QtBot) -> ExtractionScreen:
    screen = ExtractionScreen(
        desk.targets, desk.auth.login("supervisor", PASSWORDS["supervisor"]), today=TODAY
    )
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def extract_and_wait(qtbot: QtBot, screen: ExtractionScreen) -> None:
    screen.extract_action.trigger()
    assert screen.task is not None
    with qtbot.waitSignal(screen.task.finished, timeout=30_000):
        pass


def test_the_criteria_offer_all_programs_and_this_and_next_fiscal_year(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    assert screen.program_combo.itemText(0) == ALL_PROGRAMS
    assert screen.program_combo.itemData(0) is None
    assert screen.program_combo.count() == 11
    years = [screen.year_combo.itemData(i) for i in range(screen.year_combo.count())]
    assert years == [THIS_YEAR, THIS_YEAR + 1]
    assert screen.year_combo.itemText(0) == format_fiscal_year(THIS_YEAR)
    assert screen.progress_bar.isHidden() and screen.cancel_button.isHidden()
    assert screen.table.isHidden()  # nothing extracted yet


def test_a_supervisor_extracts_every_program(desk: Desk, qtbot: QtBot, qtmodeltester):
    screen = make_screen(desk, qtbot)
    extract_and_wait(qtbot, screen)
    assert screen.error_label.text() == ""
    assert screen.model.rowCount() == 10
    for row in screen.model.rows():
        assert isinstance(row.count, int) and row.count >= 0
        assert 0 <= row.fee_exempt_count <= row.count
        assert 0 <= row.coupon_count <= row.count
    assert screen.extraction is not None
    assert screen.summary_label.text() == summary_text(screen.extraction)
    assert screen.summary_label.text().startswith(f"{format_fiscal_year(THIS_YEAR)}　受診日 令和")
    assert screen.extract_action.isEnabled() and not screen.cancel_action.isEnabled()
    assert screen.progress_bar.isHidden() and not screen.table.isHidden()
    qtmodeltester.check(screen.model)


def test_one_program_gives_one_row(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    screen.program_combo.setCurrentIndex(1)
    extract_and_wait(qtbot, screen)
    assert [row.program_code for row in screen.model.rows()] == [screen.program_combo.itemData(1)]


def a_result() -> Extraction:
    return Extraction(
        2025,
        date(2025, 6, 1),
        (ProgramTargets("gastric", "胃がん検診", 12345, 678, 9, ("r1",)),),
        123456,
        2.34,
    )


def test_numbers_are_right_aligned_with_thousands_separators(qtbot: QtBot, qtmodeltester):
    model = ExtractionTableModel(a_result().programs)
    qtmodeltester.check(model)
    texts = [model.data(model.index(0, column)) for column in range(4)]
    assert texts == ["胃がん検診", "12,345", "678", "9"]
    alignment = model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert summary_text(a_result()) == (
        "令和7年度　受診日 令和7年6月1日　住民 123,456人を判定（2.3秒）"
    )


class SlowExtract:
    """Reports progress once, then waits until the screen cancels, as the service does."""

    def __init__(self) -> None:
        self.saw_cancel = threading.Event()

    def __call__(self, session, *, program_code, fiscal_year, progress=None, cancelled=None):
        assert progress is not None and cancelled is not None
        progress(1, 50)
        deadline = time.monotonic() + 10
        while not cancelled():
            if time.monotonic() > deadline:
                raise AssertionError("the screen never cancelled")
            time.sleep(0.005)
        self.saw_cancel.set()
        raise ExtractionCancelled()


def test_cancel_during_a_run_stops_it_and_leaves_the_table(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    screen = make_screen(desk, qtbot)
    extract_and_wait(qtbot, screen)
    before = screen.model.rows()
    summary = screen.summary_label.text()
    slow = SlowExtract()
    monkeypatch.setattr(desk.targets, "extract", slow)
    screen.extract_action.trigger()
    task = screen.task
    assert task is not None
    assert not screen.extract_action.isEnabled() and screen.cancel_action.isEnabled()
    assert not screen.progress_bar.isHidden()
    qtbot.waitUntil(lambda: screen.progress_bar.value() == 1, timeout=5000)
    assert screen.progress_bar.maximum() == 50
    with qtbot.waitSignal(task.finished, timeout=5000):
        screen.cancel_action.trigger()
    assert slow.saw_cancel.is_set()
    assert screen.status_label.text() == CANCELLED_TEXT
    assert screen.error_label.text() == ""
    assert screen.model.rows() == before and screen.summary_label.text() == summary
    assert screen.extract_action.isEnabled() and screen.progress_bar.isHidden()


def test_escape_cancels_a_running_extraction(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    screen = make_screen(desk, qtbot)
    slow = SlowExtract()
    monkeypatch.setattr(desk.targets, "extract", slow)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    qtbot.keyClick(screen.program_combo, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    task = screen.task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=5000):
        qtbot.keyClick(screen.cancel_button, Qt.Key.Key_Escape)
    assert slow.saw_cancel.is_set()
    assert screen.status_label.text() == CANCELLED_TEXT
    assert screen.model.rowCount() == 0


def test_logging_out_during_a_run_drops_the_result(
    make_controller, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    slow = SlowExtract()
    monkeypatch.setattr(desk.targets, "extract", slow)
    controller = make_controller()
    log_in(controller, "supervisor")
    window = controller.main_window
    window.nav.setCurrentRow(list(window.screens).index("extraction"))
    screen = window.screens["extraction"]
    assert isinstance(screen, ExtractionScreen)
    screen.extract_action.trigger()
    task = screen.task
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=5000):
        window.logout_action.trigger()
    assert slow.saw_cancel.is_set()
    assert controller.main_window is None


@pytest.mark.parametrize(("login_id", "expected"), [("clerk1", False), ("admin", False)])
def test_only_the_supervisor_has_extraction(desk: Desk, qtbot: QtBot, login_id, expected):
    window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(window)
    assert ("対象者抽出" in nav_titles(window)) is expected
