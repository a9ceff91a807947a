"""表示の設定: text size, high contrast and language, for whoever sits at this desk.

Open from the login window (before anyone logs in) and from every role's menu. The text size
and the theme show at once as they are picked; キャンセル puts the old ones back. The language
is used from the next login window on. Not personal data and not a personal action: no audit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import i18n, widgets
from ui.appearance import Appearance, shared
from ui.i18n import N_, t
from ui.preferences import FONT_SCALES, DisplayPreferences

TITLE = N_("表示の設定")
LANGUAGE_NOTE = N_("表示言語は、次にログイン画面を開いたときから切り替わります。")
LANGUAGE_NOW_NOTE = N_("表示言語は、この画面を閉じるとすぐに切り替わります。")
NOT_SAVED = N_("この端末に設定を保存できませんでした。今回の表示にだけ使います。")


def scale_text(percent: int) -> str:
    return t("{percent}%（標準）").format(percent=percent) if percent == 100 else f"{percent}%"


class DisplaySettingsDialog(QDialog):
    """Three choices and two buttons; Esc is キャンセル, Enter on a button presses it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        appearance: Appearance | None = None,
        *,
        language_now: bool = False,
    ) -> None:
        super().__init__(parent)
        self.appearance = appearance or shared()
        self._before = self.appearance.preferences
        self.setWindowTitle(t(TITLE))
        self.setModal(True)
        self.scale_combo = QComboBox(self)
        for percent in FONT_SCALES:
            self.scale_combo.addItem(scale_text(percent), percent)
        self.scale_combo.setAccessibleName(t("文字の大きさ"))
        self.contrast_check = QCheckBox(t("黒地に白い文字で、はっきり表示する"), self)
        self.contrast_check.setAccessibleName(t("ハイコントラスト"))
        self.language_combo = QComboBox(self)
        for code, name in i18n.LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setAccessibleName(t("表示言語"))
        self.note_label = QLabel(t(LANGUAGE_NOW_NOTE if language_now else LANGUAGE_NOTE), self)
        self.note_label.setWordWrap(True)
        self.error_label = widgets.error_label(self)
        self.ok_button = QPushButton(t("保存する(&S)"), self)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton(t("キャンセル(&C)"), self)
        self._build()
        self._show(self._before)
        self.scale_combo.currentIndexChanged.connect(self._on_look_changed)
        self.contrast_check.toggled.connect(self._on_look_changed)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(widgets.heading(t(TITLE), self))
        form = QFormLayout()
        for text, field in (
            (t("文字の大きさ(&F)"), self.scale_combo),
            (t("ハイコントラスト(&H)"), self.contrast_check),
            (t("表示言語(&L)"), self.language_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.ok_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        widgets.chain_tab_order(
            self.scale_combo,
            self.contrast_check,
            self.language_combo,
            self.ok_button,
            self.cancel_button,
        )
        self.scale_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show(self, preferences: DisplayPreferences) -> None:
        index = self.scale_combo.findData(preferences.font_scale)
        self.scale_combo.setCurrentIndex(max(index, 0))
        self.contrast_check.setChecked(preferences.high_contrast)
        index = self.language_combo.findData(preferences.language)
        self.language_combo.setCurrentIndex(max(index, 0))

    def chosen(self) -> DisplayPreferences:
        return DisplayPreferences(
            language=str(self.language_combo.currentData()),
            font_scale=int(self.scale_combo.currentData()),
            high_contrast=self.contrast_check.isChecked(),
        )

    @Slot()
    def _on_look_changed(self) -> None:
        self.appearance.preview(self.chosen())
        self.adjustSize()

    @Slot()
    def _on_ok_clicked(self) -> None:
        if not self.appearance.save(self.chosen()):
            self.error_label.setText(t(NOT_SAVED))
            self.ok_button.setText(t("閉じる(&C)"))
            self.ok_button.clicked.disconnect(self._on_ok_clicked)
            self.ok_button.clicked.connect(self.accept)
            return
        self.accept()

    def reject(self) -> None:
        """キャンセル, Esc or the close box: the size and theme in force before come back."""
        self.appearance.preview(self.appearance.preferences)
        super().reject()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        appearance: Appearance | None = None,
        *,
        language_now: bool = False,
    ) -> bool:
        dialog = cls(parent, appearance, language_now=language_now)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


def display_settings_action(parent: QWidget, appearance: Appearance | None = None) -> QAction:
    """表示の設定(&D)… Ctrl+Shift+D, opening the dialog over `parent`."""
    action = QAction(t("表示の設定(&D)…"), parent)
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.triggered.connect(lambda: DisplaySettingsDialog.ask(parent, appearance))
    return action


def step_font_scale(appearance: Appearance | None, step: int) -> int:
    """One size larger (+1) or smaller (-1), saved; the new percent."""
    appearance = appearance or shared()
    current = appearance.preferences.font_scale
    index = FONT_SCALES.index(current) if current in FONT_SCALES else 0
    percent = FONT_SCALES[min(max(index + step, 0), len(FONT_SCALES) - 1)]
    if percent != current:
        appearance.save(appearance.with_changes(font_scale=percent))
    return percent
