"""Keying one checkup form (検診票): identity first, then each field in paper order, Enter on.

Each field is checked as it is left, with the same reading the service applies on submit, and
what is keyed is kept as a draft in the encrypted store, so a crash, a lock or a change of user
loses nothing. Skip rules are applied again on every move: a field that does not apply is
greyed out and Enter passes it by.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.forms import FieldSpec, FormInputError, read_form
from app.domain.identity import IDENTITY_FIELDS, IDENTITY_LABELS
from app.services.dto import StaffSession
from app.services.entry_dto import EntrySlot
from app.services.entry_service import EntryService
from app.services.errors import SessionEnded
from ui import widgets
from ui.entry_fields import (
    IDENTITY_HINTS,
    Draft,
    DraftSaver,
    FieldRow,
    add_field_row,
    identity_problem,
    returned_notice,
    shown_texts,
)
from ui.i18n import N_, t
from ui.screen import Screen

LEAVE_QUESTION = N_("この用紙の入力を中断しますか？ 入力した内容は下書きとして残ります。")


class EntryForm(Screen):
    """One clerk's entry of one form; `submitted` carries the outcome, `closed` a plain leave."""

    submitted = Signal(str)
    closed = Signal()

    def __init__(
        self,
        entry: EntryService,
        session: StaffSession,
        slot: EntrySlot,
        batch_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._entry = entry
        self._session = session
        self.slot = slot
        self._finished = False
        self._matched: dict[str, str] | None = None
        self.rows: dict[str, FieldRow] = {}
        self.match_label = QLabel(self)
        self.match_label.setWordWrap(True)
        self.form_error = widgets.error_label(self)
        self.submit_action = widgets.screen_action(self, t("登録"), "Ctrl+Enter")
        self.submit_action.setShortcuts([QKeySequence("Ctrl+Enter"), QKeySequence("Ctrl+Return")])
        self.leave_action = widgets.screen_action(self, t("中断"), "Esc")
        self.submit_button = widgets.action_button(self, self.submit_action)
        self.submit_button.setAutoDefault(True)  # Enter on the focused button submits
        self.leave_button = widgets.action_button(self, self.leave_action)
        self._build(batch_label)
        self._fill(slot.identity, slot.values)
        entry_id = slot.entry_id

        def write(draft: Draft) -> None:  # on a pool thread: no widget here
            entry.save_draft(session, entry_id=entry_id, identity=draft[0], values=draft[1])

        self.saver = DraftSaver(write, self.draft_values(), self)
        self.saver.failed.connect(self._on_draft_failed)
        self.submit_action.triggered.connect(self._on_submit_triggered)
        self.leave_action.triggered.connect(self._on_leave_triggered)
        self._refresh_enabled()
        self._match_identity()

    def _build(self, batch_label: str) -> None:
        slot = self.slot
        title = t("{form}　用紙番号 {number}　{entry}回目入力").format(
            form=slot.form.name, number=slot.form_no, entry=slot.entry_no
        )
        header = QVBoxLayout()
        self.title_label = widgets.heading(title, self, scale=1.3)
        header.addWidget(self.title_label)
        header.addWidget(QLabel(t("バッチ: {batch}").format(batch=batch_label), self))
        self.returned_label: QLabel | None = None
        if slot.returned_fields:
            self.returned_label = QLabel(returned_notice(slot), self)
            self.returned_label.setStyleSheet(widgets.NOTICE_STYLE)
            self.returned_label.setWordWrap(True)
            header.addWidget(self.returned_label)
        identity = QGroupBox(t("本人確認"), self)
        grid = QGridLayout(identity)
        for name in IDENTITY_FIELDS:
            self._add_row(grid, f"identity.{name}", IDENTITY_LABELS[name], t(IDENTITY_HINTS[name]))
        grid.addWidget(self.match_label, grid.rowCount(), 0, 1, 4)
        body = QGroupBox(slot.form.name, self)
        grid = QGridLayout(body)
        for spec in slot.form.fields:
            self._add_row(grid, spec.code, spec.label, spec.hint, spec)
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addWidget(identity)
        column.addWidget(body)
        column.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_error, 1)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)
        widgets.chain_tab_order(*(row.edit for row in self.rows.values()), self.submit_button)

    def _add_row(
        self, grid: QGridLayout, key: str, label: str, hint: str, spec: FieldSpec | None = None
    ) -> None:
        row = add_field_row(grid, self, key, label, hint, spec)
        self.rows[key] = row
        row.edit.returnPressed.connect(self._on_return_pressed)
        row.edit.left.connect(self._on_field_left)

    def _fill(self, identity: dict[str, str], values: dict[str, str]) -> None:
        for key, text in shown_texts(self.slot.form, identity, values).items():
            self.rows[key].edit.setText(text)

    def draft_values(self) -> tuple[dict[str, str], dict[str, str]]:
        """What is keyed now, as typed: (identity, values)."""
        identity = {n: self.rows[f"identity.{n}"].edit.text() for n in IDENTITY_FIELDS}
        values = {s.code: self.rows[s.code].edit.text() for s in self.slot.form.fields}
        return identity, values

    def restore(self, identity: dict[str, str], values: dict[str, str]) -> None:
        """Put back what was keyed before a change of user, and keep it as the draft."""
        self._fill(identity, values)
        self._refresh_enabled()
        self._match_identity()
        self.save_draft()

    def focus_first_empty(self) -> None:
        rows = [row for row in self.rows.values() if row.edit.isEnabled()]
        if any(row.edit.text() for row in rows):
            # Reopened work: the voucher number is optional, so resume where keying stopped.
            rows = [row for row in rows if row.key != "identity.voucher_no"]
        target = next((row for row in rows if not row.edit.text()), rows[0] if rows else None)
        if target is not None:
            target.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _identity_ok(self) -> bool:
        identity = self.draft_values()[0]
        return not any(identity_problem(name, identity[name]) for name in IDENTITY_FIELDS)

    def _problem(self, row: FieldRow) -> str:
        """The message the service would give for this field now, or ""."""
        if row.spec is None:
            return identity_problem(row.key.removeprefix("identity."), row.edit.text())
        if not row.edit.isEnabled():
            return ""
        return read_form(self.slot.form, self.draft_values()[1]).errors.get(row.key, "")

    def _refresh_enabled(self) -> None:
        """Body fields wait for the identity; skip rules decide which of them apply."""
        identity_ok = self._identity_ok()
        shown = {spec.code for spec in read_form(self.slot.form, self.draft_values()[1]).applicable}
        for spec in self.slot.form.fields:
            self.rows[spec.code].edit.setEnabled(identity_ok and spec.code in shown)

    def _row_of(self, widget: object) -> FieldRow | None:
        return next((row for row in self.rows.values() if row.edit is widget), None)

    @Slot()
    def _on_return_pressed(self) -> None:
        row = self._row_of(self.sender())
        if row is None or self._finished:
            return
        problem = self._problem(row)
        row.error.setText(t(problem))
        if problem:
            row.edit.selectAll()
            return
        self._refresh_enabled()
        keys = list(self.rows)
        later = (self.rows[key] for key in keys[keys.index(row.key) + 1 :])
        target: QWidget = next((r.edit for r in later if r.edit.isEnabled()), self.submit_button)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self.scroll_area.ensureWidgetVisible(target)

    @Slot()
    def _on_field_left(self) -> None:
        row = self._row_of(self.sender())
        if row is None or self._finished:
            return
        row.error.setText(t(self._problem(row)))
        self._refresh_enabled()
        if row.spec is None:
            self._match_identity()
        self.saver.keep(self.draft_values())

    def _match_identity(self) -> None:
        """Look the person up in the register once the three identity fields can be read."""
        if not self._identity_ok():
            self._matched = None
            self.match_label.clear()
            return
        identity = self.draft_values()[0]
        if identity == self._matched:
            return
        ok, match = self.attempt(
            lambda: self._entry.match_identity(self._session, identity=identity)
        )
        if not ok or match is None:
            return
        self._matched = identity
        found = match.resident is not None
        text = (
            t("住民記録と一致: {name}").format(name=match.resident.name)
            if match.resident
            else t(match.message)
        )
        self.match_label.setText(text)
        self.match_label.setStyleSheet(widgets.OK_STYLE if found else widgets.NOTICE_STYLE)

    def save_draft(self) -> None:
        """Keep what is keyed in the store now (before leaving), unless it is there already."""
        if self._finished:
            return
        self.saver.settle()
        current = self.draft_values()
        if current == self.saver.saved:
            return
        identity, values = current
        ok, _ = self.attempt(
            lambda: self._entry.save_draft(
                self._session, entry_id=self.slot.entry_id, identity=identity, values=values
            )
        )
        if ok:
            self.saver.saved = current

    @Slot(object)
    def _on_draft_failed(self, error: BaseException) -> None:
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self.form_error.setText(
                t("下書きを保存できませんでした: {reason}").format(reason=t(error.message))
            )
        else:
            raise error

    @Slot()
    def _on_submit_triggered(self) -> None:
        self.saver.settle()  # no draft write may land after the submit
        identity, raw = self.draft_values()
        applies = {spec.code for spec in read_form(self.slot.form, raw).applicable}
        values = {code: text if code in applies else "" for code, text in raw.items()}

        def submit() -> Any:
            try:
                return self._entry.submit(
                    self._session, entry_id=self.slot.entry_id, identity=identity, values=values
                )
            except FormInputError as error:
                return error

        ok, outcome = self.attempt(submit)
        if not ok or outcome is None:
            return
        if isinstance(outcome, FormInputError):
            self._show_errors(outcome)
            return
        self._finished = True
        self.submitted.emit(t(outcome.message))

    def _show_errors(self, error: FormInputError) -> None:
        self.form_error.setText(t(error.message))
        for row in self.rows.values():
            row.error.setText(t(error.errors.get(row.key, "")))
        wrong = [r for r in self.rows.values() if r.key in error.errors and r.edit.isEnabled()]
        if wrong:
            wrong[0].edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(wrong[0].edit)

    @Slot()
    def _on_leave_triggered(self) -> None:
        if not widgets.confirm(self, t(LEAVE_QUESTION)):
            return
        self.save_draft()
        self._finished = True
        self.closed.emit()
