"""Which window is on show: the login window, or one staff member's main window."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from app.bootstrap import Desk
from app.services.dto import StaffSession
from ui.login_window import LoginWindow
from ui.main_window import MainWindow
from ui.screen import ScreenSpec


class DeskController(QObject):
    """Owns the windows; a new MainWindow is built for every login and dropped at logout."""

    finished = Signal()

    def __init__(
        self,
        desk: Desk,
        *,
        demo_accounts: list[tuple[str, str]] | None = None,
        extra_screens: tuple[ScreenSpec, ...] = (),
        idle_interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._demo = demo_accounts is not None
        self._extra_screens = extra_screens
        self._idle_interval_ms = idle_interval_ms
        self.login_window = LoginWindow(desk, demo_accounts=demo_accounts)
        self.main_window: MainWindow | None = None
        self._quitting = False
        self.login_window.logged_in.connect(self._on_logged_in)
        self.login_window.closed.connect(self._on_login_window_closed)

    def start(self) -> None:
        self.login_window.reset()
        self.login_window.show()
        self.login_window.activateWindow()

    def shutdown(self) -> None:
        """Log out whoever is logged in and close every window."""
        self._quitting = True
        if self.main_window is not None:
            self.main_window.close()
            self._drop_main_window()
        self.login_window.close()

    @Slot(object)
    def _on_logged_in(self, session: StaffSession) -> None:
        self._open_main_window(session)

    def _open_main_window(self, session: StaffSession) -> None:
        self._drop_main_window()
        window = MainWindow(
            self._desk,
            session,
            demo=self._demo,
            extra_screens=self._extra_screens,
            idle_interval_ms=self._idle_interval_ms,
        )
        window.logged_out.connect(self._on_logged_out)
        window.user_switched.connect(self._on_user_switched)
        window.quit_requested.connect(self._on_quit_requested)
        self.main_window = window
        self.login_window.hide()
        window.show()
        window.activateWindow()
        window.start()

    def _drop_main_window(self) -> None:
        if self.main_window is not None:
            self.main_window.hide()
            self.main_window.deleteLater()
            self.main_window = None

    @Slot(str)
    def _on_logged_out(self, message: str) -> None:
        self._drop_main_window()
        self.login_window.reset(message)
        self.login_window.show()
        self.login_window.activateWindow()

    @Slot(object)
    def _on_user_switched(self, session: StaffSession) -> None:
        self._open_main_window(session)

    @Slot()
    def _on_quit_requested(self) -> None:
        self._quitting = True
        self._drop_main_window()
        self.login_window.close()

    @Slot()
    def _on_login_window_closed(self) -> None:
        # Closing the login window while someone is logged in only happens at shutdown.
        if self._quitting or self.main_window is None:
            self.finished.emit()
