"""The main window: navigation scoped to the role, shortcuts, logout and an ended session."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from tests.ui.conftest import PASSWORDS, log_in, nav_titles
from ui.audit_screen import AuditScreen
from ui.home_screen import HomeScreen
from ui.lookup_screen import LookupScreen
from ui.main_window import MainWindow
from ui.staff_screen import StaffScreen


@pytest.mark.parametrize(
    ("login_id", "titles", "names"),
    [
        (
            "clerk1",
            ["ホーム", "住民検索", "用紙入力", "精検結果の確認"],
            ["home", "lookup", "entry", "followup_confirm"],
        ),
        (
            "supervisor",
            [
                "ホーム",
                "住民検索",
                "用紙入力",
                "照合確認",
                "承認",
                "入力品質",
                "監査ログ",
                "対象者抽出",
                "一括発行",
                "受診勧奨",
                "精検結果の確認",
                "統計",
                "保存期間の管理",
                "情報連携",
                "同期の問題",
            ],
            [
                "home",
                "lookup",
                "entry",
                "verification",
                "approvals",
                "quality",
                "audit",
                "extraction",
                "batch_issue",
                "reminders",
                "followup_confirm",
                "statistics",
                "retention",
                "renkei",
                "sync_problems",
            ],
        ),
        (
            "admin",
            ["ホーム", "職員管理", "端末の管理", "設定"],
            ["home", "staff", "devices", "settings"],
        ),
    ],
)
def test_navigation_shows_only_the_screens_the_role_may_use(
    desk: Desk, qtbot, login_id, titles, names
):
    window = MainWindow(desk, desk.auth.login(login_id, PASSWORDS[login_id]))
    qtbot.addWidget(window)
    assert nav_titles(window) == titles
    assert list(window.screens) == names
    assert [action.text() for action in window.nav_actions] == titles[:9]  # Ctrl+1…9


def test_the_home_screen_greets_with_the_role_and_lists_the_work_queue(desk: Desk, qtbot):
    window = MainWindow(desk, desk.auth.login("supervisor", PASSWORDS["supervisor"]), demo=True)
    qtbot.addWidget(window)
    window.start()
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    assert home.roles_label.text() == "役割: 保護責任者"
    labels = [home.model.row_at(row)[0] for row in range(home.model.rowCount())]
    assert "ログイン失敗の記録" in labels
    assert home.demo_label is not None
    assert "架空" in home.demo_label.text()


def test_ctrl_and_a_number_opens_that_screen(make_controller, qtbot: QtBot):
    controller = make_controller()
    log_in(controller, "supervisor")
    window = controller.main_window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_screen(), LookupScreen)
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_screen(), AuditScreen)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_screen(), HomeScreen)


def test_logout_returns_to_an_empty_login_window(make_controller, qtbot: QtBot):
    controller = make_controller()
    log_in(controller, "admin")
    window = controller.main_window
    window.nav.setCurrentRow(1)
    assert isinstance(window.current_screen(), StaffScreen)
    window.logout_action.trigger()
    assert controller.main_window is None
    assert controller.login_window.isVisible()
    assert controller.login_window.form.id_edit.text() == ""


def test_a_stopped_account_is_logged_out_on_its_next_action(
    make_controller, desk: Desk, qtbot: QtBot
):
    controller = make_controller()
    log_in(controller, "supervisor")
    admin = desk.auth.login("admin", PASSWORDS["admin"])
    supervisor_id = controller.main_window.session.staff_id
    desk.admin.set_disabled(admin, staff_id=supervisor_id, disabled=True)
    controller.main_window.nav.setCurrentRow(1)
    assert controller.main_window is None
    assert "利用停止" in controller.login_window.form.error_label.text()
