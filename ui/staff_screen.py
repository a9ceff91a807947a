"""Staff administration: accounts, temporary passwords, lock-outs and role grants."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.policy import Role
from app.services.admin_service import AdminService
from app.services.auth_service import normalise_login_id
from app.services.dto import GrantView, StaffSession, StaffView
from ui import printing, widgets
from ui.grants_history_print import HISTORY_TITLE, history_lines, history_pdf, print_history
from ui.i18n import N_, t
from ui.screen import Screen
from ui.staff_dialogs import GrantDialog, NewStaffDialog
from ui.staff_table_model import GrantTableModel, StaffTableModel
from ui.table_model import filter_proxy

NO_SELECTION = N_("権限（上の一覧で職員を選んでください）")
__all__ = ["HISTORY_TITLE", "StaffScreen", "history_lines"]


class StaffScreen(Screen):
    def __init__(
        self, admin: AdminService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._admin = admin
        self._session = session
        self.model = StaffTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(t("職員一覧"))
        self.grant_model = GrantTableModel(parent=self)
        self.grant_table = widgets.SafeTableView(self)
        self.grant_table.setModel(self.grant_model)
        self.grant_table.setAccessibleName(t("権限一覧"))
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(t("職員ID・氏名で絞り込み"))
        self.filter_edit.setClearButtonEnabled(True)
        self.grant_title = QLabel(t(NO_SELECTION), self)
        self.notice_label = QLabel(self)
        self.notice_label.setStyleSheet(widgets.OK_STYLE)
        act = widgets.screen_action
        self.create_action = act(self, t("新規作成"), QKeySequence.StandardKey.New)
        self.reset_action = act(self, t("パスワード再設定"), "Ctrl+R")
        self.unlock_action = act(self, t("ロック解除"), "Ctrl+U")
        self.disable_action = act(self, t("利用停止"), "Ctrl+D")
        self.grant_action = act(self, t("権限付与"), "Ctrl+G")
        self.revoke_action = act(self, t("権限取消"), "Ctrl+Shift+G")
        self.history_action = act(self, t("権限の記録を印刷"), QKeySequence.StandardKey.Print)
        self.find_action = act(self, t("絞り込み"), QKeySequence.StandardKey.Find)
        self._build()
        self._connect()
        self._on_selection_changed()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("職員管理"), self))
        tools = QHBoxLayout()
        filter_label = QLabel(t("絞り込み(&F)"), self)
        filter_label.setBuddy(self.filter_edit)
        tools.addWidget(filter_label)
        tools.addWidget(self.filter_edit, 1)
        layout.addLayout(tools)
        layout.addWidget(self.table, 3)
        staff_buttons = QHBoxLayout()
        buttons = [
            widgets.action_button(self, action)
            for action in (
                self.create_action,
                self.reset_action,
                self.unlock_action,
                self.disable_action,
            )
        ]
        self.disable_button = buttons[-1]
        for button in buttons:
            staff_buttons.addWidget(button)
        staff_buttons.addStretch()
        layout.addLayout(staff_buttons)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.grant_title)
        layout.addWidget(self.grant_table, 2)
        grant_buttons = QHBoxLayout()
        for action in (self.grant_action, self.revoke_action, self.history_action):
            button = widgets.action_button(self, action)
            grant_buttons.addWidget(button)
            buttons.append(button)
        grant_buttons.addStretch()
        layout.addLayout(grant_buttons)
        widgets.chain_tab_order(
            self.filter_edit, self.table, *buttons[:4], self.grant_table, *buttons[4:]
        )

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.grant_table.selectionModel().selectionChanged.connect(self._on_grant_selection_changed)
        self.create_action.triggered.connect(self._on_create_triggered)
        self.reset_action.triggered.connect(self._on_reset_triggered)
        self.unlock_action.triggered.connect(self._on_unlock_triggered)
        self.disable_action.triggered.connect(self._on_disable_triggered)
        self.grant_action.triggered.connect(self._on_grant_triggered)
        self.revoke_action.triggered.connect(self._on_revoke_triggered)
        self.history_action.triggered.connect(self._on_history_triggered)
        self.find_action.triggered.connect(self._on_find_triggered)

    def refresh(self, select_login: str | None = None) -> None:
        current = self.selected_staff()
        ok, staff = self.attempt(lambda: self._admin.list_staff(self._session))
        if not ok or staff is None:
            return
        self.model.set_rows(staff)
        self.table.resizeColumnsToContents()
        wanted = select_login or (current.login_id if current else None)
        self._select(wanted)

    def _select(self, login_id: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.row_at(source.row()).login_id == login_id:
                self.table.selectRow(row)
                return
        self._on_selection_changed()

    def selected_staff(self) -> StaffView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        staff: StaffView = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        return staff

    def selected_grant(self) -> GrantView | None:
        rows = self.grant_table.selectionModel().selectedRows()
        return self.grant_model.row_at(rows[0].row()) if rows else None

    def _done(self, message: str, login_id: str | None = None) -> None:
        self.notice_label.setText(message)
        self.refresh(login_id)

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_: QItemSelection) -> None:
        self._on_selection_changed()

    @Slot(QItemSelection, QItemSelection)
    def _on_grant_selection_changed(self, *_: QItemSelection) -> None:
        self._on_grant_selected()

    def _on_selection_changed(self) -> None:
        staff = self.selected_staff()
        self.grant_model.set_rows(staff.grants if staff else ())
        self.grant_table.resizeColumnsToContents()
        self.grant_title.setText(
            t("{staff}の権限").format(staff=_who(staff)) if staff else t(NO_SELECTION)
        )
        for action in (self.reset_action, self.unlock_action, self.disable_action):
            action.setEnabled(staff is not None)
        self.grant_action.setEnabled(staff is not None)
        self.disable_action.setText(t("利用再開") if staff and staff.disabled else t("利用停止"))
        self.disable_button.setText(
            f"{self.disable_action.text()}  {self.disable_action.shortcut().toString()}"
        )
        self._on_grant_selected()

    def _on_grant_selected(self) -> None:
        grant = self.selected_grant()
        self.revoke_action.setEnabled(grant is not None and grant.active)

    @Slot()
    def _on_find_triggered(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @Slot()
    def _on_create_triggered(self) -> None:
        def create(login_id: str, name: str, roles: list[Role]) -> tuple[str, str]:
            password = self._admin.create_staff(
                self._session, login_id=login_id, display_name=name, roles=roles
            )
            return normalise_login_id(login_id), password

        ok, created = self.attempt(lambda: NewStaffDialog.ask(self, create))
        if ok and created:
            login_id, password = created
            created_text = t("職員 {login} を作成しました。").format(login=login_id)
            widgets.show_secret(self, created_text + t("仮パスワード:"), password)
            self._done(created_text, login_id)

    @Slot()
    def _on_reset_triggered(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        question = t(
            "{staff}のパスワードを再設定しますか？今のパスワードは使えなくなります。"
        ).format(staff=_who(staff))
        if not widgets.confirm(self, question):
            return
        ok, password = self.attempt(
            lambda: self._admin.reset_password(self._session, staff_id=staff.id)
        )
        if ok and password:
            widgets.show_secret(
                self, t("{staff}の仮パスワード:").format(staff=_who(staff)), password
            )
            self._done(t("{staff}のパスワードを再設定しました。").format(staff=_who(staff)))

    @Slot()
    def _on_unlock_triggered(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        ok, _ = self.attempt(lambda: self._admin.unlock_account(self._session, staff_id=staff.id))
        if ok:
            self._done(t("{staff}のロックを解除しました。").format(staff=_who(staff)))

    @Slot()
    def _on_disable_triggered(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        ask, done = (
            (N_("{staff}を利用再開にしますか？"), N_("{staff}を利用再開にしました。"))
            if staff.disabled
            else (N_("{staff}を利用停止にしますか？"), N_("{staff}を利用停止にしました。"))
        )
        if not widgets.confirm(self, t(ask).format(staff=_who(staff))):
            return
        ok, _ = self.attempt(
            lambda: self._admin.set_disabled(
                self._session, staff_id=staff.id, disabled=not staff.disabled
            )
        )
        if ok:
            self._done(t(done).format(staff=_who(staff)))

    @Slot()
    def _on_grant_triggered(self) -> None:
        staff = self.selected_staff()
        if staff is None:
            return
        ok, grant_id = self.attempt(
            lambda: GrantDialog.ask(
                self,
                staff.display_name,
                lambda role, until: self._admin.grant_role(
                    self._session, staff_id=staff.id, role=role, valid_until=until
                ),
            )
        )
        if ok and grant_id:
            self._done(t("{staff}に権限を付与しました。").format(staff=_who(staff)))

    @Slot()
    def _on_revoke_triggered(self) -> None:
        staff, grant = self.selected_staff(), self.selected_grant()
        if staff is None or grant is None:
            return
        if not widgets.confirm(
            self, t("{staff}の権限を取り消しますか？").format(staff=_who(staff))
        ):
            return
        ok, _ = self.attempt(lambda: self._admin.revoke_grant(self._session, grant_id=grant.id))
        if ok:
            self._done(t("{staff}の権限を取り消しました。").format(staff=_who(staff)))

    @Slot()
    def _on_history_triggered(self) -> None:
        ok, pdf = self.attempt(lambda: history_pdf(self._admin, self._session))
        if not ok or pdf is None:
            return
        ok, wanted = self.attempt(lambda: printing.PreviewDialog.ask(self, pdf, t(HISTORY_TITLE)))
        if not ok or not wanted:
            return
        ok, status = self.attempt(lambda: print_history(self, self._admin, self._session, pdf))
        if ok and status:
            self.notice_label.setText(status)


def _who(staff: StaffView) -> str:
    return f"{staff.display_name}（{staff.login_id}）"
