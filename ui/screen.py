"""What a page of the main window is: its services, its entry in the navigation, its drafts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.i18n import t

T = TypeVar("T")


@dataclass(frozen=True)
class ScreenContext:
    """What a screen factory may pick its services from; screens keep only what they use."""

    desk: Desk
    session: StaffSession
    demo: bool = False


@dataclass(frozen=True)
class ScreenSpec:
    """A navigation entry: `name` is stable (drafts are filed under it), `title` is shown."""

    name: str
    title: str
    permission: Permission
    build: Callable[[ScreenContext], Screen]


@runtime_checkable
class DraftHolder(Protocol):
    """A screen that can hold unsaved work across a change of user at a locked desk."""

    def unsaved_draft(self) -> dict[str, Any] | None: ...

    def restore_draft(self, payload: dict[str, Any]) -> None: ...


class Screen(QWidget):
    """A page of the main window. It never reaches for the main window: it emits signals."""

    session_ended = Signal(str)

    def refresh(self) -> None:
        """Reload what the screen shows; called each time the screen is brought forward."""

    def attempt(self, call: Callable[[], T]) -> tuple[bool, T | None]:
        """Run one service call; a refusal is shown, an ended session is passed upward."""
        try:
            return True, call()
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
        except KenshinError as error:
            widgets.show_error(self, t(error.message))
        return False, None
