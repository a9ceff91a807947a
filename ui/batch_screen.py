"""用紙入力: the batches of received forms, a new batch, and the keying of form N of a batch.

The batch table and the entry form share the screen: opening a form puts the form in front,
submitting or leaving it brings the table back with its counts reloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.programs import DEFAULT_PROGRAMS
from app.services.dto import StaffSession
from app.services.entry_dto import BatchView, EntrySlot
from app.services.entry_service import EntryService
from app.services.errors import SessionEnded
from ui import widgets
from ui.batch_table_model import BatchTableModel
from ui.entry_form import EntryForm
from ui.i18n import t
from ui.screen import Screen
from ui.table_model import filter_proxy

CreateBatch = Callable[[str, str, str, int], str]


class NewBatchDialog(widgets.FormDialog):
    """A clinic's batch as received; `ask` returns the new batch id, or None if cancelled."""

    def __init__(self, parent: QWidget | None, create: CreateBatch) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("新規バッチ"))
        self.setModal(True)
        self._create = create
        self.result_value: str | None = None
        self._ended: SessionEnded | None = None
        self.program_combo = QComboBox(self)
        for code, program in DEFAULT_PROGRAMS.items():
            self.program_combo.addItem(t(program.name_ja), code)
        self.clinic_edit = widgets.ascii_id_field(self)
        self.clinic_edit.setPlaceholderText(t("10桁の数字"))
        self.month_edit = widgets.ascii_id_field(self)
        self.month_edit.setText(date.today().strftime("%Y-%m"))
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(1, 5000)
        self.count_spin.setSuffix(t(" 枚"))
        self.error_label = widgets.error_label(self)
        self.ok_button = QPushButton(t("作成する(&S)"), self)
        self.cancel_button = QPushButton(t("キャンセル(&C)"), self)
        self.submit_field = self.count_spin
        form = QFormLayout()
        form.addRow(t("プログラム(&P)"), self.program_combo)
        form.addRow(t("医療機関コード(&K)"), self.clinic_edit)
        form.addRow(t("対象月(&M)"), self.month_edit)
        form.addRow(t("受付枚数(&N)"), self.count_spin)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.ok_button.clicked.connect(self._on_ok_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.program_combo.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, create: CreateBatch) -> str | None:
        dialog = cls(parent, create)
        try:
            dialog.exec()
            if dialog._ended is not None:
                raise dialog._ended
            return dialog.result_value
        finally:
            dialog.deleteLater()

    @Slot()
    def _on_ok_clicked(self) -> None:
        self.submit()

    def submit(self) -> None:
        try:
            self.result_value = self._create(
                str(self.program_combo.currentData()),
                self.clinic_edit.text(),
                self.month_edit.text(),
                self.count_spin.value(),
            )
        except SessionEnded as error:
            self._ended = error
            self.reject()
        except KenshinError as error:
            self.error_label.setText(t(error.message))
        else:
            self.accept()


def batch_label(batch: BatchView) -> str:
    return t("{program}　医療機関 {clinic}　{month}").format(
        program=t(batch.program_name), clinic=batch.clinic_code, month=batch.month
    )


class BatchScreen(Screen):
    def __init__(
        self, entry: EntryService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._entry = entry
        self._session = session
        self.form: EntryForm | None = None
        self.model = BatchTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("バッチの一覧"))
        self.form_no_spin = QSpinBox(self)
        self.form_no_spin.setRange(1, 5000)
        self.form_no_spin.setAccessibleName(t("用紙番号"))
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet(widgets.OK_STYLE)
        self.new_action = widgets.screen_action(self, t("新規バッチ"), "Ctrl+N")
        self.open_action = widgets.screen_action(self, t("入力開始"), "Enter")
        self.open_action.setShortcuts([QKeySequence("Enter"), QKeySequence("Return")])
        self.stack = QStackedWidget(self)
        self.table_page = QWidget(self)
        self._build()
        self.new_action.triggered.connect(self._on_new_triggered)
        self.open_action.triggered.connect(self._on_open_triggered)
        self.table.activated.connect(self.open_action.trigger)  # a double click, too
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def _build(self) -> None:
        spin_label = QLabel(t("用紙番号(&U)"), self)
        spin_label.setBuddy(self.form_no_spin)
        new_button = widgets.action_button(self, self.new_action)
        open_button = widgets.action_button(self, self.open_action)
        controls = QHBoxLayout()
        controls.addWidget(new_button)
        controls.addStretch(1)
        controls.addWidget(spin_label)
        controls.addWidget(self.form_no_spin)
        controls.addWidget(open_button)
        column = QVBoxLayout(self.table_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(controls)
        column.addWidget(self.message_label)
        column.addWidget(self.table, 1)
        self.stack.addWidget(self.table_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("用紙入力"), self))
        layout.addWidget(self.stack, 1)
        widgets.chain_tab_order(self.table, self.form_no_spin, open_button, new_button)

    def refresh(self) -> None:
        if self.form is not None:
            return
        chosen = self.selected_batch()
        ok, batches = self.attempt(lambda: self._entry.batches(self._session))
        if not ok or batches is None:
            return
        self.model.set_rows(batches)
        self.table.resizeColumnsToContents()
        self.select_batch(chosen.id if chosen else None)

    def selected_batch(self) -> BatchView | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        batch: BatchView = self.model.row_at(self.proxy.mapToSource(index).row())
        return batch

    def select_batch(self, batch_id: str | None) -> None:
        rows = self.model.rows()
        row = next((n for n, b in enumerate(rows) if b.id == batch_id), 0 if rows else None)
        if row is not None:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        batch = self.selected_batch()
        if batch is not None:
            self.form_no_spin.setMaximum(batch.received)
            missing = batch.missing_first or batch.missing_second
            self.form_no_spin.setValue(missing[0] if missing else 1)

    @Slot()
    def _on_new_triggered(self) -> None:
        def create(program: str, clinic: str, month: str, count: int) -> str:
            return self._entry.create_batch(
                self._session,
                program_code=program,
                clinic_code=clinic,
                month=month,
                received_count=count,
            )

        ok, batch_id = self.attempt(lambda: NewBatchDialog.ask(self, create))
        if ok and batch_id is not None:
            self.message_label.setText(t("バッチを作成しました。"))
            self.refresh()
            self.select_batch(batch_id)

    @Slot()
    def _on_open_triggered(self) -> None:
        self.open_form(self.form_no_spin.value())

    def open_form(self, form_no: int) -> EntryForm | None:
        """Open form `form_no` of the selected batch for this clerk's entry."""
        batch = self.selected_batch()
        if batch is None or self.form is not None:
            return None
        ok, slot = self.attempt(
            lambda: self._entry.open_form(self._session, batch_id=batch.id, form_no=form_no)
        )
        if not ok or slot is None:
            return None
        return self._show_form(slot, batch_label(batch))

    def _show_form(self, slot: EntrySlot, label: str) -> EntryForm:
        self.message_label.clear()
        form = EntryForm(self._entry, self._session, slot, label, self)
        form.session_ended.connect(self.session_ended)
        form.submitted.connect(self._on_form_submitted)
        form.closed.connect(self._on_form_closed)
        self.form = form
        self.open_action.setEnabled(False)
        self.new_action.setEnabled(False)
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.focus_first_empty()
        return form

    def _drop_form(self) -> None:
        form, self.form = self.form, None
        self.stack.setCurrentWidget(self.table_page)
        self.open_action.setEnabled(True)
        self.new_action.setEnabled(True)
        if form is not None:
            batch_id = form.slot.batch_id
            self.stack.removeWidget(form)
            form.deleteLater()
            self.refresh()
            self.select_batch(batch_id)

    @Slot(str)
    def _on_form_submitted(self, message: str) -> None:
        self._drop_form()
        self.message_label.setText(message)

    @Slot()
    def _on_form_closed(self) -> None:
        self._drop_form()
        self.message_label.setText(t("入力を中断しました。下書きは残っています。"))

    def unsaved_draft(self) -> dict[str, Any] | None:
        if self.form is None:
            return None
        self.form.save_draft()  # the store holds it too, whatever becomes of the desk
        identity, values = self.form.draft_values()
        slot = self.form.slot
        return {
            "batch_id": slot.batch_id,
            "form_no": slot.form_no,
            "identity": identity,
            "values": values,
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        self.refresh()
        self.select_batch(str(payload.get("batch_id", "")))
        batch = self.selected_batch()
        if batch is None or batch.id != payload.get("batch_id"):
            return
        form = self.open_form(int(payload.get("form_no", 0)))
        if form is not None:
            form.restore(dict(payload.get("identity", {})), dict(payload.get("values", {})))
            form.focus_first_empty()
