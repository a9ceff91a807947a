"""The parts of the keying form: its rows (label, edit, note, error) and its draft keeper."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from app.domain.forms import FieldSpec, FieldType, FormSpec
from app.domain.identity import IDENTITY_FIELDS, IDENTITY_LABELS, canonical_identity_field
from app.domain.wareki import format_short
from app.services.entry_dto import EntrySlot
from ui import widgets
from ui.background import BackgroundTask, run_in_background, wait_for_all
from ui.i18n import N_, t

IDENTITY_HINTS = {
    "voucher_no": N_("11桁（受診券がなければ空欄のまま）"),
    "kana": N_("例: ヤマダ タロウ"),
    "birth_date": N_("例: S30.1.1 / 1955-01-01"),
    "sex": N_("1=男 2=女"),
    "address": N_("例: 本町3-18-11（市区名は省略可）"),
}
HINT_STYLE = "color: #555;"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOWN_SEX = {"M": "1", "F": "2"}
_SHOWN = {"#blank": "*", "#illegible": "?", "#na": "/"}
_QUIET_REASONS = (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason)


class FieldEdit(QLineEdit):
    """A field that says when it is left (but not when the window merely loses focus)."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() not in _QUIET_REASONS:
            self.left.emit()


@dataclass(frozen=True)
class FieldRow:
    """One keyed field: `key` is the field code, or "identity.kana" and so on."""

    key: str
    edit: FieldEdit
    error: QLabel
    spec: FieldSpec | None = None


def shown_value(text: str, *, is_date: bool = False) -> str:
    """A stored value as a clerk keys it again: blank codes as * ? /, dates as R8.6.10."""
    if is_date and _ISO_DATE.fullmatch(text):
        try:
            return format_short(date.fromisoformat(text))
        except ValueError:  # a draft keeps what was keyed (2025-13-45, 1800-01-01): as it was
            return text
    return _SHOWN.get(text, text)


def shown_texts(
    form: FormSpec, identity: Mapping[str, str], values: Mapping[str, str]
) -> dict[str, str]:
    """Row key → the text to put in the row, from stored (or draft) identity and values."""
    texts: dict[str, str] = {}
    for name in IDENTITY_FIELDS:
        text = str(identity.get(name, ""))
        texts[f"identity.{name}"] = shown_value(
            _SHOWN_SEX.get(text, text), is_date=name == "birth_date"
        )
    for spec in form.fields:
        text = str(values.get(spec.code, ""))
        texts[spec.code] = shown_value(text, is_date=spec.type is FieldType.DATE)
    return texts


def identity_problem(name: str, text: str) -> str:
    """What is wrong with one keyed identity field, or ""."""
    try:
        canonical_identity_field(name, text)
    except ValueError as error:
        return str(error)
    return ""


def returned_notice(slot: EntrySlot) -> str:
    """「差し戻し: 便潜血 1日目 を入力し直してください」 for the fields sent back."""
    labels = {f"identity.{name}": label for name, label in IDENTITY_LABELS.items()}
    labels.update({spec.code: spec.label for spec in slot.form.fields})
    names = "、".join(labels.get(code, code) for code in slot.returned_fields)
    return t("差し戻し: {fields} を入力し直してください").format(fields=names)


def input_hints(key: str, spec: FieldSpec | None) -> Qt.InputMethodHint:
    """Numbers first on a soft keyboard for numeric fields; kana left to the IME."""
    hints = Qt.InputMethodHint.ImhNoPredictiveText
    numbers = Qt.InputMethodHint.ImhPreferNumbers
    if spec is None:
        return hints if key == "identity.kana" else hints | numbers
    if spec.type is FieldType.INTEGER:
        return hints | Qt.InputMethodHint.ImhDigitsOnly | numbers
    if spec.type in (FieldType.DECIMAL, FieldType.DATE):
        # A decimal point and the blank codes must stay reachable, so not ImhDigitsOnly.
        return hints | numbers
    return hints


def note_of(spec: FieldSpec | None) -> str:
    """What is shown after the field: the choices of a code field, else the unit."""
    if spec is None:
        return ""
    if spec.choices:
        return " ".join(f"{code}={label}" for code, label in spec.choices)
    return spec.unit


def add_field_row(
    grid: QGridLayout,
    parent: QWidget,
    key: str,
    label: str,
    hint: str,
    spec: FieldSpec | None = None,
) -> FieldRow:
    """Append a row to `grid`: label, edit (the hint as placeholder), note, error."""
    edit = FieldEdit(parent)
    edit.setObjectName(key)
    edit.setAccessibleName(label)
    edit.setPlaceholderText(hint)
    edit.setMaxLength(1000)
    edit.setMinimumWidth(widgets.text_scaled(edit, 220))  # wider with larger text
    widgets.follow_font(edit, lambda: edit.setMinimumWidth(widgets.text_scaled(edit, 220)))
    edit.setInputMethodHints(input_hints(key, spec))
    caption = QLabel(label, parent)
    caption.setBuddy(edit)
    note = QLabel(note_of(spec), parent)
    note.setStyleSheet(HINT_STYLE)
    error = widgets.error_label(parent)
    row = grid.rowCount()
    grid.addWidget(caption, row, 0)
    grid.addWidget(edit, row, 1)
    grid.addWidget(note, row, 2)
    grid.addWidget(error, row, 3)
    grid.setColumnStretch(3, 1)
    return FieldRow(key, edit, error, spec)


Draft = tuple[dict[str, str], dict[str, str]]


class DraftSaver(QObject):
    """Keeps the keyed draft in the store off the GUI thread: one write at a time, newest last.

    A write waits for the disk (the store syncs each commit), which would stall the move to
    the next field; here it runs beside the keying, and a draft keyed meanwhile goes next.
    """

    failed = Signal(object)

    def __init__(self, save: Callable[[Draft], None], saved: Draft, parent: QObject) -> None:
        super().__init__(parent)
        self._save = save
        self.saved: Draft | None = saved
        self._task: BackgroundTask | None = None
        self._waiting: Draft | None = None

    def keep(self, draft: Draft) -> None:
        if self._task is not None:
            self._waiting = draft
        elif draft != self.saved:
            self._start(draft)

    def settle(self) -> None:
        """Wait for the write under way and drop the one waiting (the caller saves it now)."""
        self._waiting = None
        if self._task is not None:
            self._task.cancel()
            self._task = None
            wait_for_all()
            self.saved = None  # whatever the cancelled write did, the caller writes again

    def _start(self, draft: Draft) -> None:
        save = self._save
        self._task = task = run_in_background(
            self,
            lambda _progress: save(draft),
            on_done=lambda _result: self._on_done(task, draft),
            on_error=lambda error: self._on_error(task, error),
        )

    def _on_done(self, task: BackgroundTask, draft: Draft) -> None:
        if task is not self._task:
            return
        self._task, self.saved = None, draft
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.keep(waiting)

    def _on_error(self, task: BackgroundTask, error: BaseException) -> None:
        if task is self._task:
            self._task = self._waiting = None
            self.failed.emit(error)
