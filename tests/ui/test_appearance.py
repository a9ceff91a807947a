"""Text size and high contrast: applied at start and at once, readable, kept per desk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Desk
from tests.support import PASSWORDS, login
from tests.ui.conftest import log_in
from ui import app as gui
from ui import appearance, i18n, widgets
from ui.appearance import (
    BASE_POINT_SIZE,
    HIGH_CONTRAST_STYLESHEET,
    TEXT_ROLE_PAIRS,
    TONES,
    Appearance,
    contrast_ratio,
    high_contrast_palette,
    high_contrast_style,
)
from ui.display_settings import DisplaySettingsDialog
from ui.home_screen import HomeScreen
from ui.login_window import LoginWindow
from ui.main_window import MainWindow
from ui.preferences import FILE_NAME, FONT_SCALES, DisplayPreferences, PreferencesStore

AAA = 7.0
SCREEN = (1280, 900)
ACCOUNTS = list(PASSWORDS.items())


@pytest.fixture(autouse=True)
def defaults_afterwards(qapp: QApplication) -> Iterator[None]:
    """Every test starts and leaves the application as the desk starts it: the Japanese font
    at 100 %, normal colours, Japanese."""
    gui.application()
    yield
    appearance.install_shared(Appearance()).apply(qapp)


@pytest.fixture(autouse=True)
def refusals_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin screen on an unenrolled desk says so in a box; here the box is answered."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)


@pytest.fixture
def shared(tmp_path: Path) -> Appearance:
    return appearance.install_shared(Appearance(PreferencesStore(tmp_path / "prefs")))


def show(qtbot: QtBot, widget: QWidget, size: tuple[int, int] = (1280, 860)) -> None:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels given less room than their text needs."""
    found = []
    for label in root.findChildren(QLabel):
        if not (label.isVisible() and label.text()) or label.pixmap() is not None:
            continue
        need = label.minimumSizeHint()
        if label.width() < need.width() or label.height() < need.height():
            found.append(f"{label.text()[:20]!r} {label.size().toTuple()} < {need.toTuple()}")
    return found


# -- preferences -----------------------------------------------------------------------


def test_preferences_survive_a_restart(tmp_path: Path) -> None:
    chosen = DisplayPreferences(language="en", font_scale=175, high_contrast=True)
    assert PreferencesStore(tmp_path).save(chosen)
    assert PreferencesStore(tmp_path).load() == chosen  # a new process reads the same file
    assert json.loads((tmp_path / FILE_NAME).read_text("utf-8"))["font_scale"] == 175


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'"150"',
        b"",
        b"{" + b" " * 5000 + b"}",
    ],
)
def test_a_corrupt_preferences_file_gives_the_defaults(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    assert PreferencesStore(tmp_path).load() == DisplayPreferences()


def test_each_bad_value_falls_back_on_its_own(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        json.dumps({"language": "xx", "font_scale": 130, "high_contrast": True}), "utf-8"
    )
    assert PreferencesStore(tmp_path).load() == DisplayPreferences(high_contrast=True)
    (tmp_path / FILE_NAME).write_text(
        json.dumps({"language": "en", "font_scale": True, "high_contrast": "yes"}), "utf-8"
    )
    assert PreferencesStore(tmp_path).load() == DisplayPreferences(language="en")


def test_a_missing_file_gives_the_defaults_and_an_unwritable_folder_is_no_error(
    tmp_path: Path,
) -> None:
    assert PreferencesStore(tmp_path / "none").load() == DisplayPreferences()
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert not PreferencesStore(blocker / "below").save(DisplayPreferences(font_scale=150))


# -- text size -------------------------------------------------------------------------


def test_the_text_size_scales_the_app_font_and_the_headings(qapp: QApplication) -> None:
    heading = widgets.heading("見出し", None, scale=1.4)
    plain = QLabel("本文")
    try:
        appearance.shared().preview(DisplayPreferences(font_scale=200))
        assert qapp.font().pointSizeF() == 2 * BASE_POINT_SIZE
        assert plain.font().pointSizeF() == 2 * BASE_POINT_SIZE
        assert heading.font().pointSizeF() == pytest.approx(2 * BASE_POINT_SIZE * 1.4)
        appearance.shared().preview(DisplayPreferences(font_scale=125))
        assert qapp.font().pointSizeF() == pytest.approx(1.25 * BASE_POINT_SIZE)
        assert heading.font().pointSizeF() == pytest.approx(1.25 * BASE_POINT_SIZE * 1.4)
    finally:
        heading.deleteLater()
        plain.deleteLater()


def test_a_screen_grows_with_the_text(desk: Desk, qtbot: QtBot) -> None:
    sizes = {}
    for percent in (100, 200):
        appearance.shared().preview(DisplayPreferences(font_scale=percent))
        window = LoginWindow(desk, demo_accounts=ACCOUNTS)
        show(qtbot, window, (600, 460))
        sizes[percent] = window.minimumSizeHint()
        assert not clipped_labels(window)
        window.close()
    assert sizes[200].width() > sizes[100].width()
    assert sizes[200].height() > sizes[100].height()


@pytest.mark.parametrize("login_id", ["clerk1", "supervisor", "admin"])
def test_at_200_percent_every_screen_fits_a_1280_by_900_display_or_scrolls(
    desk: Desk, qtbot: QtBot, login_id: str
) -> None:
    appearance.shared().preview(DisplayPreferences(font_scale=200))
    window = MainWindow(desk, login(desk, login_id), demo=True, idle_interval_ms=3_600_000)
    show(qtbot, window)
    window.start()
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1]
    assert window.statusBar().minimumSizeHint().width() <= SCREEN[0]
    titles = [window.nav.item(row).text() for row in range(window.nav.count())]
    metrics = window.nav.fontMetrics()
    assert window.nav.width() > max(metrics.horizontalAdvance(title) for title in titles)
    problems = {}
    for row, name in enumerate(window.screens):
        window.nav.setCurrentRow(row)
        qtbot.wait(20)
        screen = window.screens[name]
        if screen.width() < screen.minimumSizeHint().width():
            problems[name] = "narrower than it needs and not scrolled"
        clipped = clipped_labels(screen)
        if clipped:
            problems[name] = clipped
    assert not problems


def test_the_home_table_keeps_every_row_when_the_text_grows_on_show(
    desk: Desk, qtbot: QtBot
) -> None:
    screen = HomeScreen(desk.desk, login(desk, "clerk1"))
    show(qtbot, screen)
    screen.refresh()
    before = screen.table.height()
    appearance.shared().preview(DisplayPreferences(font_scale=200))
    table = screen.table
    assert table.verticalHeader().defaultSectionSize() > table.fontMetrics().height()
    qtbot.waitUntil(
        lambda: (
            table.height()
            >= table.verticalHeader().length() + table.horizontalHeader().sizeHint().height()
        )
    )
    assert table.height() > before * 1.3


# -- high contrast -----------------------------------------------------------------------


def test_the_high_contrast_palette_is_aaa_for_every_text_role() -> None:
    palette = high_contrast_palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in TEXT_ROLE_PAIRS:
            ratio = contrast_ratio(palette.color(group, text), palette.color(group, background))
            assert ratio >= AAA, (group, text, background, ratio)
    assert palette.color(QPalette.ColorRole.Window) == QColor("#000000")
    assert palette.color(QPalette.ColorRole.WindowText) == QColor("#ffffff")
    assert palette.color(QPalette.ColorRole.Highlight) == QColor("#ffff00")


def test_the_contrast_ratio_is_computed_as_wcag_says() -> None:
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#000000", "#ffff00") == pytest.approx(19.56, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_theme_colours_and_the_rewritten_inline_colours_are_aaa_on_black() -> None:
    for tone in (*TONES.values(), appearance.DISABLED, appearance.PLACEHOLDER):
        assert contrast_ratio(tone, "#000000") >= AAA, tone
    assert contrast_ratio(appearance.BLACK, appearance.YELLOW) >= AAA  # selected text
    inline = (
        widgets.ERROR_STYLE,
        widgets.OK_STYLE,
        widgets.NOTICE_STYLE,
        "color: #555;",
        "background: #b3261e; color: white; font-weight: bold; padding: 8px;",
        "QPushButton { border: none; color: #7a4f00; }",
    )
    for style in inline:
        dark = high_contrast_style(style)
        colours = [c for c in appearance._HEX.findall(dark)]
        texts = [c for c in colours if c not in (appearance.BLACK, "black")]
        assert texts, style
        for colour in texts:
            assert contrast_ratio(colour, "#000000") >= AAA, (style, dark, colour)
    assert "background: #000000" in high_contrast_style(widgets.NOTICE_STYLE)
    banner = high_contrast_style("background: #b3261e; color: white; padding: 8px;")
    assert "border: 2px solid" in banner  # the red band is kept as a red frame


def test_the_theme_gives_every_focusable_control_a_yellow_frame() -> None:
    for control in ("QPushButton", "QLineEdit", "QComboBox", "QAbstractSpinBox"):
        assert f"{control}:focus" in HIGH_CONTRAST_STYLESHEET
    for control in ("QAbstractItemView", "QCheckBox", "QRadioButton"):
        assert f"{control}:focus" in HIGH_CONTRAST_STYLESHEET
    assert "border: 3px solid #ffff00" in HIGH_CONTRAST_STYLESHEET


def test_high_contrast_applies_to_open_windows_and_is_undone(
    desk: Desk, qtbot: QtBot, qapp: QApplication
) -> None:
    window = LoginWindow(desk, demo_accounts=ACCOUNTS)
    show(qtbot, window, (640, 520))
    window.form.error_label.setText("パスワードが違います。")
    light_window = qapp.palette().color(QPalette.ColorRole.Window)
    appearance.shared().preview(DisplayPreferences(high_contrast=True))
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    assert "#ffff00" in qapp.styleSheet()
    error_style = window.form.error_label.styleSheet()
    assert "#b3261e" not in error_style and appearance.TONES["red"] in error_style
    late = widgets.error_label(window)  # made while the theme is on
    late.show()
    qtbot.waitUntil(lambda: appearance.TONES["red"] in late.styleSheet())
    appearance.shared().preview(DisplayPreferences(high_contrast=False))
    assert qapp.palette().color(QPalette.ColorRole.Window) == light_window
    assert window.form.error_label.styleSheet() == widgets.ERROR_STYLE
    assert late.styleSheet() == widgets.ERROR_STYLE
    assert "#ffff00" not in qapp.styleSheet()


def test_a_screenshot_in_high_contrast_is_mostly_black(desk: Desk, qtbot: QtBot) -> None:
    appearance.shared().preview(DisplayPreferences(high_contrast=True))
    window = MainWindow(desk, login(desk, "clerk1"), idle_interval_ms=3_600_000)
    show(qtbot, window)
    window.start()
    image = window.grab().toImage()
    black = sum(
        1
        for x in range(0, image.width(), 16)
        for y in range(0, image.height(), 16)
        if QColor(image.pixel(x, y)).lightness() < 20
    )
    total = len(range(0, image.width(), 16)) * len(range(0, image.height(), 16))
    assert black / total > 0.8


# -- the display settings, at start and in the dialog ------------------------------------


def test_the_saved_preferences_apply_at_start(
    desk: Desk, tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    PreferencesStore(tmp_path).save(DisplayPreferences(font_scale=150, high_contrast=True))
    seen: list[tuple[float, QColor, str]] = []

    def smoke(controller, accounts) -> int:
        seen.append(
            (
                qapp.font().pointSizeF(),
                qapp.palette().color(QPalette.ColorRole.Window),
                controller.login_window.windowTitle(),
            )
        )
        return 0

    monkeypatch.setattr(gui, "_smoke", smoke)
    assert gui.run_gui(lambda: desk, smoke=True, demo_accounts=ACCOUNTS, data_dir=tmp_path) == 0
    assert seen[0][0] == pytest.approx(1.5 * BASE_POINT_SIZE)
    assert seen[0][1] == QColor("#000000")
    assert appearance.shared().store is not None
    assert appearance.shared().store.path == tmp_path / FILE_NAME


def test_the_dialog_shows_size_and_theme_at_once_and_cancel_puts_them_back(
    qtbot: QtBot, qapp: QApplication, shared: Appearance
) -> None:
    dialog = DisplaySettingsDialog(None, shared)
    qtbot.addWidget(dialog)
    assert [dialog.scale_combo.itemData(i) for i in range(dialog.scale_combo.count())] == list(
        FONT_SCALES
    )
    dialog.scale_combo.setCurrentIndex(FONT_SCALES.index(150))
    assert qapp.font().pointSizeF() == pytest.approx(1.5 * BASE_POINT_SIZE)
    dialog.contrast_check.setChecked(True)
    assert appearance.is_high_contrast()
    dialog.reject()
    assert qapp.font().pointSizeF() == BASE_POINT_SIZE
    assert not appearance.is_high_contrast()
    assert not shared.store.path.exists()  # nothing saved


def test_the_dialog_saves_for_the_next_start(
    qtbot: QtBot, qapp: QApplication, shared: Appearance
) -> None:
    dialog = DisplaySettingsDialog(None, shared)
    qtbot.addWidget(dialog)
    dialog.scale_combo.setCurrentIndex(FONT_SCALES.index(200))
    dialog.contrast_check.setChecked(True)
    dialog.ok_button.click()
    assert dialog.result() == DisplaySettingsDialog.DialogCode.Accepted
    assert qapp.font().pointSizeF() == 2 * BASE_POINT_SIZE
    assert shared.store.load() == DisplayPreferences(font_scale=200, high_contrast=True)


def test_every_role_opens_the_display_settings_from_the_menu(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QWidget] = []
    monkeypatch.setattr(DisplaySettingsDialog, "exec", lambda self: opened.append(self) or 0)
    for login_id in ("clerk1", "supervisor", "admin"):
        window = MainWindow(desk, login(desk, login_id), idle_interval_ms=3_600_000)
        qtbot.addWidget(window)
        menus = [action.text() for action in window.menuBar().actions()]
        assert "表示(&V)" in menus
        window.display_action.trigger()
    assert len(opened) == 3


def test_ctrl_plus_and_minus_step_the_text_size(
    desk: Desk, qtbot: QtBot, qapp: QApplication, shared: Appearance
) -> None:
    window = MainWindow(desk, login(desk, "clerk1"), idle_interval_ms=3_600_000)
    qtbot.addWidget(window)
    window.zoom_in_action.trigger()
    assert shared.preferences.font_scale == 125
    assert qapp.font().pointSizeF() == pytest.approx(1.25 * BASE_POINT_SIZE)
    for _ in range(6):
        window.zoom_in_action.trigger()
    assert shared.preferences.font_scale == 200  # no further than the largest
    window.zoom_out_action.trigger()
    assert shared.store.load().font_scale == 175


def test_a_language_chosen_on_the_login_window_rebuilds_it_at_once(
    make_controller, qtbot: QtBot, shared: Appearance
) -> None:
    controller = make_controller()
    first = controller.login_window
    dialog = DisplaySettingsDialog(first, shared, language_now=True)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: controller.login_window is not first)
    assert i18n.current_language() == "en"
    assert controller.login_window.isVisible()
    log_in(controller, "clerk1")  # the new window logs in as the old one did
    assert controller.main_window is not None


def test_a_language_chosen_after_login_is_used_from_the_next_login_window(
    make_controller, qtbot: QtBot, shared: Appearance
) -> None:
    controller = make_controller()
    log_in(controller, "clerk1")
    first = controller.login_window
    shared.save(shared.with_changes(language="en"))
    qtbot.wait(10)
    assert controller.login_window is first  # nothing rebuilt under the main window
    assert i18n.current_language() == "ja"
    controller.main_window.logout_action.trigger()
    assert controller.login_window is not first
    assert controller.login_window.isVisible()
    assert i18n.current_language() == "en"
