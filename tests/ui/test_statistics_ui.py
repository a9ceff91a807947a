"""統計: a supervisor makes the table of a program and year off the GUI thread and prints it."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from tests.ui.conftest import PASSWORDS
from ui.statistics_screen import StatisticsScreen

TODAY = date(2026, 11, 26)


def make_screen(desk: Desk, qtbot: QtBot) -> StatisticsScreen:
    session = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    screen = StatisticsScreen(desk.statistics, desk.targets, desk.printing, session, today=TODAY)
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def test_the_table_has_every_band_both_sexes_and_the_totals(desk: Desk, qtbot: QtBot) -> None:
    screen = make_screen(desk, qtbot)
    screen.program_combo.setCurrentIndex(screen.program_combo.findData("colorectal"))
    screen.run_action.trigger()
    qtbot.waitUntil(lambda: screen.made is not None, timeout=20_000)
    labels = [screen.model.row_at(row).label for row in range(screen.model.rowCount())]
    assert labels[0] == "男　40〜44" and labels[9] == "男　計" and labels[-1] == "合計"
    assert len(labels) == 2 * 10 + 1
    total = screen.model.row_at(screen.model.rowCount() - 1).cells
    assert total.targets > 0 and total.examinees <= total.targets
    assert "受診率（40〜69歳）" in screen.rate_label.text()
    assert screen.print_action.isEnabled()


def test_printing_goes_through_the_preview_and_is_recorded(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = make_screen(desk, qtbot)
    screen.run_action.trigger()
    qtbot.waitUntil(lambda: screen.made is not None, timeout=20_000)
    shown: list[bytes] = []
    printed: list[dict[str, object]] = []
    monkeypatch.setattr(
        "ui.statistics_screen.PreviewDialog.ask",
        lambda parent, pdf, title: shown.append(pdf) or True,
    )
    monkeypatch.setattr(
        "ui.statistics_screen.print_pdf",
        lambda *args, **kwargs: printed.append(kwargs) or "1ページを送りました。",
    )
    screen.print_action.trigger()
    assert shown and shown[0].startswith(b"%PDF")
    assert printed[0]["document_kind"] == "statistics"
    assert screen.status_label.text() == "1ページを送りました。"
