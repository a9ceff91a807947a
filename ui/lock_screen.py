"""The lock screen: the same staff member's password, or a change to another staff member."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import AccountLocked, SessionEnded
from ui import widgets
from ui.i18n import t
from ui.login_form import LoginForm


class LockScreen(QWidget):
    """Covers the whole window; shows nothing of the work behind it but who locked it."""

    unlocked = Signal()
    signed_out = Signal(str)
    switch_requested = Signal(object)

    def __init__(self, desk: Desk, session: StaffSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = desk.auth
        self._session = session
        self.password_edit = widgets.password_field(self)
        self.password_edit.setAccessibleName(t("パスワード"))
        self.unlock_button = QPushButton(t("ロック解除(&U)"), self)
        self.switch_button = QPushButton(t("別の職員でログイン(&S)"), self)
        self.back_button = QPushButton(t("戻る(&B)"), self)
        self.error_label = widgets.error_label(self)
        self.login_form = LoginForm(desk, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._unlock_page())
        self.pages.addWidget(self._switch_page())
        outer = QVBoxLayout(self)
        # A little above the middle, where the eye lands on a screen.
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch()
        self.pages.setFixedWidth(widgets.text_scaled(self, 560))
        widgets.follow_font(self, lambda: self.pages.setFixedWidth(widgets.text_scaled(self, 560)))
        self.pages.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        row.addWidget(self.pages)
        row.addStretch()
        outer.addLayout(row)
        outer.addStretch(2)
        self.password_edit.returnPressed.connect(self._on_unlock_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.switch_button.clicked.connect(self._on_switch_clicked)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.login_form.logged_in.connect(self._on_other_logged_in)

    def _unlock_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(widgets.heading(t("画面をロックしています"), page, scale=1.8))
        who = QLabel(
            t("{name} さんのパスワードを入力すると、作業に戻れます。").format(
                name=self._session.display_name
            ),
            page,
        )
        who.setWordWrap(True)
        layout.addWidget(who)
        form = QFormLayout()
        label = QLabel(t("パスワード(&P)"), page)
        label.setBuddy(self.password_edit)
        form.addRow(label, self.password_edit)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        layout.addWidget(self.error_label)
        return page

    def _switch_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(widgets.heading(t("別の職員でログイン"), page, scale=1.8))
        note = QLabel(
            t(
                "{name} さんの作業中の内容は下書きとして保存され、"
                "ログアウトします。次にログインしたときに戻ります。"
            ).format(name=self._session.display_name),
            page,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.login_form)
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch()
        layout.addLayout(back_row)
        return page

    def focus_password(self) -> None:
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_unlock_clicked(self) -> None:
        password = self.password_edit.text()
        self.password_edit.clear()
        if not password:
            self.error_label.setText(t("パスワードを入力してください。"))
            return
        try:
            with widgets.busy():
                self._auth.unlock(self._session, password)
        except (AccountLocked, SessionEnded) as error:
            self.signed_out.emit(t(error.message))
            return
        except KenshinError as error:
            self.error_label.setText(t(error.message))
            self.focus_password()
            return
        self.unlocked.emit()

    @Slot()
    def _on_switch_clicked(self) -> None:
        self.error_label.clear()
        self.password_edit.clear()
        self.pages.setCurrentIndex(1)
        self.login_form.reset()

    @Slot()
    def _on_back_clicked(self) -> None:
        self.login_form.reset()
        self.pages.setCurrentIndex(0)
        self.focus_password()

    @Slot(object)
    def _on_other_logged_in(self, session: StaffSession) -> None:
        self.switch_requested.emit(session)
