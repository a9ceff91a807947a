"""The ID-and-password form, shared by the login window and the lock screen's change of user."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from ui import widgets
from ui.change_password_dialog import ChangePasswordDialog
from ui.i18n import N_, t

CHANGE_REFUSED = N_("パスワードを変更するまでは利用できません。もう一度ログインしてください。")


class LoginForm(QWidget):
    """Logs a staff member in, through the forced password change when one is due."""

    logged_in = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.id_edit = widgets.ascii_id_field(self)
        self.id_edit.setPlaceholderText(t("例: clerk1"))
        self.id_edit.setAccessibleName(t("職員ID"))
        self.password_edit = widgets.password_field(self)
        self.password_edit.setAccessibleName(t("パスワード"))
        self.login_button = QPushButton(t("ログイン(&L)"), self)
        self.login_button.setAutoDefault(False)
        self.error_label = widgets.error_label(self)
        self._build()
        self.id_edit.returnPressed.connect(self._on_id_return_pressed)
        self.password_edit.returnPressed.connect(self._on_login_clicked)
        self.login_button.clicked.connect(self._on_login_clicked)

    def _build(self) -> None:
        form = QFormLayout()
        id_label = QLabel(t("職員ID(&I)"), self)
        id_label.setBuddy(self.id_edit)
        password_label = QLabel(t("パスワード(&P)"), self)
        password_label.setBuddy(self.password_edit)
        form.addRow(id_label, self.id_edit)
        form.addRow(password_label, self.password_edit)
        button_row = QHBoxLayout()
        button_row.addStretch()
        button_row.addWidget(self.login_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(button_row)
        layout.addWidget(self.error_label)
        self.setTabOrder(self.id_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.login_button)

    def reset(self, message: str = "") -> None:
        """Empty the fields for the next person, keeping a message for them if there is one."""
        self.id_edit.clear()
        self.password_edit.clear()
        self.error_label.setText(message)
        self.id_edit.setFocus()

    @Slot()
    def _on_id_return_pressed(self) -> None:
        self.password_edit.setFocus()

    @Slot()
    def _on_login_clicked(self) -> None:
        login_id, password = self.id_edit.text(), self.password_edit.text()
        self.password_edit.clear()
        if not login_id.strip():
            self._refuse(t("職員IDを入力してください。"), focus_id=True)
            return
        if not password:
            self._refuse(t("パスワードを入力してください。"))
            return
        try:
            with widgets.busy():
                session = self._desk.auth.login(login_id, password)
            if session.must_change_password:
                changed = ChangePasswordDialog.ask(self, self._desk, session, forced=True)
                if changed is None:
                    self._desk.auth.logout(session)
                    self._refuse(t(CHANGE_REFUSED), focus_id=True)
                    return
                session = changed
        except KenshinError as error:
            self._refuse(t(error.message))
            return
        self.error_label.clear()
        self.logged_in.emit(session)

    def _refuse(self, message: str, *, focus_id: bool = False) -> None:
        self.error_label.setText(message)
        (self.id_edit if focus_id else self.password_edit).setFocus()
