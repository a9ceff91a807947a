"""The ID-and-password form, shared by the login window and the lock screen's change of user.

At start-up the login window is on show before the desk behind it is open: a `DeskHandle` is
what the window holds, and the services (with the ORM and the sync client) are imported on a
worker thread after the window's first paint. A login pressed before that waits for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from ui import widgets
from ui.i18n import N_, t

if TYPE_CHECKING:
    from app.bootstrap import Desk

log = logging.getLogger(__name__)
CHANGE_REFUSED = N_("パスワードを変更するまでは利用できません。もう一度ログインしてください。")


class DeskHandle(QObject):
    """The desk once it is open: given open (tests, the lock screen), or opened on a worker
    thread by `open_in_background`. `opened` is emitted on the GUI thread when opening ended,
    well or not; `wait()` gives the desk (waiting for it) or raises what opening raised."""

    opened = Signal()
    _settled = Signal()

    def __init__(
        self,
        desk: Desk | None = None,
        *,
        opener: Callable[[], Desk] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._opener = opener
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._loaded = threading.Event()
        self._started = desk is not None
        if desk is not None:
            self._done.set()
            self._loaded.set()
        # Emitted on the worker thread, delivered (queued) on the thread this object lives on.
        self._settled.connect(self.opened)

    @classmethod
    def opened_later(cls, opener: Callable[[], Desk]) -> DeskHandle:
        """A desk to be opened by `opener` once `open_in_background` is called."""
        return cls(opener=opener)

    def open_in_background(self, *, then: Callable[[], None] | None = None) -> None:
        """Open the desk on a worker thread; `then` runs there too, once it is open (the
        modules the first login needs are imported by it). Only the first call does anything."""
        if self._started or self._opener is None:
            return
        self._started = True
        threading.Thread(
            target=self._open, args=(self._opener, then), name="desk-open", daemon=True
        ).start()

    def reopen(self, *, then: Callable[[], None] | None = None) -> None:
        """Open again after a failure that was dealt with (a store set aside for re-enrolment)."""
        if not self._done.is_set() or self._error is None:
            return
        self._error = None
        self._done.clear()
        self._loaded.clear()
        self._started = False
        self.open_in_background(then=then)

    def _open(self, open_desk: Callable[[], Desk], then: Callable[[], None] | None) -> None:
        try:
            self._desk = open_desk()
        except BaseException as error:  # handed to the GUI thread, which says what it was
            self._error = error
        finally:
            self._done.set()
            self._settled.emit()
        try:
            if then is not None and self._error is None:
                then()
        except Exception as error:  # only a head start: the GUI thread imports it anyway
            log.warning("preloading after the desk opened failed: %s", type(error).__name__)
        finally:
            self._loaded.set()

    @property
    def started(self) -> bool:
        return self._started

    @property
    def ready(self) -> bool:
        """The desk is open (and so `wait()` returns at once)."""
        return self._done.is_set() and self._desk is not None

    @property
    def loaded(self) -> bool:
        """Opening ended and what was to be imported after it is imported too."""
        return self._loaded.is_set()

    @property
    def error(self) -> BaseException | None:
        return self._error if self._done.is_set() else None

    def wait(self) -> Desk:
        """The desk, once open; raises what opening it raised."""
        if not self._started:
            if self._opener is None:
                raise RuntimeError("no desk and nothing to open one with")
            self.open_in_background()  # asked for before the first paint: open it now
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._desk is not None
        return self._desk


def desk_handle(desk: Desk | DeskHandle) -> DeskHandle:
    return desk if isinstance(desk, DeskHandle) else DeskHandle(desk)


class LoginForm(QWidget):
    """Logs a staff member in, through the forced password change when one is due."""

    logged_in = Signal(object)

    def __init__(self, desk: Desk | DeskHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk_handle = desk_handle(desk)
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
                desk = self.desk_handle.wait()  # at once, unless pressed during start-up
                session = desk.auth.login(login_id, password)
            if session.must_change_password:
                from ui.change_password_dialog import ChangePasswordDialog

                changed = ChangePasswordDialog.ask(self, desk, session, forced=True)
                if changed is None:
                    desk.auth.logout(session)
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
