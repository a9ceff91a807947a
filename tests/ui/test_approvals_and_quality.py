"""訂正・削除の申請 from the lookup detail, the 承認 screen that re-keys it, and 入力品質."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.bootstrap import Desk
from tests.entry_support import batch_id, key, person, result_id
from tests.support import login
from tests.ui.conftest import PASSWORDS, nav_titles
from ui.approvals_screen import APPROVED_TEXT, REJECTED_TEXT, ApprovalsScreen
from ui.correction_dialog import REQUESTED_TEXT, CorrectionDialog, with_corrections
from ui.lookup_screen import LookupScreen
from ui.main_window import MainWindow
from ui.quality_screen import QualityScreen
from ui.screen import ScreenContext

NEW_DATE_FORMS = ("R8.6.11", "2026-06-11", "6月11日", "6.11")


def lookup_for(desk: Desk, qtbot: QtBot, login_id: str, person: dict[str, str]) -> LookupScreen:
    """The lookup screen as navigation builds it, with the person's detail open."""
    session = login(desk, login_id)
    screen = with_corrections(LookupScreen(desk.lookup, session), ScreenContext(desk, session))
    qtbot.addWidget(screen)
    screen.search_edit.setText(person["kana"])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    ids = [row.id for row in screen.model.rows()]
    screen.open_row(ids.index(person["id"]))
    return screen


def verified_row(screen: LookupScreen) -> int | None:
    """The row of the history that was keyed twice here (the demo history is not)."""
    model = screen.detail.history_model
    rows = [r for r in range(model.rowCount()) if model.row_at(r).verified]
    assert len(rows) <= 1
    return rows[0] if rows else None


def history_texts(screen: LookupScreen) -> list[tuple[str, str]]:
    """(受診日, 判定) of the verified line of the open resident's history, if there is one."""
    model = screen.detail.history_model
    row = verified_row(screen)
    return [] if row is None else [(model.index(row, 2).data(), model.index(row, 3).data())]


def select_verified(screen: LookupScreen) -> None:
    row = verified_row(screen)
    assert row is not None
    screen.detail.history_table.setCurrentIndex(screen.detail.history_model.index(row, 0))


def approvals_for(desk: Desk, qtbot: QtBot, login_id: str = "supervisor") -> ApprovalsScreen:
    screen = ApprovalsScreen(desk.corrections, login(desk, login_id))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def request_change(desk: Desk, result_id: str) -> str:
    return desk.corrections.request_change(
        login(desk, "clerk1"),
        result_id=result_id,
        changes={"judgement": "1", "screening_date": "R8.6.11"},
        reason="医療機関から訂正連絡",
    )


def shown_texts(root: QWidget) -> list[str]:
    """Every text a widget of the tree shows or hints, and every cell of its tables."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
    if isinstance(root, ApprovalsScreen):
        model = root.model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    texts.append(str(model.index(row, column).data(role)))
    return texts


def test_a_clerk_requests_a_change_from_the_lookup_detail(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str], monkeypatch
):
    screen = lookup_for(desk, qtbot, "clerk1", person)
    pane = screen.detail
    assert pane.request_button.isVisibleTo(pane) and not pane.request_action.isEnabled()
    unverified = [r for r in range(pane.history_model.rowCount()) if r != verified_row(screen)]
    if unverified:
        pane.history_table.setCurrentIndex(pane.history_model.index(unverified[0], 0))
        assert not pane.request_action.isEnabled()
    select_verified(screen)
    assert pane.request_action.isEnabled()

    def key_the_dialog(dialog: CorrectionDialog) -> int:
        judgement = dialog.row("judgement")
        judgement.box.setChecked(True)
        judgement.edit.setText("9")
        judgement.edit.editingFinished.emit()
        assert "1=異常認めず" in judgement.error.text()  # checked as the field is left
        judgement.edit.setText("1")
        dialog.row("screening_date").box.setChecked(True)
        dialog.row("screening_date").edit.setText("R8.6.11")
        dialog.submit()
        assert "理由" in dialog.error_label.text()  # a reason is required
        dialog.reason_edit.setText("医療機関から訂正連絡")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(CorrectionDialog, "exec", key_the_dialog)
    pane.request_action.trigger()
    assert pane.request_label.text() == REQUESTED_TEXT
    [pending] = desk.corrections.pending(login(desk, "supervisor"))
    assert pending.kind == "change" and pending.requested_by == "clerk1"
    assert {code for code, _ in pending.fields} == {"judgement", "screening_date"}


def test_the_dialog_shows_the_services_refusal_and_stays_open(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str]
):
    screen = lookup_for(desk, qtbot, "clerk1", person)
    row = verified_row(screen)
    assert row is not None
    line = screen.detail.history_model.row_at(row)

    def refuse(kind: str, changes: dict[str, str], reason: str) -> str:
        from app.domain.errors import KenshinError

        raise KenshinError("照合済みの結果が見つかりません")

    dialog = CorrectionDialog(screen, line, refuse)
    qtbot.addWidget(dialog)
    dialog.delete_radio.setChecked(True)
    assert not dialog.fields_area.isEnabled()
    dialog.reason_edit.setText("重複登録")
    dialog.submit()
    assert dialog.error_label.text() == "照合済みの結果が見つかりません"
    assert dialog.result_value is None


def test_the_approver_sees_which_fields_changed_but_never_the_new_values(
    desk: Desk, qtbot: QtBot, result_id: str
):
    request_change(desk, result_id)
    screen = approvals_for(desk, qtbot)
    assert screen.model.rowCount() == 1
    assert screen.model.index(0, 0).data() == "訂正"
    assert screen.model.index(0, 2).data() == "令和8年6月10日"
    screen.select_row(0)
    assert set(screen.inputs) == {"judgement", "screening_date"}
    assert {edit.accessibleName() for edit in screen.inputs.values()} == {"判定", "受診日"}
    assert all(edit.text() == "" for edit in screen.inputs.values())
    texts = "\n".join(shown_texts(screen))
    assert "医療機関から訂正連絡" in texts
    for shown in NEW_DATE_FORMS:
        assert shown not in texts


def key_decision(screen: ApprovalsScreen, values: dict[str, str], reason: str) -> None:
    for code, value in values.items():
        screen.inputs[code].setText(value)
    screen.reason_edit.setText(reason)


def test_a_re_keyed_value_that_differs_is_refused_and_changes_nothing(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str]
):
    request_change(desk, result_id)
    screen = approvals_for(desk, qtbot)
    screen.select_row(0)
    assert not screen.approve_button.isEnabled() and not screen.reject_button.isEnabled()
    key_decision(screen, {"judgement": "1"}, "用紙で確認")
    assert not screen.approve_button.isEnabled()  # every changed field must be keyed
    assert screen.reject_button.isEnabled()
    key_decision(screen, {"screening_date": "R8.6.12"}, "用紙で確認")
    screen.approve_button.click()
    assert "一致しません" in screen.error_label.text() and "受診日" in screen.error_label.text()
    assert len(desk.corrections.pending(login(desk, "supervisor"))) == 1
    lookup = lookup_for(desk, qtbot, "supervisor", person)
    assert history_texts(lookup) == [("令和8年6月10日", "要精検")]


def test_keying_the_right_values_approves_and_the_history_shows_them(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str]
):
    request_change(desk, result_id)
    screen = approvals_for(desk, qtbot)
    screen.select_row(0)
    key_decision(screen, {"judgement": "異常認めず", "screening_date": "令和8年6月11日"}, "確認")
    screen.approve_button.click()
    assert screen.error_label.text() == ""
    assert screen.result_label.text() == APPROVED_TEXT
    assert screen.model.rowCount() == 0 and screen.request is None
    lookup = lookup_for(desk, qtbot, "clerk2", person)
    assert history_texts(lookup) == [("令和8年6月11日", "異常認めず")]


def test_an_approved_deletion_removes_the_line_from_the_history(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str]
):
    desk.corrections.request_delete(login(desk, "clerk2"), result_id=result_id, reason="別人の用紙")
    screen = approvals_for(desk, qtbot)
    screen.select_row(0)
    assert screen.model.index(0, 0).data() == "削除" and screen.inputs == {}
    screen.reason_edit.setText("用紙を確認")
    assert screen.approve_button.isEnabled()
    screen.approve_button.click()
    assert screen.result_label.text() == APPROVED_TEXT
    lookup = lookup_for(desk, qtbot, "clerk1", person)
    assert history_texts(lookup) == []


def test_a_request_is_rejected_with_a_reason_and_the_result_stays(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str]
):
    request_change(desk, result_id)
    screen = approvals_for(desk, qtbot)
    screen.select_row(0)
    screen.reason_edit.setText("   ")
    assert not screen.reject_button.isEnabled()
    screen.reason_edit.setText("用紙の記載どおり")
    screen.reject_button.click()
    assert screen.result_label.text() == REJECTED_TEXT
    assert screen.model.rowCount() == 0
    assert desk.corrections.pending(login(desk, "supervisor")) == []
    assert history_texts(lookup_for(desk, qtbot, "clerk1", person)) == [
        ("令和8年6月10日", "要精検")
    ]


def test_the_requester_cannot_approve_their_own_request(
    desk: Desk, qtbot: QtBot, result_id: str, person: dict[str, str], monkeypatch
):
    lookup = lookup_for(desk, qtbot, "supervisor", person)
    select_verified(lookup)

    def ask_delete(dialog: CorrectionDialog) -> int:
        dialog.delete_radio.setChecked(True)
        dialog.reason_edit.setText("重複登録")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(CorrectionDialog, "exec", ask_delete)
    lookup.detail.request_action.trigger()
    screen = approvals_for(desk, qtbot)
    screen.select_row(0)
    screen.reason_edit.setText("確認")
    screen.approve_button.click()
    assert "自分が申請した訂正は承認できません" in screen.error_label.text()
    assert screen.model.rowCount() == 1


@pytest.mark.parametrize(("login_id", "shown"), [("clerk1", False), ("admin", False)])
def test_clerks_and_the_admin_have_no_approvals_or_quality(
    desk: Desk, qtbot: QtBot, login_id: str, shown: bool
):
    window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(window)
    titles = nav_titles(window)
    assert ("承認" in titles) is shown and ("入力品質" in titles) is shown


def settle_one_difference(desk: Desk, batch_id: str, person: dict[str, str]) -> None:
    """clerk2 keys 便潜血 2日目 wrongly; the supervisor keeps clerk1's value from the paper."""
    key(desk, "clerk1", batch_id, person)
    key(desk, "clerk2", batch_id, person, fobt_day2="1")
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    desk.verification.key_from_paper(supervisor, form_id=item.form_id, field="fobt_day2", value="2")
    desk.verification.settle(
        supervisor, form_id=item.form_id, field="fobt_day2", decision="accept", reason="用紙どおり"
    )


def rows_by_label(screen: QualityScreen) -> dict[str, list[Any]]:
    model = screen.model
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 4)]
        for r in range(model.rowCount())
    }


def test_the_quality_screen_charges_the_error_to_clerk2(
    desk: Desk, qtbot: QtBot, batch_id: str, person: dict[str, str]
):
    settle_one_difference(desk, batch_id, person)
    screen = QualityScreen(desk.quality, login(desk, "supervisor"))
    qtbot.addWidget(screen)
    screen.refresh()
    rows = rows_by_label(screen)
    assert rows["clerk2"] == ["11", "1", "90.9"]
    assert rows["clerk1"] == ["11", "0", "0.0"]
    assert screen.model.headerData(3, Qt.Orientation.Horizontal) == "1,000項目あたり"
    screen.group_combo.setCurrentIndex(screen.group_combo.findText("項目別"))
    assert rows_by_label(screen)["大腸がん：便潜血 2日目"][1] == "1"
    screen.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert screen.proxy.index(screen.proxy.rowCount() - 1, 2).data() == "1"


def test_both_models_pass_the_model_tester(
    desk: Desk, qtbot: QtBot, qtmodeltester, batch_id: str, person: dict[str, str]
):
    settle_one_difference(desk, batch_id, person)
    with desk.engine.connect() as connection:
        result_id = connection.execute(
            text("SELECT id FROM screening_results WHERE source = 'verified'")
        ).scalar()
    request_change(desk, str(result_id))
    approvals = approvals_for(desk, qtbot)
    quality = QualityScreen(desk.quality, login(desk, "supervisor"))
    qtbot.addWidget(quality)
    quality.refresh()
    assert approvals.model.rowCount() == 1 and quality.model.rowCount() == 2
    qtmodeltester.check(approvals.model)
    qtmodeltester.check(quality.model)


def test_a_request_is_approved_with_the_keyboard_alone(desk: Desk, qtbot: QtBot, result_id: str):
    desk.corrections.request_delete(login(desk, "clerk2"), result_id=result_id, reason="重複登録")
    screen = approvals_for(desk, qtbot)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.table.setFocus()
    assert screen.request is not None  # the first request is open at once
    qtbot.keyClick(screen.table, Qt.Key.Key_Tab)
    assert screen.reason_edit.hasFocus()
    qtbot.keyClicks(screen.reason_edit, "ok")
    qtbot.keyClick(screen.reason_edit, Qt.Key.Key_Return)
    assert screen.approve_button.hasFocus()
    qtbot.keyClick(screen.approve_button, Qt.Key.Key_Return)
    assert screen.result_label.text() == APPROVED_TEXT
    assert screen.model.rowCount() == 0


__all__ = ["batch_id", "person", "result_id"]  # fixtures shared with the integration tests
