"""The supervisor's audit screen and the admin's staff screen, driven through their controls."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

import ui.grants_history_print as history_module
from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.services.admin_service import DeviceView, EnrollmentCode
from tests.tools import need_tool
from tests.ui.conftest import PASSWORDS
from ui import devices_screen as devices_module
from ui import printing, widgets
from ui.audit_screen import AuditScreen
from ui.devices_screen import DevicesScreen
from ui.settings_screen import SettingsScreen
from ui.staff_dialogs import GrantDialog, NewStaffDialog
from ui.staff_screen import StaffScreen, history_lines
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


# ---------------------------------------------------------------- devices, settings, history


class FakeDevicesAdmin:
    """The server side of 端末の管理, as the admin service would answer it."""

    def __init__(self) -> None:
        now = datetime.now(UTC)
        self.devices = [
            DeviceView("d1", "north-1", "北区", "workstation", now, now, None),
            DeviceView("d2", "south-1", None, "workstation", now, None, now),
        ]
        self.revoked: list[str] = []
        self.codes: list[str] = []

    def list_devices(self, session: object) -> list[DeviceView]:
        return list(self.devices)

    def issue_enrollment_code(self, session: object, *, workstation_name: str) -> EnrollmentCode:
        if not workstation_name.strip():
            raise KenshinError("端末名を64文字以内で入力してください。")
        self.codes.append(workstation_name)
        return EnrollmentCode("ABCD-EFGH-JKLM", workstation_name, datetime.now(UTC))

    def revoke_device(self, session: object, *, device_id: str) -> None:
        self.revoked.append(device_id)
        self.devices = [
            replace(d, revoked_at=datetime.now(UTC)) if d.id == device_id else d
            for d in self.devices
        ]


@pytest.fixture
def devices_screen(desk: Desk, qtbot: QtBot) -> tuple[DevicesScreen, FakeDevicesAdmin]:
    fake = FakeDevicesAdmin()
    screen = DevicesScreen(fake, desk.auth.login("admin", PASSWORDS["admin"]))  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.refresh()
    return screen, fake


def test_devices_list_and_a_one_time_code_shown_once_with_its_expiry(
    devices_screen, monkeypatch: pytest.MonkeyPatch
):
    screen, fake = devices_screen
    assert screen.model.rowCount() == 2
    assert screen.model.index(1, 5).data() == "取消済"
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(devices_module, "ask_workstation_name", lambda parent: "east-2")
    monkeypatch.setattr(widgets, "show_secret", lambda p, intro, code: shown.append((intro, code)))
    screen.code_action.trigger()
    [(intro, code)] = shown
    assert code == "ABCD-EFGH-JKLM" and "有効期限" in intro and "east-2" in intro
    assert fake.codes == ["east-2"]
    assert "登録コードを発行しました" in screen.notice_label.text()
    assert code not in screen.notice_label.text()


def test_revoking_a_device_asks_first(devices_screen, monkeypatch: pytest.MonkeyPatch):
    screen, fake = devices_screen
    screen.table.clearSelection()
    assert not screen.revoke_action.isEnabled()
    screen.table.selectRow(1)
    assert not screen.revoke_action.isEnabled()  # already revoked
    screen.table.selectRow(0)
    assert screen.revoke_action.isEnabled()
    answers = iter([False, True])
    questions: list[str] = []
    monkeypatch.setattr(widgets, "confirm", lambda parent, q: questions.append(q) or next(answers))
    screen.revoke_action.trigger()
    assert fake.revoked == []
    screen.table.selectRow(0)
    screen.revoke_action.trigger()
    assert fake.revoked == ["d1"] and "north-1" in questions[0]
    assert screen.model.index(0, 5).data() == "取消済"


def test_devices_on_a_standalone_desk_say_the_server_is_needed(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, message: shown.append(message))
    screen = DevicesScreen(desk.admin, desk.auth.login("admin", PASSWORDS["admin"]))
    qtbot.addWidget(screen)
    screen.refresh()
    assert shown == ["端末の管理は、サーバーに登録された端末からのみ行えます。"]


@pytest.fixture
def settings_screen(desk: Desk, qtbot: QtBot) -> SettingsScreen:
    screen = SettingsScreen(desk.admin, desk.auth.login("admin", PASSWORDS["admin"]))
    qtbot.addWidget(screen)
    screen.refresh()
    return screen


def test_settings_show_the_defaults_and_save_changes(settings_screen: SettingsScreen, desk: Desk):
    assert settings_screen.spins["idle_lock_minutes"].value() == 5
    assert "CUPS-PDF" in settings_screen.printers_edit.toPlainText()
    settings_screen.spins["idle_lock_minutes"].setValue(10)
    settings_screen.spins["reminder_months"].setValue(3)
    settings_screen.printers_edit.setPlainText("PDF\n\n  Scan to File \n")
    settings_screen.save_button.click()
    assert settings_screen.notice_label.text() == "3件の設定を保存しました。"
    saved = desk.desk.settings()
    assert saved.idle_lock_minutes == 10 and saved.reminder_months == 3
    assert saved.file_printer_names == ("PDF", "Scan to File")
    with desk.engine.connect() as connection:
        keys = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT record_id FROM audit_events WHERE action = 'setting_change'"
            )
        ]
    assert sorted(keys) == ["file_printer_names", "idle_lock_minutes", "reminder_months"]


def test_settings_refusals_stay_beside_the_fields(settings_screen: SettingsScreen, desk: Desk):
    settings_screen.spins["idle_lock_minutes"].setValue(0)
    settings_screen.save_button.click()
    assert "1〜60の整数" in settings_screen.error_label.text()
    settings_screen.spins["idle_lock_minutes"].setValue(5)
    settings_screen.printers_edit.setPlainText("   ")
    settings_screen.save_button.click()
    assert "一つ以上" in settings_screen.error_label.text()
    assert desk.desk.settings().file_printer_names[0] == "Microsoft Print to PDF"
    settings_screen.refresh()
    settings_screen.save_button.click()
    assert settings_screen.error_label.text() == "変更された設定はありません。"


class HistoryPrinter:
    def __init__(self, name: str) -> None:
        self.name, self.doc_name = name, ""

    def setDocName(self, name: str) -> None:
        self.doc_name = name

    def printerName(self) -> str:
        return self.name

    def outputFormat(self) -> QPrinter.OutputFormat:
        return QPrinter.OutputFormat.NativeFormat

    def outputFileName(self) -> str:
        return ""


def test_grants_history_is_previewed_then_printed_and_recorded(
    staff_screen: StaffScreen, desk: Desk, monkeypatch: pytest.MonkeyPatch
):
    previewed: list[bytes] = []
    monkeypatch.setattr(
        printing.PreviewDialog,
        "ask",
        classmethod(lambda cls, p, pdf, t: previewed.append(pdf) or True),
    )
    printer = HistoryPrinter("窓口プリンター")
    monkeypatch.setattr(printing, "choose_printer", lambda parent: printer)
    monkeypatch.setattr(history_module, "paint_history", lambda p, document: document.pageCount())
    staff_screen.history_action.trigger()
    [pdf] = previewed
    assert pdf.startswith(b"%PDF")
    assert printer.doc_name == "kenshin-grants_history"
    assert staff_screen.notice_label.text() == "1ページを「窓口プリンター」に送りました。"
    with desk.engine.connect() as connection:
        rows = list(
            connection.exec_driver_sql(
                "SELECT record_kind, detail FROM audit_events WHERE action = 'print'"
            )
        )
    assert rows and rows[0][0] == "grants_history" and "printer=窓口プリンター" in rows[0][1]
    pdftotext = need_tool("pdftotext", package="poppler-utils")
    done = subprocess.run(
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    read = done.stdout.decode("utf-8")
    assert "権限の発効・失効の記録" in read and "clerk1" in read


def test_a_file_printer_is_refused_for_the_history(
    staff_screen: StaffScreen, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(printing.PreviewDialog, "ask", classmethod(lambda cls, p, pdf, t: True))
    monkeypatch.setattr(printing, "choose_printer", lambda parent: HistoryPrinter("CUPS-PDF"))
    shown: list[str] = []
    monkeypatch.setattr(widgets, "show_error", lambda parent, message: shown.append(message))
    staff_screen.history_action.trigger()
    assert shown and "ファイルに出力する" in shown[0]


def test_the_history_lists_issued_and_revoked_grants(desk: Desk):
    admin = desk.auth.login("admin", PASSWORDS["admin"])
    desk.admin.create_staff(admin, login_id="hist", display_name="履歴 試験", roles=[Role.CLERK])
    staff = next(s for s in desk.admin.list_staff(admin) if s.login_id == "hist")
    desk.admin.revoke_grant(admin, grant_id=staff.grants[0].id)
    records = [r for r in desk.admin.grants_history(admin) if r.staff_login == "hist"]
    [record] = records
    assert record.issued_by == "admin" and record.revoked_by == "admin"
    lines = history_lines(records)
    assert lines[0].state == "取消済" and lines[0].role_name == "事務担当"
