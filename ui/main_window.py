"""The main window: role-scoped navigation, the screens, the status bar, and the idle lock."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.settings import DeskSettings
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.change_password_dialog import ChangePasswordDialog
from ui.display_settings import display_settings_action, step_font_scale
from ui.drafts import restore_drafts, save_drafts
from ui.enrollment import EnrollAction
from ui.home_screen import HomeScreen
from ui.i18n import N_, t
from ui.idle_lock import IdleWatcher
from ui.labels import status_text
from ui.lock_screen import LockScreen
from ui.navigation import screens_for
from ui.screen import Screen, ScreenContext, ScreenSpec
from ui.sync_problems_screen import SyncProblemsScreen
from ui.sync_status import SyncStatusWidget

LOCKED_TITLE = N_("健診デスク — ロック中")


class MainWindow(QMainWindow):
    """One logged-in staff member's desk; rebuilt from scratch for the next one."""

    logged_out = Signal(str)
    user_switched = Signal(object)
    quit_requested = Signal()
    sync_requested = Signal()

    def __init__(
        self,
        desk: Desk,
        session: StaffSession,
        *,
        demo: bool = False,
        extra_screens: tuple[ScreenSpec, ...] = (),
        idle_interval_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._session = session
        self._ended = False
        self._counts_in_background = False
        self.lock_screen: LockScreen | None = None
        self.setWindowTitle(f"{t(widgets.APP_TITLE)} — {session.display_name}")
        self.resize(1200, 800)
        self.nav = QListWidget(self)
        self.nav.setAccessibleName(t("画面の一覧"))
        self.nav.setStyleSheet("QListWidget::item { padding: 10px 12px; }")
        self.stack = QStackedWidget(self)
        self.screens: dict[str, Screen] = {}
        context = ScreenContext(desk, session, demo)
        self._specs = screens_for(context, extra_screens)
        self.workspace = QWidget(self)
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        # At a large text size a screen may be wider or taller than the display: it scrolls.
        self.stack_scroll = QScrollArea(self.workspace)
        self.stack_scroll.setWidgetResizable(True)
        self.stack_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack_scroll.setWidget(self.stack)
        row.addWidget(self.stack_scroll, 1)
        self.root = QStackedWidget(self)
        self.root.addWidget(self.workspace)
        self.setCentralWidget(self.root)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)  # two lines, not a window wider than the display
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.sync_status = SyncStatusWidget(desk.sync.status, self)
        self.sync_status.sync_requested.connect(self.sync_requested)
        self.statusBar().addPermanentWidget(self.sync_status)
        self._build_screens(context)
        self._fit_nav()
        widgets.follow_font(self.nav, self._fit_nav)
        self._build_actions()
        self.idle = IdleWatcher(idle_interval_ms or self._idle_minutes() * 60_000, self)
        self.idle.idle.connect(self._on_lock_triggered)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)

    def _idle_minutes(self) -> int:
        try:
            return self._desk.desk.settings().idle_lock_minutes
        except KenshinError:
            return DeskSettings().idle_lock_minutes

    def _build_screens(self, context: ScreenContext) -> None:
        for number, spec in enumerate(self._specs, start=1):
            screen = spec.build(context)
            screen.session_ended.connect(self._on_session_ended)
            if isinstance(screen, SyncProblemsScreen):
                screen.sync_requested.connect(self.sync_requested)
            self.screens[spec.name] = screen
            self.stack.addWidget(screen)
            self.nav.addItem(t(spec.title))
            if number <= 9:
                self.nav.item(number - 1).setToolTip(f"Ctrl+{number}")

    def _fit_nav(self) -> None:
        """Wide enough for the longest title at the text size in force (200 px at 100 %)."""
        metrics = self.nav.fontMetrics()
        longest = max(
            (
                metrics.horizontalAdvance(self.nav.item(row).text())
                for row in range(self.nav.count())
            ),
            default=0,
        )
        self.nav.setFixedWidth(max(200, longest + 24 + 2 * self.nav.frameWidth() + 16))

    def _build_actions(self) -> None:
        self.sync_action = self._action(t("今すぐ同期(&S)"), "Ctrl+Shift+S")
        self.change_password_action = self._action(t("パスワード変更(&P)"), "Ctrl+Shift+P")
        self.lock_action = self._action(t("ロック(&L)"), "Ctrl+L")
        self.logout_action = self._action(t("ログアウト(&Q)"), "Ctrl+Q")
        self.change_password_action.triggered.connect(self._on_change_password_triggered)
        self.lock_action.triggered.connect(self._on_lock_triggered)
        self.logout_action.triggered.connect(self._on_logout_triggered)
        self.sync_action.triggered.connect(self.sync_requested)
        session_menu = self.menuBar().addMenu(t("操作(&O)"))
        toolbar = self.addToolBar(t("操作"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.actions():  # the four above, in the order they were made
            session_menu.addAction(action)
            toolbar.addAction(action)
            name = action.text().split("(")[0].replace("&", "")
            action.setToolTip(
                t("{action}（{shortcut}）").format(
                    action=name, shortcut=action.shortcut().toString()
                )
            )
        if self._session.may(Permission.WORKSTATION_ADMIN):
            self.enroll_action = EnrollAction(self._desk.enrollment, self._desk.sync, self)
            self.enroll_action.enrolled.connect(self.sync_requested)
            session_menu.addAction(self.enroll_action)
        self.toolbar = toolbar
        screen_menu = self.menuBar().addMenu(t("画面(&G)"))
        self.nav_actions: list[QAction] = []
        for row, spec in enumerate(self._specs[:9]):
            action = self._action(t(spec.title), f"Ctrl+{row + 1}")
            action.setData(row)
            action.triggered.connect(self._on_nav_action_triggered)
            screen_menu.addAction(action)
            self.nav_actions.append(action)
        # Past Ctrl+9: a letter in the menu (Alt+G, then the letter).
        self.more_nav_actions: list[QAction] = []
        for row, spec in enumerate(self._specs[9:], start=9):
            key = chr(ord("A") + row - 9)
            action = QAction(t("{title}(&{key})").format(title=t(spec.title), key=key), self)
            action.setData(row)
            action.triggered.connect(self._on_nav_action_triggered)
            screen_menu.addAction(action)
            self.more_nav_actions.append(action)
        self._build_view_menu()

    def _build_view_menu(self) -> None:
        """表示(&V): the display settings (every role) and one step larger or smaller text."""
        view_menu = self.menuBar().addMenu(t("表示(&V)"))
        self.display_action = display_settings_action(self)
        self.zoom_in_action = QAction(t("文字を大きく(&I)"), self)
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.zoom_out_action = QAction(t("文字を小さく(&O)"), self)
        self.zoom_out_action.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_in_action.triggered.connect(lambda: step_font_scale(None, +1))
        self.zoom_out_action.triggered.connect(lambda: step_font_scale(None, -1))
        for action in (self.display_action, self.zoom_in_action, self.zoom_out_action):
            self.addAction(action)  # shortcuts work with the menu bar hidden, off when locked
            view_menu.addAction(action)

    def _action(self, text: str, shortcut: str) -> QAction:
        # Added to the window itself so shortcuts work with the menu bar hidden.
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)
        return action

    @property
    def session(self) -> StaffSession:
        return self._session

    def start(self, *, counts_in_background: bool = False) -> None:
        """Hand back this user's drafts, fill the status bar and open the first screen.
        `counts_in_background` (a login): the home screen is on show at once and its counts,
        which read the whole register, arrive from a worker thread just after."""
        self._counts_in_background = counts_in_background
        self._refresh_status()
        if self._ended:
            return
        self.sync_status.start()
        restored: list[str] = []
        try:
            restored = restore_drafts(self._desk.desk.take_drafts(self._session), self.screens)
        except SessionEnded as error:
            self._end_session(t(error.message))
            return
        except KenshinError as error:
            widgets.show_error(self, t(error.message))
        names = [spec.name for spec in self._specs]
        self.nav.setCurrentRow(names.index(restored[0]) if restored else 0)
        self._counts_in_background = False  # from now on a screen brought forward reloads
        if restored:
            self.statusBar().showMessage(t("前回の作業の下書きを戻しました。"), 10_000)
        self.idle.start()

    def current_screen(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) and not self.is_locked() else None

    def is_locked(self) -> bool:
        return self.lock_screen is not None

    def end_session(self, message: str) -> None:
        """End the session from outside (a sync found the staff member revoked)."""
        self._end_session(message)

    def sync_finished(self) -> None:
        """A sync round ended: fresh status, and a fresh list if the problems are on show."""
        self.sync_status.set_syncing(False)
        screen = self.current_screen()
        if isinstance(screen, SyncProblemsScreen) and not self._ended:
            screen.refresh()

    def _refresh_status(self) -> None:
        try:
            status = self._desk.desk.status(self._session)
        except SessionEnded as error:
            self._end_session(t(error.message))
            return
        except KenshinError as error:
            self.status_label.setText(t(error.message))
            return
        self.status_label.setText(status_text(status))

    @Slot(int)
    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self._refresh_status()
        screen = self.stack.currentWidget()
        if isinstance(screen, HomeScreen) and self._counts_in_background and not self._ended:
            screen.refresh_in_background()
        elif isinstance(screen, Screen) and not self._ended:
            screen.refresh()

    @Slot()
    def _on_nav_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.nav.setCurrentRow(int(action.data()))
            self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _on_change_password_triggered(self) -> None:
        try:
            changed = ChangePasswordDialog.ask(self, self._desk, self._session, forced=False)
        except SessionEnded as error:
            self._end_session(t(error.message))
            return
        if changed is not None:
            self._session = changed
            self.statusBar().showMessage(t("パスワードを変更しました。"), 10_000)

    @Slot()
    def _on_lock_triggered(self) -> None:
        if self.is_locked() or self._ended:
            return
        self._close_dialogs()
        try:
            self._desk.auth.lock(self._session)
        except SessionEnded as error:
            self._end_session(t(error.message))
            return
        except KenshinError:
            pass  # The screen locks all the same: hiding the data matters more than the record.
        self.idle.stop()
        self.lock_screen = LockScreen(self._desk, self._session, self.root)
        self.lock_screen.unlocked.connect(self._on_unlocked)
        self.lock_screen.signed_out.connect(self._on_session_ended)
        self.lock_screen.switch_requested.connect(self._on_switch_requested)
        self.root.addWidget(self.lock_screen)
        self.root.setCurrentWidget(self.lock_screen)
        self._set_chrome_visible(False)
        self.setWindowTitle(t(LOCKED_TITLE))
        self.lock_screen.focus_password()

    def _close_dialogs(self) -> None:
        """Close any dialog open over this window: a temporary password must not stay on show."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()

    def _set_chrome_visible(self, visible: bool) -> None:
        self.menuBar().setVisible(visible)
        self.toolbar.setVisible(visible)
        self.statusBar().setVisible(visible)
        for action in self.actions():  # the window's own: session, sync and screen shortcuts
            action.setEnabled(visible)

    @Slot()
    def _on_unlocked(self) -> None:
        self._drop_lock_screen()
        self._set_chrome_visible(True)
        self.setWindowTitle(f"{t(widgets.APP_TITLE)} — {self._session.display_name}")
        self._on_nav_row_changed(self.nav.currentRow())
        self.idle.start()
        self.nav.setFocus()

    def _drop_lock_screen(self) -> None:
        if self.lock_screen is not None:
            self.root.removeWidget(self.lock_screen)
            self.lock_screen.deleteLater()
            self.lock_screen = None
        self.root.setCurrentWidget(self.workspace)

    @Slot(object)
    def _on_switch_requested(self, new_session: StaffSession) -> None:
        self._end_session("", switch_to=new_session)

    @Slot()
    def _on_logout_triggered(self) -> None:
        self._end_session("")

    @Slot(str)
    def _on_session_ended(self, message: str) -> None:
        self._end_session(message)

    def _end_session(
        self, message: str, *, switch_to: StaffSession | None = None, quitting: bool = False
    ) -> None:
        """Keep unsaved work as drafts, record the logout, and hand the desk on."""
        if self._ended:
            return
        self._ended = True
        self.idle.stop()
        self.sync_status.stop()
        save_drafts(self._desk.desk, self._session, self.screens)
        # The desk is handed on even if the logout cannot be recorded; the login was.
        with contextlib.suppress(KenshinError):
            self._desk.auth.logout(self._session)
        if quitting:
            self.quit_requested.emit()
        elif switch_to is not None:
            self.user_switched.emit(switch_to)
        else:
            self.logged_out.emit(message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._ended:
            self._end_session("", quitting=True)
        super().closeEvent(event)
