"""Every action by keyboard: Tab walks each screen and dialog through all its controls and back
to where it started, and every main-window action has a shortcut or a menu mnemonic."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from app.services.lookup_dto import HistoryLine
from tests.entry_support import batch_id, key, person, result_id
from tests.support import PASSWORDS, login
from tests.ui.sync_fakes import FakeEnrollment
from ui.background import wait_for_all
from ui.batch_screen import BatchScreen, NewBatchDialog
from ui.change_password_dialog import ChangePasswordDialog
from ui.correction_dialog import CorrectionDialog
from ui.display_settings import DisplaySettingsDialog
from ui.enrollment import EnrollmentDialog
from ui.followup_dialog import FollowupDialog
from ui.issue_dialog import IssueDialog
from ui.login_window import LoginWindow
from ui.lookup_screen import LookupScreen
from ui.main_window import MainWindow
from ui.staff_dialogs import GrantDialog, NewStaffDialog
from ui.verification_screen import VerificationScreen

__all__ = ["batch_id", "person", "result_id"]

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)
# Parts of a compound control (a spin box's editor, a combo's list, a field's clear button):
# the control is the stop.
COMPOUND = (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit)
KEY_NAMES = re.compile(r"Ctrl\+|Alt\+|Shift\+|\bF\d{1,2}\b|\bEsc\b|\bEnter\b|\bDel\b")
ROLES = ("clerk1", "supervisor", "admin")
STEP_LIMIT = 400
SECTION_LIMIT = 4


@pytest.fixture(autouse=True)
def background_done() -> Iterator[None]:
    """Searches and draft writes run on pool threads; let them end before the store closes."""
    yield
    wait_for_all()


@pytest.fixture(autouse=True)
def refusals_answered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An admin screen on an unenrolled desk says so in a box; here the box is answered."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    return shown


def stop_of(widget: QWidget) -> QWidget:
    """The control a focused widget belongs to (a spin box for its line edit)."""
    found = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOUND):
            found = parent
        parent = parent.parentWidget()
    return found


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The enabled, visible controls a keyboard user must be able to reach in `root`."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if stop_of(widget) is not widget or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parentWidget(), QToolBar):
            continue  # tool buttons take no focus; their actions have shortcuts (checked below)
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__}({name!r}, {widget.objectName()!r})"


def walk_tab_chain(start: QWidget) -> list[QWidget]:
    """Press Tab from `start` until focus comes back to it; the controls on the way."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    first = QApplication.focusWidget()
    assert first is not None, f"{describe(start)} does not take focus"
    stops = [stop_of(first)]
    focus = first
    stayed = 0
    for _ in range(STEP_LIMIT):
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None, f"focus lost after {describe(focus)}"
        if after is focus:
            # A date edit takes Tab from section to section (年, 月, 日) before it lets go.
            stayed += 1
            assert stayed < SECTION_LIMIT, f"Tab is trapped in {describe(focus)}"
            continue
        stayed = 0
        if after is first:
            return stops
        focus = after
        stops.append(stop_of(after))
    raise AssertionError(
        "Tab never comes back to the start: " + ", ".join(describe(w) for w in stops[-8:])
    )


def assert_walks_everything(root: QWidget, start: QWidget | None = None) -> int:
    """Tab from `start` reaches every control of `root` and comes back; how many there are."""
    root.show()
    root.activateWindow()
    QTest.qWaitForWindowActive(root.window())
    QTest.qWait(20)  # widgets added to a shown layout are shown from the event loop
    expected = interactive_widgets(root)
    assert expected, f"nothing to reach in {type(root).__name__}"
    stops = walk_tab_chain(start or expected[0])
    missed = [describe(widget) for widget in expected if not reached(widget, stops)]
    assert not missed, f"{type(root).__name__}: Tab never reaches {missed}"
    return len(expected)


def reached(widget: QWidget, stops: list[QWidget]) -> bool:
    """Tab stops once in a group of radio buttons (at the checked one); arrows move inside."""
    if widget in stops:
        return True
    if isinstance(widget, QRadioButton) and widget.autoExclusive():
        siblings = widget.parentWidget().findChildren(QRadioButton)
        group = [r for r in siblings if r.parentWidget() is widget.parentWidget()]
        return any(radio in stops for radio in group)
    return False


def mnemonic_buddies(root: QWidget) -> set[QWidget]:
    """The widgets a label's Alt+letter leads to."""
    return {
        label.buddy()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None and "&" in label.text().replace("&&", "")
    }


def has_key(button: QAbstractButton, buddies: set[QWidget]) -> bool:
    """A mnemonic (&X), a shortcut, a shortcut written on the button (action_button), or a
    label's mnemonic leading to it."""
    text = button.text().replace("&&", "")
    return (
        "&" in text
        or not button.shortcut().isEmpty()
        or bool(KEY_NAMES.search(text))
        or button in buddies
    )


INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def unlabelled_buttons(root: QWidget) -> list[str]:
    """Push buttons without a key (a check box in a list is reached by Tab and Space)."""
    buddies = mnemonic_buddies(root)
    return [
        describe(widget)
        for widget in interactive_widgets(root)
        if isinstance(widget, QPushButton) and not has_key(widget, buddies)
    ]


def fields_without_mnemonic(root: QWidget) -> list[str]:
    """Input fields of a dialog that no label's Alt+letter leads to."""
    buddies = mnemonic_buddies(root)
    return [
        describe(widget)
        for widget in interactive_widgets(root)
        if isinstance(widget, INPUTS) and widget not in buddies
    ]


def unnamed_fields(root: QWidget) -> list[str]:
    """Input fields of a screen with neither a label leading to them nor a name a screen
    reader speaks (a screen's many fields cannot all have a letter of their own)."""
    buddies = {label.buddy() for label in root.findChildren(QLabel)}
    return [
        describe(widget)
        for widget in interactive_widgets(root)
        if isinstance(widget, INPUTS) and widget not in buddies and not widget.accessibleName()
    ]


# -- the main window, per role and screen -------------------------------------------------


def open_window(desk: Desk, qtbot: QtBot, login_id: str) -> MainWindow:
    window = MainWindow(desk, login(desk, login_id), idle_interval_ms=3_600_000)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.start()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.mark.parametrize("login_id", ROLES)
def test_tab_walks_every_screen_of_the_role_and_comes_back(
    desk: Desk, qtbot: QtBot, login_id: str
) -> None:
    window = open_window(desk, qtbot, login_id)
    counts: dict[str, int] = {}
    for row, name in enumerate(window.screens):
        window.nav.setCurrentRow(row)
        wait_for_all()
        qtbot.wait(10)
        counts[name] = assert_walks_everything(window, window.nav)
    assert set(counts) == set(window.screens)


@pytest.mark.parametrize("login_id", ROLES)
def test_every_main_window_action_has_a_shortcut_or_a_mnemonic(
    desk: Desk, qtbot: QtBot, login_id: str
) -> None:
    window = open_window(desk, qtbot, login_id)
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()
        menu = menu_action.menu()
        for action in menu.actions():
            if action.isSeparator():
                continue
            assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    for action in window.findChild(QToolBar).actions():
        assert not action.shortcut().isEmpty(), action.text()
    for action in window.actions():
        assert not action.shortcut().isEmpty() or "&" in action.text(), action.text()
    screen_menu_rows = {
        int(action.data())
        for action in [*window.nav_actions, *window.more_nav_actions]
        if isinstance(action, QAction)
    }
    assert screen_menu_rows == set(range(len(window.screens)))  # every screen from the menu
    assert window.display_action.shortcut().toString() == "Ctrl+Shift+D"


@pytest.mark.parametrize("login_id", ROLES)
def test_screen_buttons_have_mnemonics_and_fields_have_labels_that_lead_to_them(
    desk: Desk, qtbot: QtBot, login_id: str
) -> None:
    window = open_window(desk, qtbot, login_id)
    problems: dict[str, list[str]] = {}
    for row, name in enumerate(window.screens):
        window.nav.setCurrentRow(row)
        wait_for_all()
        screen = window.screens[name]
        missing = unlabelled_buttons(screen) + unnamed_fields(screen)
        if missing:
            problems[name] = missing
    assert not problems


# -- screens in a fuller state --------------------------------------------------------------


def test_the_lookup_detail_pane_is_walked_too(
    desk: Desk, qtbot: QtBot, person: dict[str, str], result_id: str
) -> None:
    window = open_window(desk, qtbot, "clerk1")
    window.nav.setCurrentRow(list(window.screens).index("lookup"))
    screen = window.screens["lookup"]
    assert isinstance(screen, LookupScreen)
    screen.search_edit.setText(person["kana"])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    ids = [row.id for row in screen.model.rows()]
    screen.open_row(ids.index(person["id"]))
    assert screen.detail.detail is not None
    count = assert_walks_everything(window, window.nav)
    assert count > 10
    assert not unlabelled_buttons(screen)


def test_a_results_row_opens_with_enter(desk: Desk, qtbot: QtBot, person: dict[str, str]) -> None:
    window = open_window(desk, qtbot, "clerk1")
    window.nav.setCurrentRow(list(window.screens).index("lookup"))
    screen = window.screens["lookup"]
    screen.search_edit.setText(person["kana"])
    screen.run_search()
    qtbot.waitUntil(lambda: screen.task is None, timeout=5000)
    screen.table.setFocus()
    screen.table.selectRow(0)
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.detail.detail is not None


def test_an_open_entry_form_is_walked_field_by_field(
    desk: Desk, qtbot: QtBot, batch_id: str
) -> None:
    window = open_window(desk, qtbot, "clerk1")
    window.nav.setCurrentRow(list(window.screens).index("entry"))
    screen = window.screens["entry"]
    assert isinstance(screen, BatchScreen)
    screen.select_batch(batch_id)
    form = screen.open_form(1)
    assert form is not None
    count = assert_walks_everything(window, window.nav)
    assert count > 8


def test_an_open_verification_case_is_walked(
    desk: Desk, qtbot: QtBot, batch_id: str, person: dict[str, str]
) -> None:
    key(desk, "clerk1", batch_id, person)
    assert key(desk, "clerk2", batch_id, person, fobt_day2="1") == "review"
    window = open_window(desk, qtbot, "supervisor")
    window.nav.setCurrentRow(list(window.screens).index("verification"))
    screen = window.screens["verification"]
    assert isinstance(screen, VerificationScreen)
    screen.table.setFocus()
    screen.table.selectRow(0)
    QTest.keyClick(screen.table, Qt.Key.Key_Return)  # a case opens with Enter, as by a click
    assert screen.panel.rows
    assert assert_walks_everything(window, window.nav) >= 4  # the paper value comes first
    row = screen.panel.rows["fobt_day2"]
    row.paper_edit.setText("2")
    QTest.keyClick(row.paper_edit, Qt.Key.Key_Return)  # both entries shown, a decision to make
    assert assert_walks_everything(window, window.nav) >= 7
    assert not unlabelled_buttons(screen)


# -- dialogs and windows -------------------------------------------------------------------


def dialog_cases(desk: Desk, parent: QWidget) -> dict[str, Callable[[], QWidget]]:
    line = HistoryLine(
        program_code="colorectal",
        program_name="大腸がん検診",
        screened_on=date(2026, 6, 10),
        fiscal_year=2026,
        judgement="要精検",
        first_time=False,
        result_id="r-1",
        verified=True,
    )
    session = login(desk, "clerk1")
    return {
        "login": lambda: LoginWindow(desk, demo_accounts=list(PASSWORDS.items())),
        "change_password": lambda: ChangePasswordDialog(parent, desk, session, forced=False),
        "forced_password": lambda: ChangePasswordDialog(parent, desk, session, forced=True),
        "correction": lambda: CorrectionDialog(parent, line, lambda *_: ""),
        "followup": lambda: FollowupDialog(parent, line, lambda *_: ""),
        "new_staff": lambda: NewStaffDialog(parent, lambda *_: ("", "")),
        "grant": lambda: GrantDialog(parent, "事務 花子", lambda *_: None),
        "enrollment": lambda: EnrollmentDialog(FakeEnrollment()),
        "new_batch": lambda: NewBatchDialog(parent, lambda *_: ""),
        "display_settings": lambda: DisplaySettingsDialog(parent),
    }


DIALOGS = (
    "login",
    "change_password",
    "forced_password",
    "correction",
    "followup",
    "new_staff",
    "grant",
    "enrollment",
    "new_batch",
    "display_settings",
)


@pytest.mark.parametrize("name", DIALOGS)
def test_tab_walks_every_dialog_and_comes_back(desk: Desk, qtbot: QtBot, name: str) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = dialog_cases(desk, parent)[name]()
    qtbot.addWidget(dialog)
    assert assert_walks_everything(dialog) >= 2
    assert not unlabelled_buttons(dialog)
    assert not fields_without_mnemonic(dialog)


def test_the_issue_dialog_is_walked(desk: Desk, qtbot: QtBot, person: dict[str, str]) -> None:
    session = login(desk, "clerk1")
    screen = LookupScreen(desk.lookup, session)
    qtbot.addWidget(screen)
    detail = desk.lookup.open_resident(session, resident_id=person["id"], fiscal_year=None)
    dialog = IssueDialog(screen, detail, lambda _code: "")
    qtbot.addWidget(dialog)
    assert assert_walks_everything(dialog) >= 2
    assert not unlabelled_buttons(dialog)
    assert not fields_without_mnemonic(dialog)


def test_the_lock_screen_is_walked(desk: Desk, qtbot: QtBot) -> None:
    window = open_window(desk, qtbot, "clerk1")
    window.lock_action.trigger()
    lock = window.lock_screen
    assert lock is not None
    assert_walks_everything(lock, lock.password_edit)
    lock.switch_button.click()
    assert_walks_everything(lock)


def test_the_login_window_opens_the_display_settings_by_keyboard(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = LoginWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    opened: list[QWidget] = []
    monkeypatch.setattr(DisplaySettingsDialog, "exec", lambda self: opened.append(self) or 0)
    QTest.keyClick(window.form.id_edit, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(opened) == 1)  # a mnemonic "animates" the click first
    QTest.keyClick(
        window.form.id_edit,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert len(opened) == 2
