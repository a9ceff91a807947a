"""端末の管理: one-time enrollment codes for new workstations, the list, and revocation."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Slot
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QVBoxLayout, QWidget

from app.services.admin_service import AdminService, DeviceView, EnrollmentCode
from app.services.dto import StaffSession
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, local_time_text

KIND_NAMES = {"workstation": N_("窓口端末"), "integration": N_("連携")}


class DeviceTableModel(RowTableModel):
    columns = (
        Column(N_("端末名"), lambda d: d.workstation_name),
        Column(N_("区"), lambda d: d.ward or ""),
        Column(N_("種別"), lambda d: t(KIND_NAMES.get(d.kind, d.kind))),
        Column(N_("登録日時"), lambda d: local_time_text(d.enrolled_at)),
        Column(N_("最終接続"), lambda d: local_time_text(d.last_seen_at)),
        Column(N_("状態"), lambda d: t("取消済") if d.revoked else t("利用中")),
    )


def ask_workstation_name(parent: QWidget) -> str | None:
    """The new workstation's name, or None if cancelled. Tests replace this function."""
    text, ok = QInputDialog.getText(
        parent, t("登録コードの発行"), t("新しい端末の名前（64文字以内）:")
    )
    return text if ok else None


def code_intro(code: EnrollmentCode) -> str:
    expires = local_time_text(code.expires_at)
    return t(
        "端末「{name}」の登録コードです。この画面を閉じると二度と表示されません。"
        "\n有効期限: {expires}（一度だけ使えます）"
    ).format(name=code.workstation_name, expires=expires)


class DevicesScreen(Screen):
    def __init__(
        self, admin: AdminService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._admin = admin
        self._session = session
        self.model = DeviceTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("端末一覧"))
        self.notice_label = QLabel(self)
        self.notice_label.setStyleSheet(widgets.OK_STYLE)
        self.code_action = widgets.screen_action(self, t("登録コード発行"), "Ctrl+N")
        self.revoke_action = widgets.screen_action(self, t("登録取消"), "Ctrl+D")
        self.reload_action = widgets.screen_action(self, t("再読み込み"), "F5")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("端末の管理"), self))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        buttons = [
            widgets.action_button(self, action)
            for action in (self.code_action, self.revoke_action, self.reload_action)
        ]
        for button in buttons:
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.notice_label)
        widgets.chain_tab_order(self.table, *buttons)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.code_action.triggered.connect(self._on_code_triggered)
        self.revoke_action.triggered.connect(self._on_revoke_triggered)
        self.reload_action.triggered.connect(self.refresh)
        self._on_selection_changed()

    def refresh(self) -> None:
        ok, devices = self.attempt(lambda: self._admin.list_devices(self._session))
        if ok and devices is not None:
            self.model.set_rows(devices)
            self.table.resizeColumnsToContents()
        self._on_selection_changed()

    def selected_device(self) -> DeviceView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, *_: QItemSelection) -> None:
        device = self.selected_device()
        self.revoke_action.setEnabled(device is not None and not device.revoked)

    @Slot()
    def _on_code_triggered(self) -> None:
        name = ask_workstation_name(self)
        if name is None:
            return
        ok, code = self.attempt(
            lambda: self._admin.issue_enrollment_code(self._session, workstation_name=name)
        )
        if ok and code is not None:
            widgets.show_secret(self, code_intro(code), code.code)
            self.notice_label.setText(
                t("端末「{name}」の登録コードを発行しました。").format(name=code.workstation_name)
            )
            self.refresh()

    @Slot()
    def _on_revoke_triggered(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        question = t(
            "端末「{name}」の登録を取り消しますか？"
            "この端末は以後サーバーと同期できなくなり、元に戻せません。"
        ).format(name=device.workstation_name)
        if not widgets.confirm(self, question):
            return
        ok, _ = self.attempt(lambda: self._admin.revoke_device(self._session, device_id=device.id))
        if ok:
            self.notice_label.setText(
                t("端末「{name}」の登録を取り消しました。").format(name=device.workstation_name)
            )
            self.refresh()
