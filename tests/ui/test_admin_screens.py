"""The supervisor's audit screen and the admin's staff screen, driven through their controls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.policy import Role
from tests.ui.conftest import PASSWORDS
from ui import widgets
from ui.audit_screen import AuditScreen
from ui.staff_dialogs import GrantDialog, NewStaffDialog
from ui.staff_screen import StaffScreen
from ui.staff_table_model import staff_lock


@pytest.fixture
def audit_screen(desk: Desk, qtbot: QtBot) -> AuditScreen:
    screen = AuditScreen(desk.audit, desk.auth.login("supervisor", PASSWORDS["supervisor"]))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


@pytest.fixture
def staff_screen(desk: Desk, qtbot: QtBot) -> StaffScreen:
    screen = StaffScreen(desk.admin, desk.auth.login("admin", PASSWORDS["admin"]))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


@pytest.fixture
def secrets_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_secret", lambda parent, intro, secret: shown.append(secret))
    monkeypatch.setattr(widgets, "confirm", lambda parent, question: True)
    return shown


def _select(screen: StaffScreen, login_id: str) -> None:
    screen._select(login_id)
    assert screen.selected_staff().login_id == login_id


def test_audit_verify_reports_a_sound_chain(audit_screen: AuditScreen):
    audit_screen.verify_action.trigger()
    assert audit_screen.result_label.text().startswith("正常: ")
    assert "件の記録を検査しました" in audit_screen.result_label.text()
    newest = audit_screen.proxy.index(0, 4).data()
    assert newest == "改ざん検査"  # the check is itself recorded, and the table reloaded


def test_audit_filter_narrows_the_rows(audit_screen: AuditScreen):
    audit_screen.refresh()
    total = audit_screen.proxy.rowCount()
    audit_screen.filter_edit.setText("ログイン")
    assert 0 < audit_screen.proxy.rowCount() < total
    assert "表示" in audit_screen.count_label.text()
    audit_screen.filter_edit.setText("no-such-thing")
    assert audit_screen.proxy.rowCount() == 0


def test_create_staff_shows_the_temporary_password_once(
    staff_screen: StaffScreen, desk: Desk, secrets_shown, monkeypatch: pytest.MonkeyPatch
):
    def fill(parent, create):
        dialog = NewStaffDialog(parent, create)
        dialog.id_edit.setText("sato")
        dialog.name_edit.setText("佐藤 次郎")
        dialog.role_boxes[Role.CLERK].setChecked(True)
        dialog.ok_button.click()
        return dialog.result_value

    monkeypatch.setattr(NewStaffDialog, "ask", fill)
    staff_screen.create_action.trigger()
    assert len(secrets_shown) == 1 and len(secrets_shown[0]) == 16
    assert staff_screen.selected_staff().login_id == "sato"
    assert staff_screen.selected_staff().must_change_password
    assert desk.auth.login("sato", secrets_shown[0]).must_change_password


def test_new_staff_dialog_keeps_refusals_in_the_dialog(desk: Desk, qtbot: QtBot):
    admin = desk.auth.login("admin", PASSWORDS["admin"])

    def create(login_id: str, name: str, roles: list[Role]) -> tuple[str, str]:
        password = desk.admin.create_staff(admin, login_id=login_id, display_name=name, roles=roles)
        return login_id, password

    dialog = NewStaffDialog(None, create)
    qtbot.addWidget(dialog)
    dialog.id_edit.setText("sato")
    dialog.name_edit.setText("佐藤 次郎")
    dialog.ok_button.click()
    assert "役割を一つ以上" in dialog.error_label.text()
    dialog.id_edit.setText("さとう")
    dialog.role_boxes[Role.CLERK].setChecked(True)
    dialog.ok_button.click()
    assert "半角英数字" in dialog.error_label.text()
    assert dialog.result_value is None


def test_reset_password_gives_a_new_temporary_password(
    staff_screen: StaffScreen, desk: Desk, secrets_shown
):
    _select(staff_screen, "clerk2")
    staff_screen.reset_action.trigger()
    assert len(secrets_shown) == 1
    assert desk.auth.login("clerk2", secrets_shown[0]).must_change_password
    assert staff_screen.selected_staff().must_change_password


def test_disable_then_enable_a_staff_member(staff_screen: StaffScreen, desk: Desk, secrets_shown):
    _select(staff_screen, "clerk2")
    assert staff_screen.disable_action.text() == "利用停止"
    staff_screen.disable_action.trigger()
    assert staff_screen.selected_staff().disabled
    assert staff_screen.disable_action.text() == "利用再開"
    staff_screen.disable_action.trigger()
    assert not staff_screen.selected_staff().disabled


def test_unlock_clears_a_lock_out(staff_screen: StaffScreen, desk: Desk, secrets_shown):
    for _ in range(5):
        with pytest.raises(KenshinError):
            desk.auth.login("clerk2", "wrong-password")
    staff_screen.refresh()
    _select(staff_screen, "clerk2")
    assert "ロック中" in staff_lock(staff_screen.selected_staff())
    staff_screen.unlock_action.trigger()
    assert staff_lock(staff_screen.selected_staff()) == ""
    assert desk.auth.login("clerk2", PASSWORDS["clerk2"]).login_id == "clerk2"


def test_grant_with_an_expiry_then_revoke_it(
    staff_screen: StaffScreen, secrets_shown, monkeypatch: pytest.MonkeyPatch
):
    def fill(parent, name, grant):
        dialog = GrantDialog(parent, name, grant)
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.SUPERVISOR.value))
        dialog.expiry_box.setChecked(True)
        dialog.until_edit.setDate(dialog.until_edit.date().addDays(10))
        assert "の終わりまで" in dialog.wareki_label.text()
        dialog.ok_button.click()
        return dialog.result_value

    monkeypatch.setattr(GrantDialog, "ask", fill)
    _select(staff_screen, "clerk1")
    staff_screen.grant_action.trigger()
    assert staff_screen.grant_model.rowCount() == 2
    staff_screen.grant_table.selectRow(
        next(r for r in range(2) if staff_screen.grant_model.row_at(r).role == Role.SUPERVISOR)
    )
    assert staff_screen.revoke_action.isEnabled()
    staff_screen.revoke_action.trigger()
    states = {staff_screen.grant_model.index(r, 1).data() for r in range(2)}
    assert states == {"有効", "取消済"}


def test_staff_actions_wait_for_a_selection(staff_screen: StaffScreen):
    staff_screen.table.clearSelection()
    assert not staff_screen.reset_action.isEnabled()
    assert not staff_screen.grant_action.isEnabled()
    assert not staff_screen.revoke_action.isEnabled()


def test_refusals_from_the_service_are_shown(
    staff_screen: StaffScreen, monkeypatch: pytest.MonkeyPatch
):
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, message: shown.append(message))
    monkeypatch.setattr(widgets, "confirm", lambda parent, question: True)
    _select(staff_screen, "admin")
    staff_screen.disable_action.trigger()
    assert shown == ["自分自身のIDは停止できません。"]


def test_new_staff_dialog_can_be_keyed_start_to_finish(desk: Desk, qtbot: QtBot):
    received: list[tuple[str, str, list[Role]]] = []

    def create(login_id: str, name: str, roles: list[Role]) -> tuple[str, str]:
        received.append((login_id, name, roles))
        return login_id, "temporary-password"

    dialog = NewStaffDialog(None, create)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.id_edit.hasFocus)
    qtbot.keyClicks(dialog.id_edit, "sato")
    qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Return)
    assert dialog.name_edit.hasFocus()
    dialog.name_edit.setText("佐藤 次郎")  # kanji come through the IME, which QTest cannot type
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    clerk = dialog.role_boxes[Role.CLERK]
    assert clerk.hasFocus()
    qtbot.keyClick(clerk, Qt.Key.Key_Space)
    for box in dialog.role_boxes.values():
        assert box.hasFocus()
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert dialog.ok_button.hasFocus()
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    assert received == [("sato", "佐藤 次郎", [Role.CLERK])]
    assert dialog.result_value == ("sato", "temporary-password")


def test_grant_dialog_can_be_keyed_start_to_finish(qtbot: QtBot):
    received: list[tuple[Role, object]] = []
    dialog = GrantDialog(None, "事務 花子", lambda role, until: received.append((role, until)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.role_combo.hasFocus)
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Return)
    assert dialog.expiry_box.hasFocus()
    qtbot.keyClick(dialog.expiry_box, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.expiry_box, Qt.Key.Key_Return)
    assert dialog.until_edit.hasFocus()
    qtbot.keyClick(dialog.until_edit, Qt.Key.Key_Return)
    assert dialog.ok_button.hasFocus()
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    [(role, until)] = received
    assert role == Role.SUPERVISOR
    assert until is not None and until.hour == 23
