"""The idle lock hides the work, opens only for the same person, and hands the desk over."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.services.errors import LOGIN_FAILED
from tests.ui.conftest import PASSWORDS, NoteScreen, log_in
from ui.change_password_dialog import ChangePasswordDialog
from ui.controller import DeskController
from ui.home_screen import HomeScreen
from ui.idle_lock import IdleWatcher
from ui.main_window import LOCKED_TITLE, MainWindow

IDLE_MS = 150


def _idle_locked(
    make_controller, qtbot: QtBot, login_id: str = "clerk1"
) -> tuple[DeskController, MainWindow]:
    controller: DeskController = make_controller(idle_interval_ms=IDLE_MS)
    log_in(controller, login_id)
    window = controller.main_window
    assert window is not None
    qtbot.waitUntil(window.is_locked, timeout=3000)
    return controller, window


def test_activity_restarts_the_idle_timer(qtbot: QtBot):
    watcher = IdleWatcher(400)
    with qtbot.assertNotEmitted(watcher.idle, wait=250):
        watcher.start()
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass
    watcher.stop()


def test_key_presses_keep_the_desk_unlocked(make_controller, qtbot: QtBot):
    controller = make_controller(idle_interval_ms=400)
    log_in(controller, "clerk1")
    window = controller.main_window
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert not window.is_locked()


def test_idle_lock_hides_the_screen_and_the_window_title(make_controller, qtbot: QtBot):
    _, window = _idle_locked(make_controller, qtbot)
    home = window.screens["home"]
    assert isinstance(home, HomeScreen)
    assert not home.isVisible()
    assert not window.workspace.isVisible()
    assert not window.statusBar().isVisible()
    assert not window.menuBar().isVisible()
    assert window.lock_screen.isVisible()
    assert window.windowTitle() == LOCKED_TITLE
    assert window.current_screen() is None
    assert not window.lock_action.isEnabled()
    assert not any(action.isEnabled() for action in window.nav_actions)


def test_the_lock_is_recorded_in_the_audit_log(make_controller, desk: Desk, qtbot: QtBot):
    _idle_locked(make_controller, qtbot)
    supervisor = desk.auth.login("supervisor", PASSWORDS["supervisor"])
    actions = [event.action for event in desk.audit.recent(supervisor, limit=20)]
    assert "idle_lock" in actions


def test_idle_lock_unlocks_only_with_the_same_users_password(make_controller, qtbot: QtBot):
    _, window = _idle_locked(make_controller, qtbot)
    lock = window.lock_screen
    for wrong in ("", PASSWORDS["clerk2"], "guess-work"):
        lock.password_edit.setText(wrong)
        lock.unlock_button.click()
        assert window.is_locked()
        assert lock.error_label.text() in ("パスワードを入力してください。", LOGIN_FAILED)
        assert lock.password_edit.text() == ""
    lock.password_edit.setText(PASSWORDS["clerk1"])
    lock.unlock_button.click()
    assert not window.is_locked()
    assert isinstance(window.current_screen(), HomeScreen)
    assert window.current_screen().isVisible()
    assert window.statusBar().isVisible()
    assert "事務 一郎" in window.windowTitle()
    assert window.idle.is_active()


def test_ctrl_l_locks_at_once(make_controller, qtbot: QtBot):
    controller = make_controller()
    log_in(controller, "clerk1")
    window = controller.main_window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()


def test_repeated_wrong_passwords_at_the_lock_log_out_to_the_login_window(
    make_controller, qtbot: QtBot
):
    controller, window = _idle_locked(make_controller, qtbot, "clerk2")
    lock = window.lock_screen
    for _ in range(4):
        lock.password_edit.setText("wrong-password")
        lock.unlock_button.click()
        assert lock.error_label.text() == LOGIN_FAILED
    lock.password_edit.setText("wrong-password")
    lock.unlock_button.click()
    assert controller.main_window is None
    assert not window.isVisible()
    assert controller.login_window.isVisible()
    assert "ロックされています" in controller.login_window.form.error_label.text()


def test_switch_user_keeps_a_draft_and_gives_it_back_when_the_first_user_returns(
    make_controller, desk: Desk, qtbot: QtBot
):
    controller: DeskController = make_controller()
    log_in(controller, "clerk1")
    first = controller.main_window
    note = first.screens["note"]
    assert isinstance(note, NoteScreen)
    note.note_edit.setText("受診票 3枚目まで入力済み")
    first.lock_action.trigger()
    lock = first.lock_screen
    lock.switch_button.click()
    assert lock.pages.currentIndex() == 1
    lock.login_form.id_edit.setText("clerk2")
    lock.login_form.password_edit.setText(PASSWORDS["clerk2"])
    lock.login_form.login_button.click()

    second = controller.main_window
    assert second is not None and second is not first
    assert second.session.login_id == "clerk2"
    assert not second.is_locked()
    assert second.screens["note"].note_edit.text() == ""
    clerk1_id = first.session.staff_id
    assert desk.desk.take_drafts(second.session) == ()

    second.logout_action.trigger()
    log_in(controller, "clerk1")
    back = controller.main_window
    assert back.session.staff_id == clerk1_id
    assert back.screens["note"].note_edit.text() == "受診票 3枚目まで入力済み"
    assert back.current_screen() is back.screens["note"]


def test_switch_user_logs_the_first_user_out(make_controller, desk: Desk, qtbot: QtBot):
    controller: DeskController = make_controller()
    log_in(controller, "clerk1")
    controller.main_window.lock_action.trigger()
    lock = controller.main_window.lock_screen
    lock.switch_button.click()
    lock.login_form.id_edit.setText("supervisor")
    lock.login_form.password_edit.setText(PASSWORDS["supervisor"])
    lock.login_form.login_button.click()
    supervisor = controller.main_window.session
    events = desk.audit.recent(supervisor, limit=20)
    clerk_events = [e.action for e in events if e.staff_login == "clerk1"]
    assert clerk_events[0] == "logout"


def test_a_failed_switch_leaves_the_desk_locked_for_the_first_user(make_controller, qtbot):
    controller: DeskController = make_controller()
    log_in(controller, "clerk1")
    first = controller.main_window
    first.lock_action.trigger()
    lock = first.lock_screen
    lock.switch_button.click()
    lock.login_form.id_edit.setText("clerk2")
    lock.login_form.password_edit.setText("wrong-password")
    lock.login_form.login_button.click()
    assert controller.main_window is first
    assert first.is_locked()
    assert lock.login_form.error_label.text() == LOGIN_FAILED
    lock.back_button.click()
    assert lock.pages.currentIndex() == 0


def test_locking_closes_a_dialog_left_open_over_the_window(make_controller, desk: Desk, qtbot):
    controller: DeskController = make_controller()
    log_in(controller, "clerk1")
    window = controller.main_window
    dialog = ChangePasswordDialog(window, desk, window.session, forced=False)
    dialog.current_edit.setText("typed-but-not-sent")
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock_action.trigger()
    assert not dialog.isVisible()
    assert dialog.current_edit.text() == ""


def test_a_plain_logout_also_keeps_unsaved_work_for_the_same_user(make_controller, qtbot):
    controller: DeskController = make_controller()
    log_in(controller, "clerk2")
    controller.main_window.screens["note"].note_edit.setText("途中まで")
    controller.main_window.logout_action.trigger()
    log_in(controller, "clerk1")
    assert controller.main_window.screens["note"].note_edit.text() == ""
    controller.main_window.logout_action.trigger()
    log_in(controller, "clerk2")
    assert controller.main_window.screens["note"].note_edit.text() == "途中まで"
