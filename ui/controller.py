"""Which window is on show (enrollment, login, or one staff member's main window), and sync.

Start-up: the login window is shown first; the desk behind it (the store, the services) is
opened on a worker thread once the window has painted, and the main window's modules are
imported there after it, so neither is on the way to the login window nor to the first login.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from app.domain.errors import KenshinError
from ui import appearance, widgets
from ui.background import BackgroundTask, run_in_background
from ui.i18n import N_, t
from ui.login_form import DeskHandle, desk_handle
from ui.login_window import LoginWindow

if TYPE_CHECKING:
    from app.bootstrap import Desk
    from app.services.dto import StaffSession
    from app.services.sync_dto import SyncReport
    from ui.enrollment import EnrollmentDialog
    from ui.main_window import MainWindow
    from ui.screen import ScreenSpec

log = logging.getLogger(__name__)

# Should no paint event come (a window shown minimised), the desk opens all the same.
OPEN_WITHOUT_PAINT_MS = 300

SYNC_INTERVAL_MS = 30_000
STAFF_REVOKED_TEXT = N_("この職員の権限は取り消されました。")
DEVICE_REVOKED_TEXT = N_(
    "この端末の登録はサーバーで取り消されました。同期を停止しました。\n\n"
    "まだ送信していない記録は、この端末に暗号化したまま保存されています（削除されていません）。"
    "システム管理者に連絡してください。"
)
DEVICE_REVOKED_SHORT = N_("この端末の登録は取り消されたため、同期しません。")
NOT_ENROLLED_TEXT = N_("この端末はサーバーに登録されていないため、同期しません（単独運用）。")
SYNC_FAILED_TEXT = N_("同期できませんでした（予期しないエラー）。次の同期でもう一度試します。")


def preload_main_window() -> None:
    """Import what the first login builds (every screen's module), off the GUI thread."""
    import ui.main_window  # noqa: F401  (a plain import: PyInstaller follows it)


class DeskController(QObject):
    """Owns the windows; a new MainWindow is built for every login and dropped at logout."""

    finished = Signal()
    # Opening the desk behind the login window failed: the error (run_gui says it and ends).
    open_failed = Signal(object)

    def __init__(
        self,
        desk: Desk | DeskHandle,
        *,
        demo_accounts: list[tuple[str, str]] | None = None,
        extra_screens: tuple[ScreenSpec, ...] = (),
        idle_interval_ms: int | None = None,
        sync_interval_ms: int = SYNC_INTERVAL_MS,
        enroll_first: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk_handle = desk_handle(desk)
        self.desk_handle.opened.connect(self._on_desk_opened)
        self._demo = demo_accounts is not None
        self._extra_screens = extra_screens
        self._idle_interval_ms = idle_interval_ms
        self._enroll_first = enroll_first
        self._demo_accounts = demo_accounts
        self._appearance = appearance.shared()
        self._appearance.language_changed.connect(self._on_language_changed)
        self.login_window = LoginWindow(self.desk_handle, demo_accounts=demo_accounts)
        self.main_window: MainWindow | None = None
        self.enrollment_dialog: EnrollmentDialog | None = None
        self.notice: QMessageBox | None = None
        self.sync_task: BackgroundTask | None = None
        self.device_revoked = False
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(sync_interval_ms)
        self.sync_timer.timeout.connect(self._on_sync_timer)
        self._quitting = False
        self.login_window.logged_in.connect(self._on_logged_in)
        self.login_window.closed.connect(self._on_login_window_closed)

    @property
    def _desk(self) -> Desk:
        return self.desk_handle.wait()

    def start(self) -> None:
        """The enrollment dialog first on a production desk not yet enrolled; else the login.
        A desk still to be opened: the login window now, the desk once it has painted (and
        the enrollment dialog in its place then, if the desk turns out not enrolled)."""
        if not self.desk_handle.ready:
            self._show_login()
            self.login_window.installEventFilter(self)
            QTimer.singleShot(OPEN_WITHOUT_PAINT_MS, self, self._open_desk)
            return
        if self._enroll_first and not self._desk.enrollment.enrolled():
            self._show_enrollment()
            return
        self._show_login()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.desk_handle.started:
            QTimer.singleShot(0, self, self._open_desk)  # after this paint has reached the screen
        return False

    @Slot()
    def _open_desk(self) -> None:
        self.desk_handle.open_in_background(then=preload_main_window)

    @Slot()
    def _on_desk_opened(self) -> None:
        self.login_window.removeEventFilter(self)
        error = self.desk_handle.error
        if error is not None:
            self.open_failed.emit(error)
            return
        self.login_window.refresh_workstation()
        if (
            self._enroll_first
            and self.main_window is None
            and self.enrollment_dialog is None
            and not self._quitting
            and not self._desk.enrollment.enrolled()
        ):
            self.login_window.hide()
            self._show_enrollment()

    def _show_login(self, message: str = "") -> None:
        if self._appearance.install_language():  # chosen at the desk since the last login
            self._rebuild_login_window()
        self.login_window.reset(message)
        self.login_window.show()
        self.login_window.activateWindow()

    def _rebuild_login_window(self) -> None:
        """A login window in the language now installed; the old one goes, unnoticed."""
        old = self.login_window
        old.closed.disconnect(self._on_login_window_closed)
        old.logged_in.disconnect(self._on_logged_in)
        visible = old.isVisible()
        self.login_window = LoginWindow(self.desk_handle, demo_accounts=self._demo_accounts)
        self.login_window.logged_in.connect(self._on_logged_in)
        self.login_window.closed.connect(self._on_login_window_closed)
        if visible:
            self.login_window.setGeometry(old.geometry())
        old.hide()
        old.deleteLater()

    @Slot(str)
    def _on_language_changed(self, _language: str) -> None:
        # Chosen on the login window: it is rebuilt at once, once the dialog over it is gone.
        # Chosen in a main window: the next login window is in it (see _show_login).
        if self.main_window is None and not self._quitting:
            QTimer.singleShot(0, self._relanguage_login)

    @Slot()
    def _relanguage_login(self) -> None:
        if self.main_window is not None or self._quitting or self.enrollment_dialog is not None:
            return
        if self._appearance.install_language():
            visible = self.login_window.isVisible()
            self._rebuild_login_window()
            if visible:
                self._show_login()

    def _show_enrollment(self) -> None:
        from ui.enrollment import EnrollmentDialog

        dialog = EnrollmentDialog(self._desk.enrollment)
        dialog.enrolled.connect(self._on_enrolled)
        dialog.rejected.connect(self._on_enrollment_cancelled)
        dialog.finished.connect(dialog.deleteLater)
        self.enrollment_dialog = dialog
        dialog.show()
        dialog.activateWindow()

    @Slot(object)
    def _on_enrolled(self, _result: object) -> None:
        # The dialog closes itself right after this; the login window is on show by then.
        self.enrollment_dialog = None
        self._show_login()
        self._start_round(None)  # staff accounts and master data come down before anyone logs in

    @Slot()
    def _on_enrollment_cancelled(self) -> None:
        self.enrollment_dialog = None
        self._quitting = True
        self.finished.emit()

    def _drop_enrollment_dialog(self) -> None:
        dialog, self.enrollment_dialog = self.enrollment_dialog, None
        if dialog is not None:
            dialog.rejected.disconnect(self._on_enrollment_cancelled)
            dialog.reject()

    def shutdown(self) -> None:
        """Log out whoever is logged in and close every window."""
        self._quitting = True
        self.sync_timer.stop()
        self._drop_enrollment_dialog()
        if self.notice is not None:
            self.notice.close()
            self.notice.deleteLater()
            self.notice = None
        if self.main_window is not None:
            self.main_window.close()
            self._drop_main_window()
        self.login_window.close()

    @Slot(object)
    def _on_logged_in(self, session: StaffSession) -> None:
        self._open_main_window(session)

    def _open_main_window(self, session: StaffSession) -> None:
        from ui.main_window import MainWindow

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
        window.sync_requested.connect(self._on_sync_requested)
        self.main_window = window
        self.login_window.hide()
        window.show()
        window.activateWindow()
        window.start(counts_in_background=True)  # the home screen's counts come after it shows
        if self.main_window is window and not self.device_revoked:
            self.sync_timer.start()
            self.sync_now()

    def _drop_main_window(self) -> None:
        self.sync_timer.stop()
        if self.main_window is not None:
            self.main_window.hide()
            self.main_window.deleteLater()
            self.main_window = None

    @Slot(str)
    def _on_logged_out(self, message: str) -> None:
        self._drop_main_window()
        self._show_login(message)

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

    def is_syncing(self) -> bool:
        return self.sync_task is not None and self.sync_task.is_running()

    def sync_now(self) -> bool:
        """Start a round for the open session, unless one is running; True if one started."""
        window = self.main_window
        if window is None:
            return False
        return self._start_round(window)

    @Slot()
    def _on_sync_timer(self) -> None:
        self.sync_now()

    @Slot()
    def _on_sync_requested(self) -> None:
        if not self.sync_now() and self.main_window is not None and not self.is_syncing():
            self.main_window.statusBar().showMessage(self._why_not_syncing(), 10_000)

    def _why_not_syncing(self) -> str:
        return t(DEVICE_REVOKED_SHORT) if self.device_revoked else t(NOT_ENROLLED_TEXT)

    def _start_round(self, window: MainWindow | None) -> bool:
        """One round off the GUI thread; the report is acted on only if `window` is still on."""
        if self.device_revoked or self.is_syncing() or not self._sync_enabled():
            return False
        session = window.session if window is not None else None
        sync = self._desk.sync
        if window is not None:
            window.sync_status.set_syncing(True)
        self.sync_task = run_in_background(
            self,
            lambda _progress: sync.sync_now(session),
            on_done=lambda report: self._on_round_done(window, report),
            on_error=lambda error: self._on_round_failed(window, error),
        )
        return True

    def _sync_enabled(self) -> bool:
        try:
            return self._desk.sync.status().enrolled
        except Exception as error:  # the status bar says what is wrong; the timer must go on
            log.error("sync status unreadable: %s", type(error).__name__)
            return False

    def _current(self, window: MainWindow | None) -> bool:
        """Whether the round's window is still the one on show (None: the login window)."""
        return self.main_window is window and not self._quitting

    def _on_round_done(self, window: MainWindow | None, report: SyncReport) -> None:
        self.sync_task = None
        if report.device_revoked:
            self._on_device_revoked()
        if not self._current(window):
            self.sync_now()  # someone logged in meanwhile: their first round was skipped
            return
        if window is None:
            self.login_window.refresh_workstation()
        elif report.session_revoked:
            window.end_session(t(STAFF_REVOKED_TEXT))
        else:
            window.sync_finished()

    def _on_round_failed(self, window: MainWindow | None, error: BaseException) -> None:
        """sync_now reports network trouble in its report; anything raised is shown, not fatal."""
        from app.services.errors import SessionEnded

        self.sync_task = None
        if not self._current(window) or window is None:
            self.sync_now()
            return
        if isinstance(error, SessionEnded):
            window.end_session(t(error.message))
            return
        if not isinstance(error, KenshinError):
            log.error("sync round failed: %s", type(error).__name__)
        window.sync_finished()
        message = t(error.message) if isinstance(error, KenshinError) else t(SYNC_FAILED_TEXT)
        window.sync_status.show_trouble(message)

    def _on_device_revoked(self) -> None:
        """Stop syncing for the life of the process; the records stay in the store."""
        self.device_revoked = True
        self.sync_timer.stop()
        if self.main_window is not None:
            self.main_window.sync_status.set_revoked()
        # No parent: the notice outlives a main window that a revoked session closes next.
        notice = QMessageBox(QMessageBox.Icon.Warning, t(widgets.APP_TITLE), t(DEVICE_REVOKED_TEXT))
        notice.setWindowModality(Qt.WindowModality.ApplicationModal)
        notice.show()  # not exec(): the round's callback must not block the event loop
        self.notice = notice
