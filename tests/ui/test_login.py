"""Logging in: success, refusals, lock-out, the forced password change, keyboard only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.policy import Role
from app.services.errors import LOGIN_FAILED
from tests.ui.conftest import PASSWORDS, log_in
from ui import login_form
from ui.change_password_dialog import MISMATCH, ChangePasswordDialog
from ui.home_screen import HomeScreen


def test_login_window_shows_the_workstation_and_that_it_never_synced(make_controller):
    controller = make_controller()
    text = controller.login_window.workstation_label.text()
    assert "test-desk" in text
    assert "未同期" in text


def test_login_success_shows_home(make_controller, qtbot: QtBot):
    controller = make_controller()
    log_in(controller, "clerk1")
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(window.isVisible)
    assert isinstance(window.current_screen(), HomeScreen)
    assert not controller.login_window.isVisible()
    assert "事務 一郎" in window.current_screen().greeting_label.text()
    assert window.current_screen().roles_label.text() == "役割: 事務担当"
    assert "利用者: 事務 一郎" in window.status_label.text()
    assert "端末: test-desk" in window.status_label.text()
    assert "年度: 令和" in window.status_label.text()
    assert window.sync_status.text() == "未登録（単独運用）"  # the sync line stands beside it


def test_wrong_password_shows_the_generic_message_and_stays(make_controller, qtbot: QtBot):
    controller = make_controller()
    qtbot.waitExposed(controller.login_window)
    controller.login_window.activateWindow()
    qtbot.waitUntil(controller.login_window.isActiveWindow)
    log_in(controller, "clerk1", "not-the-password")
    form = controller.login_window.form
    assert controller.main_window is None
    assert form.error_label.text() == LOGIN_FAILED
    assert form.password_edit.text() == ""
    assert form.id_edit.text() == "clerk1"
    assert form.password_edit.hasFocus()


def test_unknown_id_gets_the_same_message_as_a_wrong_password(make_controller):
    controller = make_controller()
    log_in(controller, "nobody", "whatever-it-is")
    assert controller.login_window.form.error_label.text() == LOGIN_FAILED


@pytest.mark.parametrize(
    ("login_id", "password", "message"),
    [("", "x", "職員IDを入力してください。"), ("clerk1", "", "パスワードを入力してください。")],
)
def test_empty_fields_are_refused_before_any_attempt(make_controller, login_id, password, message):
    controller = make_controller()
    form = controller.login_window.form
    form.id_edit.setText(login_id)
    form.password_edit.setText(password)
    form.login_button.click()
    assert form.error_label.text() == message
    assert controller.main_window is None


def test_five_failures_lock_the_account_with_the_lock_message(make_controller):
    controller = make_controller()
    form = controller.login_window.form
    for _ in range(4):
        log_in(controller, "clerk2", "wrong-password")
        assert form.error_label.text() == LOGIN_FAILED
    log_in(controller, "clerk2", "wrong-password")
    assert "ロックされています" in form.error_label.text()
    log_in(controller, "clerk2")
    assert "ロックされています" in form.error_label.text()
    assert controller.main_window is None


def test_keyboard_only_login_by_typing_id_enter_password_enter(make_controller, qtbot: QtBot):
    controller = make_controller()
    window = controller.login_window
    qtbot.waitExposed(window)
    window.activateWindow()
    form = window.form
    form.id_edit.setFocus()
    qtbot.waitUntil(form.id_edit.hasFocus)
    qtbot.keyClicks(form.id_edit, "clerk1")
    qtbot.keyClick(form.id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(form.password_edit.hasFocus)
    qtbot.keyClicks(form.password_edit, PASSWORDS["clerk1"])
    qtbot.keyClick(form.password_edit, Qt.Key.Key_Return)
    assert controller.main_window is not None
    assert isinstance(controller.main_window.current_screen(), HomeScreen)


def _new_staff(desk: Desk, login_id: str = "tanaka") -> str:
    admin = desk.auth.login("admin", PASSWORDS["admin"])
    return desk.admin.create_staff(
        admin, login_id=login_id, display_name="田中 一", roles=[Role.CLERK]
    )


def test_forced_password_change_refuses_policy_breaches_then_succeeds(
    make_controller, desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    temporary = _new_staff(desk)
    seen: list[str] = []

    def drive(parent, desk_, session, *, forced):
        assert forced
        dialog = ChangePasswordDialog(parent, desk_, session, forced=True)
        qtbot.addWidget(dialog)
        dialog.show()
        for new, confirm in (
            ("short", "short"),
            ("password1234", "password1234"),
            ("a-long-pass-phrase", "a-long-pass-phras"),
            ("shizuoka-sakura-fuji", "shizuoka-sakura-fuji"),
        ):
            dialog.current_edit.setText(temporary)
            dialog.new_edit.setText(new)
            dialog.confirm_edit.setText(confirm)
            dialog.ok_button.click()
            seen.append(dialog.error_label.text())
        assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
        return dialog.changed_session()

    monkeypatch.setattr(ChangePasswordDialog, "ask", drive)
    controller = make_controller()
    log_in(controller, "tanaka", temporary)
    assert seen[0] == "パスワードは12文字以上にしてください。"
    assert "よく使われている" in seen[1]
    assert seen[2] == MISMATCH
    assert controller.main_window is not None
    assert not controller.main_window.session.must_change_password
    again = desk.auth.login("tanaka", "shizuoka-sakura-fuji")
    assert not again.must_change_password


def test_cancelling_the_forced_change_logs_out_back_to_login(
    make_controller, desk: Desk, monkeypatch: pytest.MonkeyPatch
):
    temporary = _new_staff(desk)
    monkeypatch.setattr(ChangePasswordDialog, "ask", lambda *args, **kwargs: None)
    controller = make_controller()
    log_in(controller, "tanaka", temporary)
    assert controller.main_window is None
    assert controller.login_window.form.error_label.text() == login_form.CHANGE_REFUSED


def test_change_password_dialog_keyboard_enter_moves_on_then_submits(desk: Desk, qtbot: QtBot):
    session = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    dialog = ChangePasswordDialog(None, desk, session, forced=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.current_edit.setFocus()
    qtbot.waitUntil(dialog.current_edit.hasFocus)
    for field, text in (
        (dialog.current_edit, PASSWORDS["clerk1"]),
        (dialog.new_edit, "harukaze-ume-sakura"),
        (dialog.confirm_edit, "harukaze-ume-sakura"),
    ):
        assert field.hasFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.changed_session() is not None
    assert dialog.current_edit.text() == dialog.new_edit.text() == ""
    assert desk.auth.login("clerk1", "harukaze-ume-sakura").login_id == "clerk1"


def test_change_password_with_a_wrong_current_password_says_so(desk: Desk, qtbot: QtBot):
    session = desk.auth.login("clerk1", PASSWORDS["clerk1"])
    dialog = ChangePasswordDialog(None, desk, session, forced=False)
    qtbot.addWidget(dialog)
    dialog.current_edit.setText("not-my-password")
    dialog.new_edit.setText("harukaze-ume-sakura")
    dialog.confirm_edit.setText("harukaze-ume-sakura")
    dialog.ok_button.click()
    assert dialog.error_label.text() == "現在のパスワードが正しくありません。"
    assert dialog.changed_session() is None
