"""A real encrypted demo store per test, cheap password hashing, and no modal left blocking."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QVBoxLayout
from pytestqt.qtbot import QtBot

from app import bootstrap
from app.domain.policy import Permission
from app.store.demo_seed import seed_residents, seed_staff
from app.store.keys import KeyringKeyStore
from tests.support import PASSWORDS, MemoryKeyring
from ui.controller import DeskController
from ui.main_window import MainWindow
from ui.screen import Screen, ScreenSpec


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[bootstrap.Desk]:
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    engine = bootstrap.open_engine(tmp_path, KeyringKeyStore(MemoryKeyring()), create=True)
    seed_staff(engine, hasher)
    seed_residents(engine, 50)
    built = bootstrap.build_desk(engine, hasher=hasher, workstation="test-desk")
    yield built
    built.close()


@pytest.fixture(autouse=True)
def no_blocking_modals(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal nobody answers would hang the run; a test that expects one patches it."""

    def refuse(self: QDialog) -> int:
        raise AssertionError(f"unexpected modal dialog: {type(self).__name__} {self.windowTitle()}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns on every top-level layout ("does not support
    # propagateSizeHints"); it says nothing about our code, every other warning still fails.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore("does not support propagateSizeHints"))


class NoteScreen(Screen):
    """A test-only screen holding unsaved text, to prove drafts survive a change of user."""

    def __init__(self) -> None:
        super().__init__()
        self.note_edit = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.note_edit)

    def unsaved_draft(self) -> dict[str, Any] | None:
        return {"note": self.note_edit.text()} if self.note_edit.text() else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.note_edit.setText(str(payload.get("note", "")))


NOTE_SCREEN = ScreenSpec("note", "メモ", Permission.USE_DESK, lambda context: NoteScreen())
NO_IDLE_LOCK_MS = 3_600_000


@pytest.fixture
def make_controller(desk: bootstrap.Desk, qtbot: QtBot) -> Iterator[Callable[..., DeskController]]:
    made: list[DeskController] = []

    def make(*, idle_interval_ms: int = NO_IDLE_LOCK_MS, **options: Any) -> DeskController:
        controller = DeskController(
            desk, extra_screens=(NOTE_SCREEN,), idle_interval_ms=idle_interval_ms, **options
        )
        qtbot.addWidget(controller.login_window)
        controller.start()
        made.append(controller)
        return controller

    yield make
    for controller in made:
        if controller.main_window is not None:
            controller.main_window.idle.stop()
        controller.shutdown()


def log_in(controller: DeskController, login_id: str, password: str | None = None) -> None:
    """Type into the login window's fields and press its button, as a clerk would."""
    form = controller.login_window.form
    form.id_edit.setText(login_id)
    form.password_edit.setText(PASSWORDS[login_id] if password is None else password)
    form.login_button.click()


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]
