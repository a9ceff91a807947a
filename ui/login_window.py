"""The login window: the workstation, its last sync, and the login form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from ui import widgets
from ui.display_settings import DisplaySettingsDialog
from ui.i18n import t
from ui.login_form import DeskHandle, LoginForm, desk_handle
from ui.table_model import local_time_text

if TYPE_CHECKING:
    from app.bootstrap import Desk


class LoginWindow(QWidget):
    """Shown at start and after every logout; `logged_in` carries the new StaffSession."""

    logged_in = Signal(object)
    closed = Signal()

    def __init__(
        self,
        desk: Desk | DeskHandle,
        *,
        demo_accounts: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._handle = desk_handle(desk)
        self.setWindowTitle(t("{app} — ログイン").format(app=t(widgets.APP_TITLE)))
        self.setMinimumSize(600, 460)
        self.form = LoginForm(self._handle, self)
        self.workstation_label = QLabel(self)
        self.workstation_label.setAccessibleName(t("端末"))
        # Before anyone logs in a clerk may need larger text: the display settings are here too.
        self.display_button = QPushButton(t("表示の設定(&D)"), self)
        self.display_button.setAutoDefault(False)
        # Alt+D is the button's own mnemonic; Ctrl+Shift+D as in the main window's menu.
        self.display_action = QAction(self)
        self.display_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.display_action.triggered.connect(self._on_display_clicked)
        self.addAction(self.display_action)
        self.display_button.setToolTip(
            t("文字の大きさ・ハイコントラスト・表示言語（Ctrl+Shift+D）")
        )
        self.display_button.clicked.connect(self._on_display_clicked)
        self._build(demo_accounts)
        self.form.logged_in.connect(self._on_form_logged_in)
        self.refresh_workstation()

    def _build(self, demo_accounts: list[tuple[str, str]] | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 28)
        layout.setSpacing(14)
        layout.addWidget(widgets.heading(t(widgets.APP_TITLE), self, scale=2.0))
        subtitle = QLabel(t("健康増進事業（成人健診）事務システム"), self)
        layout.addWidget(subtitle)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.form)
        layout.addStretch()
        bottom = QHBoxLayout()
        bottom.addWidget(self.workstation_label, 1)
        bottom.addWidget(self.display_button)
        layout.addLayout(bottom)
        if demo_accounts:
            accounts = "\n".join(f"　{login} / {password}" for login, password in demo_accounts)
            notice = QLabel(
                t(
                    "デモ版です。表示される住民はすべて架空のデータです。\n"
                    "デモ用アカウント（職員ID / パスワード）:\n{accounts}"
                ).format(accounts=accounts),
                self,
            )
            notice.setWordWrap(True)
            notice.setStyleSheet(widgets.NOTICE_STYLE)
            notice.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(notice)

    def refresh_workstation(self) -> None:
        """The workstation's name and last sync; both are shown before anyone logs in (at
        start-up once the desk is open: until then the line stays empty)."""
        if not self._handle.ready:
            return
        from ui.labels import NEVER_SYNCED  # it brings service modules: not before the desk

        try:
            name, last_sync = self._handle.wait().desk.workstation_info()
        except KenshinError as error:
            self.workstation_label.setText(t(error.message))
            return
        synced = local_time_text(last_sync) if last_sync is not None else t(NEVER_SYNCED)
        self.workstation_label.setText(
            t("端末: {name}　　最終同期: {synced}").format(name=name, synced=synced)
        )

    def reset(self, message: str = "") -> None:
        """Ready for the next person: empty fields, fresh sync time, and why the last one left."""
        self.refresh_workstation()
        self.form.reset(message)

    @Slot()
    def _on_display_clicked(self) -> None:
        DisplaySettingsDialog.ask(self, language_now=True)

    @Slot(object)
    def _on_form_logged_in(self, session: object) -> None:
        self.logged_in.emit(session)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
