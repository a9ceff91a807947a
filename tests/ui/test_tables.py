"""Every table model is a well-behaved Qt model, and no table lets its cells out."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.domain.policy import Role
from tests.ui.conftest import PASSWORDS
from ui.audit_table_model import AuditTableModel
from ui.home_screen import HomeTableModel
from ui.staff_table_model import GrantTableModel, StaffTableModel
from ui.table_model import SORT_ROLE
from ui.widgets import SafeTableView, SecretDialog


def _supervisor(desk: Desk):
    return desk.auth.login("supervisor", PASSWORDS["supervisor"])


def _admin(desk: Desk):
    return desk.auth.login("admin", PASSWORDS["admin"])


def test_home_table_model_passes_the_model_tester(desk: Desk, qtmodeltester):
    items = desk.desk.home(_supervisor(desk)).items
    model = HomeTableModel(items)
    assert model.rowCount() == len(items) == 9
    qtmodeltester.check(model)


def test_audit_table_model_passes_the_model_tester(desk: Desk, qtmodeltester):
    session = _supervisor(desk)
    desk.audit.verify(session)
    model = AuditTableModel(desk.audit.recent(session, limit=500))
    assert [model.row_at(row).action for row in range(2)] == ["audit_verify", "login"]
    qtmodeltester.check(model)


def test_audit_times_are_local_wareki_and_codes_are_japanese(desk: Desk):
    model = AuditTableModel(desk.audit.recent(_supervisor(desk), limit=5))
    when = model.index(0, 1).data()
    assert when.startswith("R")
    assert model.index(0, 4).data() == "ログイン"
    assert model.index(0, 7).data() == "成功"
    assert model.index(0, 0).data(SORT_ROLE) == model.row_at(0).seq


def test_staff_and_grant_table_models_pass_the_model_tester(desk: Desk, qtmodeltester):
    admin = _admin(desk)
    staff = desk.admin.list_staff(admin)
    target = next(s for s in staff if s.login_id == "clerk2")
    grant_id = desk.admin.grant_role(
        admin, staff_id=target.id, role=Role.SUPERVISOR, valid_until=None
    )
    desk.admin.revoke_grant(admin, grant_id=grant_id)
    staff = desk.admin.list_staff(admin)
    model = StaffTableModel(staff)
    qtmodeltester.check(model)
    grants = GrantTableModel(next(s for s in staff if s.login_id == "clerk2").grants)
    assert grants.rowCount() == 2
    assert {grants.index(row, 1).data() for row in range(2)} == {"有効", "取消済"}
    qtmodeltester.check(grants)


def test_empty_models_pass_the_model_tester(qtmodeltester):
    for model in (HomeTableModel(), AuditTableModel(), StaffTableModel(), GrantTableModel()):
        qtmodeltester.check(model)


def test_table_cells_cannot_be_dragged_or_edited(desk: Desk):
    model = StaffTableModel(desk.admin.list_staff(_admin(desk)))
    flags = model.flags(model.index(0, 0))
    assert not flags & Qt.ItemFlag.ItemIsDragEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.mimeTypes() == []


def test_ctrl_c_on_a_table_leaves_the_clipboard_unchanged(desk: Desk, qtbot: QtBot):
    view = SafeTableView()
    qtbot.addWidget(view)
    view.setModel(StaffTableModel(desk.admin.list_staff(_admin(desk))))
    view.show()
    qtbot.waitExposed(view)
    view.setFocus()
    view.selectRow(0)
    view.setCurrentIndex(view.model().index(0, 1))
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "before"
    assert not view.dragEnabled()


def test_a_table_offers_no_context_menu(desk: Desk, qtbot: QtBot):
    view = SafeTableView()
    qtbot.addWidget(view)
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.PreventContextMenu
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1), QPoint(1, 1))
    view.contextMenuEvent(event)
    assert event.isAccepted()


def test_a_temporary_password_can_be_read_but_not_copied(qtbot: QtBot):
    dialog = SecretDialog(None, "仮パスワード:", "ABCDEFGHJKLMNPQR")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.secret_label.text() == "ABCD EFGH JKLM NPQR"
    assert dialog.secret_label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "before"
