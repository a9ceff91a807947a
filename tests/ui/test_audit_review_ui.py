"""The audit review screen: filters, flags, the checkpoint result and the reviewed mark."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.bootstrap import Desk
from app.sync.transport import ServerUnreachable
from app.sync.wire import AuditCheckpoint
from tests.support import SettableClock, login, make_desk
from ui.audit_filters import COMMENT_REQUIRED, ReviewDialog
from ui.audit_screen import AuditScreen

DAY = date(2026, 11, 26)  # SettableClock's 01:00 UTC: 10:00 JST on a Thursday


@pytest.fixture
def office_desk(tmp_path: Path) -> Iterator[Desk]:
    """A desk on a fixed clock in working hours, so no view is flagged for the hour."""
    built = make_desk(tmp_path / "office", clock=SettableClock())
    yield built
    built.close()


@pytest.fixture
def screen(office_desk: Desk, qtbot: QtBot) -> AuditScreen:
    built = AuditScreen(office_desk.audit, login(office_desk, "supervisor"))
    qtbot.addWidget(built)
    built.filters.from_edit.setDate(QDate(DAY))
    built.filters.to_edit.setDate(QDate(DAY))
    built.refresh()
    return built


def open_resident(desk: Desk, login_id: str, times: int) -> None:
    with desk.engine.connect() as connection:
        resident_id = connection.execute(text("SELECT id FROM residents LIMIT 1")).scalar()
    session = login(desk, login_id)
    for _ in range(times):
        desk.lookup.open_resident(session, resident_id=resident_id)


def choose(combo: Any, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def logins_of(screen: AuditScreen) -> set[str]:
    return {row.staff_login for row in screen.model.rows()}


def test_filters_narrow_the_events(screen: AuditScreen, office_desk: Desk) -> None:
    login(office_desk, "clerk1")
    screen.search_action.trigger()
    assert {"clerk1", "supervisor"} <= logins_of(screen)
    clerk_index = screen.filters.staff_combo.findText("clerk1")
    screen.filters.staff_combo.setCurrentIndex(clerk_index)
    screen.search_action.trigger()
    assert logins_of(screen) == {"clerk1"}
    choose(screen.filters.action_combo, "audit_verify")
    screen.search_action.trigger()
    assert screen.model.rowCount() == 0
    screen.filters.staff_combo.setCurrentIndex(0)
    choose(screen.filters.action_combo, "login")
    screen.search_action.trigger()
    assert {row.action for row in screen.model.rows()} == {"login"}
    assert "該当" in screen.count_label.text()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s.filters.record_edit.setText("x" * 10_000),
        lambda s: s.filters.workstation_edit.setText("desk\x01"),
        lambda s: s.filters.to_edit.setDate(QDate(2026, 11, 1)),
    ],
)
def test_bad_input_gets_a_japanese_message_and_nothing_changes(
    screen: AuditScreen, spoil: Any
) -> None:
    shown = screen.model.rows()
    spoil(screen)
    screen.search_action.trigger()
    assert "入力" in screen.message_label.text() or "期間" in screen.message_label.text()
    assert screen.model.rows() == shown


def test_flags_are_listed_with_their_reason(
    screen: AuditScreen, office_desk: Desk, qtmodeltester: Any
) -> None:
    assert screen.tabs.tabText(1).startswith("要確認 なし")
    open_resident(office_desk, "clerk2", 30)
    screen.refresh()
    assert screen.flag_model.rowCount() == 1
    assert screen.tabs.tabText(1).startswith("要確認 1件")
    assert screen.flag_model.index(0, 0).data() == "短時間の大量閲覧"
    assert screen.flag_model.index(0, 1).data() == "clerk2"
    assert "30件閲覧" in screen.flag_model.index(0, 5).data()
    qtmodeltester.check(screen.flag_model)
    qtmodeltester.check(screen.model)
    screen.flag_table.activated.emit(screen.flag_model.index(0, 0))
    assert screen.tabs.currentIndex() == 0
    assert logins_of(screen) == {"clerk2"}


def answer(monkeypatch: pytest.MonkeyPatch, comments: list[str], seen: list[str]) -> None:
    def run(dialog: ReviewDialog) -> int:
        for comment in comments:
            dialog.comment_edit.setText(comment)
            dialog.ok_button.click()
            seen.append("accepted" if dialog.result() else dialog.error_label.text())
        if not dialog.result():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(ReviewDialog, "exec", run)


def test_marking_reviewed_needs_a_comment_and_lists_the_mark(
    screen: AuditScreen, office_desk: Desk, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    seen: list[str] = []
    answer(monkeypatch, ["", "あ" * 401, "確認しました。問題なし。"], seen)
    screen.review_action.trigger()
    assert seen[0] == COMMENT_REQUIRED
    assert "400文字以内" in seen[1]
    assert seen[2] == "accepted"
    assert screen.review_model.rowCount() == 1 and screen.tabs.currentIndex() == 2
    assert screen.review_model.index(0, 1).data() == "supervisor"
    assert screen.review_model.index(0, 4).data() == "正常"
    assert screen.review_model.index(0, 5).data() == "確認しました。問題なし。"
    qtmodeltester.check(screen.review_model)
    choose(screen.filters.action_combo, "audit_reviewed")
    screen.search_action.trigger()
    assert screen.model.rowCount() == 1
    assert screen.model.rows()[0].record_kind == "audit_review"


def test_a_cancelled_review_records_nothing(
    screen: AuditScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer(monkeypatch, [], [])
    screen.review_action.trigger()
    assert screen.review_model.rowCount() == 0


class FakeServer:
    def __init__(self, checkpoint: AuditCheckpoint | None) -> None:
        self.checkpoint = checkpoint

    def audit_checkpoint(self) -> AuditCheckpoint:
        if self.checkpoint is None:
            raise ServerUnreachable()
        return self.checkpoint


def test_verification_shows_local_and_server_results(
    screen: AuditScreen, office_desk: Desk
) -> None:
    screen.verify_action.trigger()
    assert screen.result_label.text().startswith("正常: ")
    assert "登録されていない" in screen.server_label.text()
    office_desk.audit._client_factory = lambda: FakeServer(None)  # type: ignore[assignment]
    screen.verify_action.trigger()
    assert screen.result_label.text().startswith("正常: ")
    assert "接続できない" in screen.server_label.text()
    mismatch = AuditCheckpoint(seq=999, hash="0" * 64)
    office_desk.audit._client_factory = lambda: FakeServer(mismatch)  # type: ignore[assignment]
    screen.verify_action.trigger()
    assert "改ざん・巻き戻しの疑い" in screen.server_label.text()


def test_the_screen_is_keyboard_reachable(screen: AuditScreen) -> None:
    shortcuts = {
        action.text(): action.shortcut().toString()
        for action in (screen.search_action, screen.verify_action, screen.review_action)
    }
    assert all(shortcuts.values()), shortcuts
    staff, workstation, action, record, _, _ = screen.filters.fields()
    assert staff.nextInFocusChain() is workstation
    assert workstation.nextInFocusChain() is action
    assert action.nextInFocusChain() is record
    assert screen.filters.staff_combo.accessibleName() == "職員"
