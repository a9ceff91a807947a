"""The password change dialog, forced at first login and after a reset, or asked for."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.passwords import MIN_LENGTH, PasswordPolicyError
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.i18n import N_, t

MISMATCH = N_("確認用のパスワードが一致しません。")
RULES = N_(
    "新しいパスワードは{min_length}文字以上にしてください。職員IDを含むものや、"
    "よく使われているものは使えません。"
    "覚えやすい長い文（例: 季節の言葉を三つ並べる）がおすすめです。"
)


class ChangePasswordDialog(widgets.FormDialog):
    """Current, new and confirmation fields; passwords are never kept once it closes."""

    def __init__(
        self, parent: QWidget | None, desk: Desk, session: StaffSession, *, forced: bool
    ) -> None:
        super().__init__(parent)
        self._auth = desk.auth
        self._session = session
        self._changed: StaffSession | None = None
        self._ended: SessionEnded | None = None
        self.setWindowTitle(t("パスワードの変更"))
        self.setModal(True)
        self.setMinimumWidth(700)
        self.current_edit = widgets.password_field(self)
        self.new_edit = widgets.password_field(self)
        self.confirm_edit = widgets.password_field(self)
        self.error_label = widgets.error_label(self)
        self.submit_field = self.confirm_edit
        self.ok_button = QPushButton(t("変更する(&S)"), self)
        self.cancel_button = QPushButton(
            t("ログアウト(&Q)") if forced else t("キャンセル(&C)"), self
        )
        self._build(forced)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def _build(self, forced: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(widgets.heading(t("パスワードの変更"), self))
        if forced:
            intro = QLabel(
                t(
                    "{name} さん、初めてのログイン（またはパスワード再設定後）"
                    "のため、パスワードを変更してください。変更するまで利用できません。"
                ).format(name=self._session.display_name),
                self,
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        rules = QLabel(t(RULES).format(min_length=MIN_LENGTH), self)
        rules.setWordWrap(True)
        layout.addWidget(rules)
        form = QFormLayout()
        for text, field in (
            (t("仮パスワード(&T)") if forced else t("現在のパスワード(&T)"), self.current_edit),
            (t("新しいパスワード(&N)"), self.new_edit),
            (t("新しいパスワード（確認）(&R)"), self.confirm_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.current_edit.setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None, desk: Desk, session: StaffSession, *, forced: bool
    ) -> StaffSession | None:
        """The updated session, or None if cancelled; raises SessionEnded if the ID was stopped."""
        dialog = cls(parent, desk, session, forced=forced)
        try:
            dialog.exec()
            if dialog._ended is not None:
                raise dialog._ended
            return dialog.changed_session()
        finally:
            dialog.deleteLater()

    def changed_session(self) -> StaffSession | None:
        return self._changed

    @Slot()
    def _on_ok_clicked(self) -> None:
        self.submit()

    def submit(self) -> None:
        current, new = self.current_edit.text(), self.new_edit.text()
        if not current:
            self._refuse(t("現在のパスワードを入力してください。"), self.current_edit)
            return
        if new != self.confirm_edit.text():
            self._refuse(t(MISMATCH), self.new_edit)
            return
        try:
            with widgets.busy():
                self._changed = self._auth.change_password(self._session, current=current, new=new)
        except SessionEnded as error:
            self._ended = error
            self.reject()
        except PasswordPolicyError as error:
            self._refuse(t(error.message), self.new_edit)
        except KenshinError as error:
            self.current_edit.clear()
            self._refuse(t(error.message), self.current_edit)
        else:
            self.accept()

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error_label.setText(message)
        self.new_edit.clear()
        self.confirm_edit.clear()
        field.setFocus()

    def done(self, result: int) -> None:
        for field in (self.current_edit, self.new_edit, self.confirm_edit):
            field.clear()
        super().done(result)
