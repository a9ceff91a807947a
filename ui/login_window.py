"""The login window: the workstation, its last sync, and the login form."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from ui import widgets
from ui.labels import NEVER_SYNCED
from ui.login_form import LoginForm
from ui.table_model import local_time_text


class LoginWindow(QWidget):
    """Shown at start and after every logout; `logged_in` carries the new StaffSession."""

    logged_in = Signal(object)
    closed = Signal()

    def __init__(
        self,
        desk: Desk,
        *,
        demo_accounts: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self.setWindowTitle(f"{widgets.APP_TITLE} — ログイン")
        self.setMinimumSize(600, 460)
        self.form = LoginForm(desk, self)
        self.workstation_label = QLabel(self)
        self.workstation_label.setAccessibleName("端末")
        self._build(demo_accounts)
        self.form.logged_in.connect(self._on_form_logged_in)
        self.refresh_workstation()

    def _build(self, demo_accounts: list[tuple[str, str]] | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 28)
        layout.setSpacing(14)
        layout.addWidget(widgets.heading(widgets.APP_TITLE, self, scale=2.0))
        subtitle = QLabel("健康増進事業（成人健診）事務システム", self)
        layout.addWidget(subtitle)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.form)
        layout.addStretch()
        layout.addWidget(self.workstation_label)
        if demo_accounts:
            accounts = "\n".join(f"　{login} / {password}" for login, password in demo_accounts)
            notice = QLabel(
                "デモ版です。表示される住民はすべて架空のデータです。\n"
                f"デモ用アカウント（職員ID / パスワード）:\n{accounts}",
                self,
            )
            notice.setWordWrap(True)
            notice.setStyleSheet(widgets.NOTICE_STYLE)
            notice.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(notice)

    def refresh_workstation(self) -> None:
        """The workstation's name and last sync; both are shown before anyone logs in."""
        try:
            name, last_sync = self._desk.desk.workstation_info()
        except KenshinError as error:
            self.workstation_label.setText(error.message)
            return
        synced = local_time_text(last_sync) if last_sync is not None else NEVER_SYNCED
        self.workstation_label.setText(f"端末: {name}　　最終同期: {synced}")

    def reset(self, message: str = "") -> None:
        """Ready for the next person: empty fields, fresh sync time, and why the last one left."""
        self.refresh_workstation()
        self.form.reset(message)

    @Slot(object)
    def _on_form_logged_in(self, session: object) -> None:
        self.logged_in.emit(session)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
