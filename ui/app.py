"""Start the GUI: the Japanese application and the login window, then the store behind it.

The login window is on show first: the store is opened (or refused with its message) and the
services are imported on a worker thread once it has painted (ui.controller). Nothing this
module imports at its top brings the services, the ORM or the sync client.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app import bootstrap
from app.bootstrap import StoreKeyMissing
from app.domain.errors import KenshinError
from app.resources import resources_dir
from ui import appearance
from ui.appearance import BASE_POINT_SIZE, Appearance
from ui.background import wait_for_all
from ui.controller import DeskController, preload_main_window
from ui.i18n import N_, t
from ui.login_form import DeskHandle
from ui.preferences import DisplayPreferences, PreferencesStore
from ui.widgets import APP_TITLE

if TYPE_CHECKING:
    from app.bootstrap import Desk

log = logging.getLogger(__name__)

FONT_FAMILIES = ("IPAexGothic", "Yu Gothic UI", "Meiryo UI", "Meiryo", "Noto Sans CJK JP")
__all__ = ["BASE_POINT_SIZE", "application", "run_gui"]
UNEXPECTED = N_(
    "予期しないエラーが発生しました。直前の操作は完了していない可能性があります。"
    "画面の内容を確認し、続く場合はシステム管理者に連絡してください。"
)


def application(preferences: DisplayPreferences | None = None) -> QApplication:
    """The QApplication with a Japanese font, at the text size, theme and language chosen
    on this desk (the defaults when `preferences` is None: Japanese, 100 %, normal colours)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    _add_bundled_fonts()
    families = set(QFontDatabase.families())
    family = next((name for name in FONT_FAMILIES if name in families), None)
    font = QFont(family) if family else QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    appearance.install_shared(Appearance(preferences=preferences)).apply(app)
    return app


def _add_bundled_fonts() -> None:
    """IPAex Gothic ships with the desk (for printing): the screens use it too, so a stock
    Windows PC shows the same face and widths as the tests and screenshots."""
    if "IPAexGothic" in QFontDatabase.families():
        return
    font = resources_dir() / "fonts" / "ipaexg.ttf"
    if QFontDatabase.addApplicationFont(str(font)) < 0:
        log.warning("bundled screen font not loaded")


def _appearance(data_dir: Path | None, demo: bool) -> Appearance:
    """This desk's saved display preferences (the data folder's display.json)."""
    folder = data_dir if data_dir is not None else bootstrap.default_data_dir(demo=demo)
    return Appearance(PreferencesStore(folder))


def run_gui(
    open_desk: Callable[[], Desk],
    *,
    smoke: bool,
    demo_accounts: list[tuple[str, str]] | None,
    set_aside: Callable[[], str] | None = None,
    data_dir: Path | None = None,
) -> int:
    app = application()
    # Font, theme and language before the first window: a clerk who needs large text needs
    # it on the login window too.
    appearance.install_shared(_appearance(data_dir, demo_accounts is not None)).apply(app)
    offscreen = smoke or _offscreen(app)
    if smoke:  # step by step without an event loop: the desk first, as a script would
        try:
            handle = DeskHandle(_open_or_reenrol(open_desk, set_aside, offscreen=True))
        except KenshinError as error:
            print(f"エラー: {error.message}", file=sys.stderr)
            return 2
    else:
        handle = DeskHandle.opened_later(open_desk)
    try:
        # Production (`healthdesk run`) enrolls first; the demo desk is enrolled for it.
        controller = DeskController(
            handle, demo_accounts=demo_accounts, enroll_first=demo_accounts is None
        )
        if smoke:
            return _smoke(controller, demo_accounts)
        failure: list[BaseException] = []

        def on_open_failed(error: BaseException) -> None:
            if isinstance(error, StoreKeyMissing) and _reenrol_confirmed(
                error, set_aside, offscreen=offscreen
            ):
                handle.reopen(then=preload_main_window)  # an empty store: enrollment next
                return
            controller.login_window.hide()
            failure.append(error)
            if not isinstance(error, KenshinError):
                app.exit(1)  # raised below, as before the window was shown first
            elif offscreen:
                # Offscreen there is nobody to close a message box; say it on stderr instead.
                print(f"エラー: {error.message}", file=sys.stderr)
                app.exit(2)
            else:
                QMessageBox.critical(None, t(APP_TITLE), t(error.message))
                app.exit(2)

        controller.finished.connect(app.quit)
        controller.open_failed.connect(on_open_failed)
        previous_hook = sys.excepthook
        sys.excepthook = _unexpected_error
        try:
            controller.start()
            status = app.exec()
        finally:
            sys.excepthook = previous_hook
            controller.shutdown()
        if failure and not isinstance(failure[0], KenshinError):
            raise failure[0]
        return status
    finally:
        # Screens are gone, so their tasks are cancelled; let the workers leave the store first.
        wait_for_all()
        if handle.started:
            with contextlib.suppress(Exception):  # a store that did not open was said so
                handle.wait().close()


def _offscreen(app: QApplication) -> bool:
    return app.platformName() == "offscreen"


def _open_or_reenrol(
    open_desk: Callable[[], Desk], set_aside: Callable[[], str] | None, *, offscreen: bool
) -> Desk:
    """A store whose key is gone stays as it is; the admin may set it aside and enrol anew."""
    try:
        return open_desk()
    except StoreKeyMissing as error:
        if not _reenrol_confirmed(error, set_aside, offscreen=offscreen):
            raise
    return open_desk()


def _reenrol_confirmed(
    error: StoreKeyMissing, set_aside: Callable[[], str] | None, *, offscreen: bool
) -> bool:
    """Asked and done: the unreadable store moved aside (a new empty one in its place)."""
    if set_aside is None or offscreen or not _confirm_reenrol(t(error.message)):
        return False
    folder = set_aside()
    QMessageBox.information(
        None,
        t(APP_TITLE),
        t(
            "読めなくなったデータファイルを次の場所に移しました（削除していません）:\n{folder}"
        ).format(folder=folder),
    )
    return True


def _confirm_reenrol(message: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, t(APP_TITLE), message)
    box.setInformativeText(
        t(
            "この端末を登録し直すと、新しい空のデータファイルで始めます。"
            "サーバーへ送信済みの記録は同期で戻りますが、未送信だった記録は戻りません。"
            "今のデータファイルは削除せず、別のフォルダに移して残します。"
        )
    )
    again = box.addButton(t("登録し直す"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(t("終了する"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is again


def _smoke(controller: DeskController, accounts: list[tuple[str, str]] | None) -> int:
    """Log the first demo account in and out through the login window's own controls."""
    try:
        reason = _smoke_steps(controller, accounts)
    finally:
        controller.shutdown()
    if reason:
        print(f"smoke: {reason}", file=sys.stderr)
        return 1
    return 0


def _smoke_steps(controller: DeskController, accounts: list[tuple[str, str]] | None) -> str:
    from ui.home_screen import HomeScreen

    if not accounts:
        return "デモ用アカウントがありません (no demo account)"
    controller.start()
    form = controller.login_window.form
    login_id, password = accounts[0]
    form.id_edit.setText(login_id)
    form.password_edit.setText(password)
    form.login_button.click()
    window = controller.main_window
    if window is None:
        return f"ログインできませんでした (login failed): {form.error_label.text()}"
    if not (window.isVisible() and isinstance(window.current_screen(), HomeScreen)):
        return "ホーム画面が表示されません (home screen not shown)"
    window.logout_action.trigger()
    if controller.main_window is not None or not controller.login_window.isVisible():
        return "ログアウトできませんでした (logout failed)"
    return ""


def _unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """A bug must not close the desk silently; the log names where, never the values involved."""
    where = "?"
    while trace is not None:
        where = f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    log.error("unexpected %s at %s", kind.__name__, where)
    QMessageBox.critical(
        None,
        t(APP_TITLE),
        t("{message}（{kind}）").format(message=t(UNEXPECTED), kind=kind.__name__),
    )
