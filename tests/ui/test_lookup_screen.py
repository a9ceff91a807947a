"""住民検索: results as you type, errors under the box, the detail pane and its 個人番号."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.my_number import check_digit
from app.domain.wareki import format_date
from app.services.lookup_dto import ResidentRow
from tests.ui.conftest import PASSWORDS, nav_titles
from ui.lookup_screen import SEARCHING_TEXT, TRUNCATED_TEXT, LookupScreen
from ui.main_window import MainWindow
from ui.resident_detail import SUPPORT_BANNER

KATAKANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
)


def make_screen(desk: Desk, qtbot: QtBot, login_id: str = "clerk1") -> LookupScreen:
    screen = LookupScreen(desk.lookup, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def a_resident(desk: Desk) -> ResidentRow:
    session = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    for letter in KATAKANA:
        rows = desk.lookup.search(session, text=letter).rows
        if rows:
            return rows[0]
    raise AssertionError("the demo store has no residents")


def type_text(screen: LookupScreen, text: str) -> None:
    """Key in one character at a time (QTest cannot synthesise kana key presses)."""
    for character in text:
        screen.search_edit.insert(character)


def wait_for_search(qtbot: QtBot, screen: LookupScreen) -> None:
    """Until the pause is over and the newest search has shown its result or its error."""
    qtbot.waitUntil(lambda: not screen.timer.isActive() and screen.task is None, timeout=5000)


def search_now(qtbot: QtBot, screen: LookupScreen) -> None:
    screen.run_search()
    wait_for_search(qtbot, screen)


def type_and_wait(qtbot: QtBot, screen: LookupScreen, text: str) -> None:
    screen.search_edit.clear()
    type_text(screen, text)
    wait_for_search(qtbot, screen)


def shown_ids(screen: LookupScreen) -> list[str]:
    return [row.id for row in screen.model.rows()]


def test_typing_kana_shows_results_after_the_pause(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    type_text(screen, resident.kana[:2])
    assert screen.timer.isActive()
    assert screen.model.rowCount() == 0  # nothing until the typing pauses
    qtbot.waitUntil(lambda: resident.id in shown_ids(screen), timeout=2000)
    assert screen.error_label.text() == ""
    assert not screen.notice_label.isVisible()


def test_each_keystroke_restarts_the_pause_and_the_newest_text_wins(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    calls: list[str] = []
    original = desk.lookup.search

    def counting(session, **criteria):
        calls.append(criteria["text"])
        return original(session, **criteria)

    screen._lookup = type("Spy", (), {"search": staticmethod(counting)})()  # type: ignore[assignment]
    type_text(screen, resident.kana[:3])
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    qtbot.wait(300)
    assert calls == [resident.kana[:3]]


class GatedLookup:
    """Searches for `slow_text` wait at a gate, so a newer search can overtake them."""

    def __init__(self, real, slow_text: str) -> None:
        self.real = real
        self.slow_text = slow_text
        self.gate = threading.Event()
        self.wards = real.wards

    def search(self, session, **criteria):
        if criteria["text"] == self.slow_text:
            assert self.gate.wait(5)
        return self.real.search(session, **criteria)


def test_a_search_runs_in_the_background_and_says_so(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    gated = GatedLookup(desk.lookup, resident.register_no)
    screen._lookup = gated  # type: ignore[assignment]
    screen.search_edit.setText(resident.register_no)
    screen.run_search()
    assert screen.count_label.text() == SEARCHING_TEXT
    gated.gate.set()
    wait_for_search(qtbot, screen)
    assert shown_ids(screen) == [resident.id]
    assert screen.count_label.text() == "1件"


def test_the_result_of_an_older_query_is_dropped(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    gated = GatedLookup(desk.lookup, "ア")
    screen._lookup = gated  # type: ignore[assignment]
    screen.search_edit.setText("ア")
    screen.run_search()
    older = screen.task
    screen.search_edit.setText(resident.register_no)
    search_now(qtbot, screen)
    assert shown_ids(screen) == [resident.id]
    assert older is not None
    with qtbot.waitSignal(older.finished, timeout=5000):
        gated.gate.set()
    assert shown_ids(screen) == [resident.id]


def test_a_birth_date_in_wareki_finds_the_resident(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    type_and_wait(qtbot, screen, format_date(resident.birth_date))
    assert screen.error_label.text() == ""
    assert resident.id in shown_ids(screen)


def test_bad_input_shows_the_japanese_error_and_keeps_going(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    type_and_wait(qtbot, screen, "abc")
    assert "カナ氏名" in screen.error_label.text()
    type_and_wait(qtbot, screen, "令和99年13月1日")
    assert screen.error_label.text() != ""
    screen.born_from_edit.setText("きのう")
    screen.search_edit.setText(a_resident(desk).kana[:1])
    search_now(qtbot, screen)
    assert "生年月日（から）" in screen.error_label.text()
    screen.born_from_edit.clear()
    search_now(qtbot, screen)
    assert screen.error_label.text() == ""
    assert screen.model.rowCount() > 0


def test_a_clerk_typing_a_my_number_is_refused_under_the_box(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    digits = "12345678901"
    type_and_wait(qtbot, screen, digits + str(check_digit(digits)))
    assert "権限" in screen.error_label.text()
    assert screen.model.rowCount() == 0


def open_first(qtbot: QtBot, screen: LookupScreen, text: str) -> None:
    screen.search_edit.setText(text)
    search_now(qtbot, screen)
    screen.open_row(0)


def test_opening_a_row_shows_the_facts_eligibility_and_the_masked_number(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    open_first(qtbot, screen, resident.register_no)
    pane = screen.detail
    assert pane.detail is not None and pane.detail.row.id == resident.id
    assert pane.eligibility_model.rowCount() == 10
    assert pane.birth_label.text() == format_date(resident.birth_date)
    assert pane.my_number_label.text().startswith("****")
    assert pane.year_combo.count() == 3
    assert pane.year_combo.currentData() == pane.detail.fiscal_year
    pane.year_combo.setCurrentIndex(0)
    assert pane.detail.fiscal_year == pane.year_combo.itemData(0)


def test_the_support_measure_banner_shows_only_for_a_protected_resident(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    open_first(qtbot, screen, a_resident(desk).register_no)
    pane = screen.detail
    assert pane.detail is not None
    plain = replace(pane.detail, row=replace(pane.detail.row, support_measure=False))
    pane.show_detail(plain)
    assert pane.banner.isHidden()
    pane.show_detail(replace(plain, row=replace(plain.row, support_measure=True)))
    assert pane.banner.text() == SUPPORT_BANNER
    assert not pane.banner.isHidden()


def test_a_clerk_has_no_reveal_button(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    open_first(qtbot, screen, a_resident(desk).register_no)
    assert screen.detail.reveal_button is None


def test_the_supervisor_reveals_the_whole_number_until_another_resident_opens(
    desk: Desk, qtbot: QtBot
):
    screen = make_screen(desk, qtbot, "supervisor")
    session = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    residents = [r for r in desk.lookup.search(session, text=a_resident(desk).kana[:1]).rows]
    with_number = [
        r
        for letter in KATAKANA
        for r in desk.lookup.search(session, text=letter).rows
        if desk.lookup.open_resident(session, resident_id=r.id).masked_my_number[-1].isdigit()
    ]
    assert residents and len(with_number) >= 2
    open_first(qtbot, screen, with_number[0].register_no)
    assert screen.detail.reveal_button is not None
    screen.detail.reveal_button.click()
    shown = screen.detail.my_number_label.text().replace(" ", "")
    assert len(shown) == 12 and shown.isdigit()
    open_first(qtbot, screen, with_number[1].register_no)
    assert screen.detail.my_number_label.text().startswith("****")


def test_the_admin_has_no_lookup_and_the_desk_roles_do(desk: Desk, qtbot: QtBot):
    for login_id, expected in (("admin", False), ("clerk1", True), ("supervisor", True)):
        window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
        qtbot.addWidget(window)
        assert ("住民検索" in nav_titles(window)) is expected


def test_every_table_model_passes_the_model_tester(desk: Desk, qtbot: QtBot, qtmodeltester):
    screen = make_screen(desk, qtbot)
    open_first(qtbot, screen, a_resident(desk).kana[:1])
    pane = screen.detail
    for model in (screen.model, pane.eligibility_model, pane.history_model, pane.follow_up_model):
        qtmodeltester.check(model)
    assert screen.model.rowCount() > 0 and pane.eligibility_model.rowCount() > 0


def test_keyboard_ctrl_f_down_and_enter_open_a_resident(desk: Desk, qtbot: QtBot):
    resident = a_resident(desk)
    screen = make_screen(desk, qtbot)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search_edit.hasFocus()
    type_and_wait(qtbot, screen, resident.register_no)
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Down)
    assert screen.table.hasFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.detail.detail is not None
    assert screen.detail.detail.row.id == resident.id


def test_ctrl_c_on_the_results_leaves_the_clipboard_alone(desk: Desk, qtbot: QtBot):
    screen = make_screen(desk, qtbot)
    screen.search_edit.setText(a_resident(desk).kana[:1])
    search_now(qtbot, screen)
    clipboard = QApplication.clipboard()
    clipboard.setText("before")
    screen.table.setCurrentIndex(screen.proxy.index(0, 1))
    qtbot.keyClick(screen.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "before"


def test_the_truncation_notice_text():
    assert TRUNCATED_TEXT == "上位200件を表示しています。条件を絞り込んでください。"
