"""Start-up: the login window is on show before the services, the ORM, the sync client and the
admin modules are imported, and a login through it still reaches a working home screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from pytestqt.qtbot import QtBot

from app import bootstrap
from app.bootstrap import Desk
from app.store.demo_seed import seed_residents, seed_staff
from app.store.keys import DemoFileKeyring, KeyringKeyStore
from tests.support import PASSWORDS
from tests.ui.conftest import NO_IDLE_LOCK_MS, log_in
from ui.controller import DeskController
from ui.home_screen import HomeScreen
from ui.login_form import DeskHandle

ROOT = Path(__file__).resolve().parents[2]

# What the login window must not wait for: every use case, the sync client and its wire schema,
# the store's ORM and migrations, printing, and the main window with its (admin) screens.
HEAVY = (
    "app.services",
    "app.sync",
    "app.store.orm",
    "app.store.unit_of_work",
    "app.documents",
    "sqlalchemy",
    "alembic",
    "httpx",
    "pydantic",
    "reportlab",
    "ui.main_window",
    "ui.navigation",
    "ui.staff_screen",
    "ui.devices_screen",
    "ui.settings_screen",
    "ui.enrollment",
)

# The desk as `healthdesk demo` starts it (ui.cli first, then ui.app.run_gui and its event
# loop), on a store of the test's own; what is imported is noted when the desk starts opening.
CHILD = r"""
import json, sys, time
from pathlib import Path

import ui.cli  # what `healthdesk` imports first
from app import bootstrap
from ui import app as gui
from ui import controller as controller_module

data_dir, keyring_file, login_id, password = sys.argv[1:5]
seen = {}


def open_desk():
    from PySide6.QtWidgets import QApplication
    from ui.login_window import LoginWindow

    seen["modules"] = sorted(sys.modules)
    seen["login_window_exposed"] = any(
        isinstance(widget, LoginWindow) and widget.isVisible()
        and widget.windowHandle() is not None and widget.windowHandle().isExposed()
        for widget in QApplication.topLevelWidgets()
    )
    from app.store.keys import DemoFileKeyring, KeyringKeyStore

    return bootstrap.open_desk(Path(data_dir), KeyringKeyStore(DemoFileKeyring(Path(keyring_file))))


original_start = controller_module.DeskController.start


def start(controller):
    original_start(controller)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    timer = QTimer(controller)
    state = {"step": "loaded"}

    def tick():
        if state["step"] == "loaded" and controller.desk_handle.loaded:
            form = controller.login_window.form
            form.id_edit.setText(login_id)
            form.password_edit.setText(password)
            form.login_button.click()
            window = controller.main_window
            seen["home_on_show"] = window is not None and window.isVisible() and (
                type(window.current_screen()).__name__ == "HomeScreen"
            )
            if window is None:
                seen["error"] = form.error_label.text()
                QApplication.exit(3)
            state["step"] = "counts"
        elif state["step"] == "counts":
            home = controller.main_window.screens["home"]
            if home.model.rowCount() > 0:
                seen["home_rows"] = [home.model.row_at(row) for row in range(home.model.rowCount())]
                timer.stop()
                QApplication.quit()

    timer.timeout.connect(tick)
    timer.start(5)
    QTimer.singleShot(30_000, lambda: QApplication.exit(4))


controller_module.DeskController.start = start
status = gui.run_gui(open_desk, smoke=False, demo_accounts=bootstrap.demo_accounts())
seen["status"] = status
print(json.dumps(seen))
"""


@pytest.fixture
def store_on_disk(tmp_path: Path) -> tuple[Path, Path]:
    """A store another process can open: its key in a file keyring of the test's own."""
    keyring_file = tmp_path / "keyring.json"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    engine = bootstrap.open_engine(
        data_dir, KeyringKeyStore(DemoFileKeyring(keyring_file)), create=True
    )
    seed_staff(engine, PasswordHasher.from_parameters(profiles.CHEAPEST))
    seed_residents(engine, 50)
    engine.dispose()
    return data_dir, keyring_file


def test_the_login_window_is_on_show_before_the_services_are_imported_and_login_works(
    store_on_disk: tuple[Path, Path],
) -> None:
    data_dir, keyring_file = store_on_disk
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    arguments = [str(data_dir), str(keyring_file), "clerk1", PASSWORDS["clerk1"]]
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 0
    assert seen["login_window_exposed"], "the desk began opening before the window was shown"
    early = [
        name
        for name in seen["modules"]
        if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY)
    ]
    assert early == []
    # …and the login through that window reaches the home screen, its counts there too.
    assert seen["home_on_show"]
    assert ["登録されている住民", "50 人"] in seen["home_rows"]


def _deferred_controller(
    qtbot: QtBot, handle: DeskHandle, *, enroll_first: bool = False
) -> DeskController:
    controller = DeskController(handle, idle_interval_ms=NO_IDLE_LOCK_MS, enroll_first=enroll_first)
    qtbot.addWidget(controller.login_window)
    return controller


def test_the_counts_read_beside_the_home_screen_are_the_ones_read_in_line(
    desk: Desk, qtbot: QtBot
) -> None:
    controller = _deferred_controller(qtbot, DeskHandle.opened_later(lambda: desk))
    try:
        controller.start()
        assert controller.login_window.isVisible()
        label = controller.login_window.workstation_label
        qtbot.waitUntil(lambda: "test-desk" in label.text(), timeout=20_000)  # once open
        log_in(controller, "supervisor")
        window = controller.main_window
        assert window is not None and window.isVisible()
        home = window.current_screen()
        assert isinstance(home, HomeScreen)
        qtbot.waitUntil(lambda: home.model.rowCount() > 0)
        beside = [home.model.row_at(row) for row in range(home.model.rowCount())]
        home.refresh()  # the plain way: in line, on the GUI thread
        assert [home.model.row_at(row) for row in range(home.model.rowCount())] == beside
        assert ("登録されている住民", "50 人") in beside
    finally:
        controller.shutdown()


def test_a_login_pressed_while_the_desk_still_opens_waits_for_it(desk: Desk, qtbot: QtBot) -> None:
    release = threading.Event()

    def slow_open() -> Desk:
        release.wait(10)
        return desk

    controller = _deferred_controller(qtbot, DeskHandle.opened_later(slow_open))
    try:
        controller.start()
        controller.desk_handle.open_in_background()
        assert not controller.desk_handle.ready
        threading.Timer(0.2, release.set).start()
        started = time.monotonic()
        log_in(controller, "clerk1")
        assert time.monotonic() - started >= 0.15  # it did wait
        assert controller.main_window is not None
        assert isinstance(controller.main_window.current_screen(), HomeScreen)
    finally:
        release.set()
        controller.shutdown()


def test_a_desk_found_not_enrolled_once_open_shows_the_enrollment_instead(
    desk: Desk, qtbot: QtBot
) -> None:
    controller = _deferred_controller(
        qtbot, DeskHandle.opened_later(lambda: desk), enroll_first=True
    )
    try:
        controller.start()
        assert controller.login_window.isVisible()  # before the store says anything
        qtbot.waitUntil(lambda: controller.enrollment_dialog is not None, timeout=20_000)
        assert controller.enrollment_dialog.isVisible()
        assert not controller.login_window.isVisible()
    finally:
        controller.shutdown()


def test_a_store_that_cannot_open_is_reported_once_the_window_is_up(
    qtbot: QtBot,
) -> None:
    def refused() -> Desk:
        raise bootstrap.StoreMissing()

    controller = _deferred_controller(qtbot, DeskHandle.opened_later(refused))
    failures: list[BaseException] = []
    controller.open_failed.connect(failures.append)
    try:
        controller.start()
        qtbot.waitUntil(lambda: bool(failures), timeout=20_000)
        assert isinstance(failures[0], bootstrap.StoreMissing)
        form = controller.login_window.form
        form.id_edit.setText("clerk1")
        form.password_edit.setText("whatever-it-is")
        form.login_button.click()  # says why, in Japanese, rather than failing silently
        assert form.error_label.text() == bootstrap.StoreMissing().message
    finally:
        controller.shutdown()


def test_the_counts_come_even_if_the_home_screen_never_paints(desk: Desk, qtbot: QtBot) -> None:
    home = HomeScreen(desk.desk, desk.auth.login("clerk1", PASSWORDS["clerk1"]))
    qtbot.addWidget(home)  # never shown: no paint event will start the counts
    home.refresh_in_background()
    assert home.model.rowCount() == 0
    qtbot.waitUntil(lambda: home.model.rowCount() > 0)
    assert ("登録されている住民", "50 人") in [
        home.model.row_at(row) for row in range(home.model.rowCount())
    ]
