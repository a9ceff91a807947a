"""精検結果の入力 from the lookup detail, and 精検結果の確認 where another person re-keys it."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from tests.entry_support import batch_id, key, person, result_id
from tests.support import login
from tests.ui.conftest import log_in, nav_titles
from ui.followup_confirm_screen import (
    CONFIRMED_TEXT,
    EMPTY_TEXT,
    MINE_TEXT,
    FollowupConfirmScreen,
)
from ui.followup_dialog import RECORDED_TEXT, FollowupDialog, FollowupEntries, with_followups
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext

__all__ = ["batch_id", "key", "person", "result_id"]


def lookup_for(
    desk: Desk, qtbot: QtBot, login_id: str, person: dict[str, str]
) -> tuple[LookupScreen, FollowupEntries]:
    session = login(desk, login_id)
    screen = with_followups(LookupScreen(desk.lookup, session), ScreenContext(desk, session))
    qtbot.addWidget(screen)
    screen.search_edit.setText(person["kana"])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    ids = [row.id for row in screen.model.rows()]
    screen.open_row(ids.index(person["id"]))
    [entries] = screen.findChildren(FollowupEntries)
    return screen, entries


def select_result(screen: LookupScreen, result_id: str) -> None:
    model = screen.detail.follow_up_model
    [row] = [r for r in range(model.rowCount()) if model.row_at(r).result_id == result_id]
    screen.detail.follow_up_table.setCurrentIndex(model.index(row, 0))


def confirm_screen(desk: Desk, qtbot: QtBot, login_id: str) -> FollowupConfirmScreen:
    screen = FollowupConfirmScreen(desk.followups, login(desk, login_id))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def test_a_clerk_records_a_followup_from_the_open_referrals(
    desk: Desk,
    qtbot: QtBot,
    result_id: str,
    person: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen, entries = lookup_for(desk, qtbot, "clerk1", person)
    assert entries.button.isVisibleTo(screen.detail) and not entries.action.isEnabled()
    select_result(screen, result_id)
    assert entries.action.isEnabled()

    def key_the_dialog(dialog: FollowupDialog) -> int:
        dialog.submit()
        assert "受診状況" in dialog.error_label.text()
        dialog.input.select("not_attended")
        assert not dialog.input.outcome_combo.isEnabled()
        dialog.input.select("attended")
        assert dialog.input.outcome_combo.isEnabled()
        dialog.submit()  # no 精検結果 yet: the service refuses, the dialog stays
        assert "精検結果を選んで" in dialog.error_label.text()
        dialog.input.select("attended", "suspected")
        dialog.date_edit.setText("R9.1.1")
        dialog.submit()
        assert "未来" in dialog.error_label.text()
        dialog.date_edit.setText("R8.7.1")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(FollowupDialog, "exec", key_the_dialog)
    entries.action.trigger()
    assert entries.label.text() == RECORDED_TEXT
    [line] = [
        r
        for r in desk.followups.referrals(login(desk, "clerk2"), resident_id=person["id"])
        if r.result_id == result_id
    ]
    assert (line.state, line.status, line.outcome) == ("pending", "attended", "suspected")


def test_another_person_confirms_by_re_keying_and_the_recorder_cannot(
    desk: Desk, qtbot: QtBot, result_id: str
) -> None:
    desk.followups.record(
        login(desk, "clerk1"), result_id=result_id, status="attended", outcome="cancer"
    )
    own = confirm_screen(desk, qtbot, "clerk1")
    assert own.current is not None and own.current.mine
    assert own.title_label.text() == MINE_TEXT and not own.confirm_button.isEnabled()

    screen = confirm_screen(desk, qtbot, "clerk2")
    assert screen.current is not None and screen.input.status() == ""  # nothing pre-filled
    screen.confirm()
    assert "受診状況" in screen.error_label.text()
    screen.input.select("attended", "normal")
    screen.confirm()
    assert "一致しません" in screen.error_label.text()
    screen.input.select("attended", "cancer")
    screen.confirm()
    assert screen.result_label.text() == CONFIRMED_TEXT
    assert screen.count_label.text() == EMPTY_TEXT


def test_clerks_and_supervisors_see_the_confirmation_screen_admins_do_not(
    make_controller, qtbot: QtBot
) -> None:
    for login_id, shown in (("clerk1", True), ("supervisor", True), ("admin", False)):
        controller = make_controller()
        log_in(controller, login_id)
        qtbot.waitUntil(lambda c=controller: c.main_window is not None, timeout=5000)
        assert ("精検結果の確認" in nav_titles(controller.main_window)) is shown
        controller.shutdown()
