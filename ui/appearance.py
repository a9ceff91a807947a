"""How the desk looks: the text size and the high-contrast theme, at start and live.

The text size is the application font's point size (BASE_POINT_SIZE × the chosen percent);
widgets that enlarge their own text (headings, the temporary password) carry a `font_scale`
property and follow. The high-contrast theme is white text on black, the selection and the
focus frame in yellow (every text colour at least 7:1 against its background, WCAG AAA);
inline colours the screens set for errors, notices and hints are rewritten to light tones of
the same hue while it is on, and restored when it is turned off.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from ui import i18n
from ui.preferences import DisplayPreferences, PreferencesStore
from ui.widgets import BASE_TEXT_POINTS

BASE_POINT_SIZE = int(BASE_TEXT_POINTS)  # the app font at 100 %
FONT_SCALE_PROPERTY = "font_scale"  # a widget's own text size, relative to the app font
LIGHT_STYLE_PROPERTY = "kd_light_style"  # a widget's inline style before it was rewritten
DARK_STYLE_PROPERTY = "kd_contrast_style"  # ... and what it was rewritten to

BLACK = "#000000"
WHITE = "#ffffff"
YELLOW = "#ffff00"
CYAN = "#00ffff"
DISABLED = "#a6a6a6"
PLACEHOLDER = "#c8c8c8"
ALTERNATE = "#1c1c1c"
# Light tones that replace the screens' own (dark-on-light) colours while the theme is on.
TONES = {
    "gray": "#e6e6e6",
    "red": "#ff9e9e",
    "amber": "#ffff66",
    "green": "#8cff8c",
    "blue": "#8cd9ff",
    "magenta": "#ff9eff",
}

HIGH_CONTRAST_STYLESHEET = f"""
QWidget {{ color: {WHITE}; background-color: {BLACK}; }}
QToolTip {{ color: {WHITE}; background-color: {BLACK}; border: 2px solid {YELLOW}; }}
QPushButton, QToolButton {{
    color: {WHITE}; background-color: {BLACK}; border: 2px solid {WHITE};
    padding: 4px 12px; min-height: 1.4em;
}}
QPushButton:default {{ border-width: 3px; }}
QPushButton:disabled, QToolButton:disabled {{ color: {DISABLED}; border: 2px dashed {DISABLED}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit, QAbstractSpinBox {{
    color: {WHITE}; background-color: {BLACK}; border: 2px solid {WHITE}; padding: 2px 4px;
    placeholder-text-color: {PLACEHOLDER};
}}
QLineEdit:disabled, QComboBox:disabled, QAbstractSpinBox:disabled {{
    color: {DISABLED}; border: 2px dashed {DISABLED};
}}
QComboBox QAbstractItemView {{
    color: {WHITE}; background-color: {BLACK}; selection-color: {BLACK};
    selection-background-color: {YELLOW}; border: 2px solid {WHITE};
}}
QAbstractItemView {{
    color: {WHITE}; background-color: {BLACK}; alternate-background-color: {ALTERNATE};
    selection-color: {BLACK}; selection-background-color: {YELLOW};
    border: 2px solid {WHITE};
}}
QHeaderView::section {{
    color: {WHITE}; background-color: {BLACK}; border: 1px solid {WHITE}; padding: 2px 6px;
    font-weight: bold;
}}
QCheckBox, QRadioButton {{ padding: 2px; border: 2px solid transparent; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 1em; height: 1em; border: 2px solid {WHITE}; background-color: {BLACK};
}}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background-color: {YELLOW}; border-color: {YELLOW};
}}
QRadioButton::indicator {{ border-radius: 0.5em; }}
QMenuBar, QMenu {{ color: {WHITE}; background-color: {BLACK}; }}
QMenu {{ border: 2px solid {WHITE}; }}
QMenuBar::item:selected, QMenu::item:selected {{ color: {BLACK}; background-color: {YELLOW}; }}
QMenu::item:disabled {{ color: {DISABLED}; }}
QStatusBar, QToolBar {{ border-top: 1px solid {WHITE}; }}
QTabBar::tab {{ color: {WHITE}; background-color: {BLACK}; border: 2px solid {WHITE};
    padding: 4px 12px; }}
QTabBar::tab:selected {{ color: {BLACK}; background-color: {YELLOW}; }}
QScrollBar {{ background-color: {BLACK}; border: 1px solid {WHITE}; }}
QScrollBar::handle {{ background-color: {WHITE}; min-height: 20px; min-width: 20px; }}
QProgressBar {{ border: 2px solid {WHITE}; color: {WHITE}; text-align: center; }}
QProgressBar::chunk {{ background-color: {YELLOW}; }}
QSplitter::handle {{ background-color: {WHITE}; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus,
QComboBox:focus, QAbstractSpinBox:focus, QAbstractItemView:focus, QCheckBox:focus,
QRadioButton:focus, QTabBar::tab:focus {{ border: 3px solid {YELLOW}; }}
QPushButton:focus, QToolButton:focus {{ color: {YELLOW}; }}
"""


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(first: QColor | str, second: QColor | str) -> float:
    """WCAG contrast ratio, 1 to 21; 7 and above is AAA for text."""
    lighter, darker = sorted(
        (relative_luminance(QColor(first)), relative_luminance(QColor(second))), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    groups = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    roles = {
        QPalette.ColorRole.Window: BLACK,
        QPalette.ColorRole.WindowText: WHITE,
        QPalette.ColorRole.Base: BLACK,
        QPalette.ColorRole.AlternateBase: ALTERNATE,
        QPalette.ColorRole.Text: WHITE,
        QPalette.ColorRole.PlaceholderText: PLACEHOLDER,
        QPalette.ColorRole.Button: BLACK,
        QPalette.ColorRole.ButtonText: WHITE,
        QPalette.ColorRole.BrightText: YELLOW,
        QPalette.ColorRole.Highlight: YELLOW,
        QPalette.ColorRole.HighlightedText: BLACK,
        QPalette.ColorRole.ToolTipBase: BLACK,
        QPalette.ColorRole.ToolTipText: WHITE,
        QPalette.ColorRole.Link: CYAN,
        QPalette.ColorRole.LinkVisited: TONES["magenta"],
        QPalette.ColorRole.Light: WHITE,
        QPalette.ColorRole.Midlight: "#bfbfbf",
        QPalette.ColorRole.Mid: "#808080",
        QPalette.ColorRole.Dark: "#404040",
        QPalette.ColorRole.Shadow: WHITE,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
        for group in groups:
            palette.setColor(group, role, QColor(color))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED))
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(BLACK))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(DISABLED))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.HighlightedText, QColor(BLACK)
    )
    return palette


# Pairs of (text, background) roles whose contrast the theme promises.
TEXT_ROLE_PAIRS = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    (QPalette.ColorRole.LinkVisited, QPalette.ColorRole.Base),
    (QPalette.ColorRole.BrightText, QPalette.ColorRole.Window),
)

_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|\b(?:white|black|red|green|yellow)\b")
_DECLARATION = re.compile(r"(?P<name>[a-z-]+)\s*:\s*(?P<value>[^;{}]*)")


def _tone(color: QColor) -> str:
    """A light colour of the same hue, readable on black."""
    if color.hsvSaturationF() < 0.2 or color.hsvHue() < 0:
        return TONES["gray"] if color.valueF() < 0.9 else WHITE
    hue = color.hsvHue()
    if hue < 20 or hue >= 330:
        return TONES["red"]
    if hue < 70:
        return TONES["amber"]
    if hue < 170:
        return TONES["green"]
    if hue < 270:
        return TONES["blue"]
    return TONES["magenta"]


def high_contrast_style(style: str) -> str:
    """An inline style sheet with its colours made readable on the theme's black."""
    frames: list[str] = []

    def declaration(match: re.Match[str]) -> str:
        name, value = match.group("name"), match.group("value")
        found = _HEX.search(value)
        if found is None:
            return match.group(0)
        color = QColor(found.group(0))
        if name.startswith("background"):
            if color.hsvSaturationF() >= 0.2:  # a coloured band keeps its colour as a frame
                frames.append(_tone(color))
            new = BLACK
        else:
            new = _tone(color)
        return f"{name}: {_HEX.sub(new, value)}"

    rewritten = _DECLARATION.sub(declaration, style)
    if frames and "border" not in style:
        frame = f" border: 2px solid {frames[0]};"
        if "}" in rewritten:
            rewritten = rewritten.replace("}", f"{frame} }}", 1)
        else:
            rewritten = rewritten.rstrip() + frame
    if "{" in rewritten:  # a widget's own rules win over the theme's: keep the focus frame
        rewritten += f"\n*:focus {{ border: 3px solid {YELLOW}; }}"
    return rewritten


class _InlineStyles(QObject):
    """While the theme is on: rewrites each widget's inline colours as it is polished or
    restyled (screens set them at any time); `restore` puts the originals back."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.Polish or kind == QEvent.Type.StyleChange) and isinstance(
            watched, QWidget
        ):
            self.convert(watched)
        return False

    @staticmethod
    def convert(widget: QWidget) -> None:
        style = widget.styleSheet()
        if not style or style == widget.property(DARK_STYLE_PROPERTY):
            return
        dark = high_contrast_style(style)
        widget.setProperty(LIGHT_STYLE_PROPERTY, style)
        widget.setProperty(DARK_STYLE_PROPERTY, dark)
        if dark != style:
            widget.setStyleSheet(dark)

    @staticmethod
    def restore(widget: QWidget) -> None:
        light = widget.property(LIGHT_STYLE_PROPERTY)
        if light is None:
            return
        if widget.styleSheet() == widget.property(DARK_STYLE_PROPERTY):
            widget.setStyleSheet(str(light))
        widget.setProperty(LIGHT_STYLE_PROPERTY, None)
        widget.setProperty(DARK_STYLE_PROPERTY, None)


class _Theme:
    """The application's own look, kept so the theme can be turned off again."""

    light_style: ClassVar[str | None] = None
    light_palette: ClassVar[QPalette | None] = None
    light_sheet: ClassVar[str] = ""
    inline: ClassVar[_InlineStyles | None] = None


def apply_font_scale(app: QApplication, percent: int) -> None:
    """The application font at `percent` of the base size; scaled headings follow."""
    font = QFont(app.font())
    size = BASE_POINT_SIZE * percent / 100
    if font.pointSizeF() != size:
        font.setPointSizeF(size)
        app.setFont(font)
        # Qt posts the change to the windows; let it reach them before any style sheet
        # polishes a widget (which would keep the font it had then).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        _repolish(app)
    for widget in app.allWidgets():
        scale = widget.property(FONT_SCALE_PROPERTY)
        if isinstance(scale, (int, float)) and scale > 0:
            own = QFont(widget.font())
            if own.pointSizeF() != size * float(scale):
                own.setPointSizeF(size * float(scale))
                widget.setFont(own)


def _repolish(app: QApplication) -> None:
    """Widgets under a style sheet keep the font they were polished with; polish them anew."""
    sheet = app.styleSheet()
    if sheet:
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
        return
    for widget in app.allWidgets():
        own = widget.styleSheet()
        if own:
            widget.setStyleSheet(own)


def font_point_size(percent: int) -> float:
    return BASE_POINT_SIZE * percent / 100


def is_high_contrast() -> bool:
    return _Theme.inline is not None


def apply_high_contrast(app: QApplication, on: bool) -> None:
    """Turn the theme on or off for every window, open or still to come."""
    if on == is_high_contrast():
        return
    if on:
        _Theme.light_style = app.style().name()
        _Theme.light_palette = QPalette(app.palette())
        _Theme.light_sheet = app.styleSheet()
        # Fusion draws with the palette everywhere; native styles (Windows) partly ignore it.
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(_Theme.light_sheet + HIGH_CONTRAST_STYLESHEET)
        _Theme.inline = _InlineStyles(app)
        app.installEventFilter(_Theme.inline)
        for widget in app.allWidgets():
            _Theme.inline.convert(widget)
        return
    inline, _Theme.inline = _Theme.inline, None
    if inline is not None:
        app.removeEventFilter(inline)
        inline.deleteLater()
    app.setStyleSheet(_Theme.light_sheet)
    if _Theme.light_style:
        style = QStyleFactory.create(_Theme.light_style)
        if style is not None:
            app.setStyle(style)
    if _Theme.light_palette is not None:
        app.setPalette(_Theme.light_palette)
    else:
        app.setPalette(app.style().standardPalette())
    for widget in app.allWidgets():
        _InlineStyles.restore(widget)
        own = widget.styleSheet()
        if own:  # polished afresh, or it keeps the theme's colours from its own sheet
            widget.setStyleSheet("")
            widget.setStyleSheet(own)


class Appearance(QObject):
    """The preferences in force, applied to the application; saved when a clerk changes them.

    `language_changed` fires when a saved change names another language: windows built
    before it keep theirs, the next login window is in the new one.
    """

    changed = Signal(object)
    language_changed = Signal(str)

    def __init__(
        self,
        store: PreferencesStore | None = None,
        *,
        preferences: DisplayPreferences | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        if preferences is None:
            preferences = store.load() if store is not None else DisplayPreferences()
        self._preferences = preferences
        self._language_installed: str | None = None

    @property
    def preferences(self) -> DisplayPreferences:
        return self._preferences

    @property
    def language(self) -> str:
        """The language installed in the application (windows built now use it)."""
        return self._language_installed or self._preferences.language

    def apply(self, app: QApplication | None = None) -> None:
        """Font, theme and language as the preferences say (at start)."""
        app = app or _app()
        self.preview(self._preferences, app)
        i18n.install(app, self._preferences.language)  # Qt's own Japanese too, at start
        self._language_installed = self._preferences.language

    def preview(self, preferences: DisplayPreferences, app: QApplication | None = None) -> None:
        """Show a text size and theme at once, without saving (the dialog, as a clerk picks)."""
        app = app or _app()
        apply_font_scale(app, preferences.font_scale)
        apply_high_contrast(app, preferences.high_contrast)

    def install_language(self, app: QApplication | None = None) -> bool:
        """Install the chosen language if it is not the one in force; True if it changed."""
        language = self._preferences.language
        # Before `apply` (tests, embedded use) the language in force is whatever i18n has.
        if language == (self._language_installed or i18n.current_language()):
            return False
        i18n.install(app or _app(), language)
        self._language_installed = language
        return True

    def save(self, preferences: DisplayPreferences) -> bool:
        """Keep and apply these preferences; False if the file could not be written."""
        language_before = self._preferences.language
        self._preferences = preferences
        self.preview(preferences)
        saved = self.store.save(preferences) if self.store is not None else True
        self.changed.emit(preferences)
        if preferences.language != language_before:
            self.language_changed.emit(preferences.language)
        return saved

    def with_changes(self, **changes: object) -> DisplayPreferences:
        return replace(self._preferences, **changes)  # type: ignore[arg-type]


def _app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication")
    return app


_shared: Appearance | None = None


def shared() -> Appearance:
    """The desk's Appearance; one that saves nowhere until `install_shared` names a store."""
    global _shared
    if _shared is None:
        _shared = Appearance()
    return _shared


def install_shared(appearance: Appearance) -> Appearance:
    global _shared
    _shared = appearance
    return appearance
