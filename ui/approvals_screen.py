"""承認: a supervisor decides requests to correct or delete a verified result.

The requested new values are never shown: the approver keys each changed field again from the
paper, and the service applies the request only when every value agrees with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.forms import FieldSpec, FormSpec, get_form
from app.domain.wareki import format_date
from app.services.correction_service import CorrectionService, CorrectionView
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.reconcile import MAX_REASON
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, filter_proxy, local_time_text

REASON_COLUMN = 4
KIND_LABELS = {"change": N_("訂正"), "delete": N_("削除")}
EMPTY_TEXT = N_("承認待ちの申請はありません。")
PICK_TEXT = N_("一覧から申請を選ぶと、ここで判断します。")
CHANGE_TEXT = N_("訂正された項目を、用紙を見て入力してください（申請された値は表示しません）。")
DELETE_TEXT = N_("この受診結果を削除する申請です。用紙と申請理由を確認してください。")
APPROVED_TEXT = N_("承認しました。")
REJECTED_TEXT = N_("却下しました。")


class ApprovalTableModel(RowTableModel):
    """One row per pending CorrectionView, oldest first as the service gives them."""

    columns = (
        Column(N_("種別"), lambda r: t(KIND_LABELS.get(r.kind, r.kind))),
        Column(N_("検診"), lambda r: t(r.program_name)),
        Column(
            N_("受診日"), lambda r: format_date(r.screened_on), lambda r: r.screened_on.isoformat()
        ),
        Column(
            N_("項目"), lambda r: "、".join(label for _, label in r.fields) or t("（結果全体）")
        ),
        Column(N_("理由"), lambda r: r.reason),
        Column(N_("申請者"), lambda r: r.requested_by),
        Column(
            N_("申請日時"),
            lambda r: local_time_text(r.requested_at),
            lambda r: r.requested_at.isoformat(),
        ),
    )

    def row_at(self, row: int) -> CorrectionView:
        result: CorrectionView = super().row_at(row)
        return result


def _form_of(program_code: str) -> FormSpec | None:
    """The form gives the approver input hints for each field to key."""
    try:
        return get_form(program_code)
    except KenshinError:
        return None


def _fact(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _hint(form: FormSpec | None, code: str) -> str:
    spec: FieldSpec | None = (
        next((f for f in form.fields if f.code == code), None) if form else None
    )
    return spec.hint if spec else ""


class ApprovalsScreen(Screen):
    def __init__(
        self,
        corrections: CorrectionService,
        session: StaffSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._corrections = corrections
        self._session = session
        self.request: CorrectionView | None = None
        self.inputs: dict[str, QLineEdit] = {}
        self.model = ApprovalTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("承認待ちの申請"))
        self.count_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet(widgets.OK_STYLE)
        self.error_label = widgets.error_label(self)
        self.title_label = QLabel(t(PICK_TEXT), self)
        self.title_label.setWordWrap(True)
        self.facts = {
            name: _fact(self)
            for name in (N_("種別"), N_("検診"), N_("受診日"), N_("申請者"), N_("申請理由"))
        }
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.fields_form = QFormLayout()
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setAccessibleName(t("判断の理由"))
        self.reason_edit.setPlaceholderText(t("例: 用紙と照合して確認"))
        self.approve_button = QPushButton(t("承認(&A)"), self)
        self.reject_button = QPushButton(t("却下(&J)"), self)
        for button in (self.approve_button, self.reject_button):
            button.setAutoDefault(True)  # Enter on a focused decision button presses it
        self.decision = QWidget(self)
        self._build()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.reason_edit.textChanged.connect(self._on_input_changed)
        self.reason_edit.returnPressed.connect(self._on_reason_return)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.reject_button.clicked.connect(self._on_reject_clicked)
        self.show_request(None)

    def _build(self) -> None:
        queue = QWidget(self)
        column = QVBoxLayout(queue)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.result_label, 1)
        column.addLayout(status)
        reason_label = QLabel(t("理由(&R)（必須）"), self)
        reason_label.setBuddy(self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        panel = QVBoxLayout(self.decision)
        panel.setContentsMargins(0, 0, 0, 0)
        facts = QFormLayout()
        for name, label in self.facts.items():
            facts.addRow(t(name), label)
        panel.addLayout(facts)
        panel.addWidget(self.note_label)
        panel.addLayout(self.fields_form)
        panel.addWidget(reason_label)
        panel.addWidget(self.reason_edit)
        panel.addWidget(self.error_label)
        panel.addLayout(buttons)
        splitter = widgets.queue_and_decision(
            self, queue, caption=t("申請の判断"), title=self.title_label, decision=self.decision
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("承認"), self))
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        ok, pending = self.attempt(lambda: self._corrections.pending(self._session))
        if not ok or pending is None:
            return
        self.result_label.clear()
        self.model.set_rows(pending)
        self.table.resizeColumnsToContents()
        # The reason is read in full beside the table; here it must not push the rest away.
        self.table.setColumnWidth(REASON_COLUMN, min(self.table.columnWidth(REASON_COLUMN), 200))
        self.count_label.setText(
            t("承認待ち {count:,}件").format(count=len(pending)) if pending else t(EMPTY_TEXT)
        )
        self.show_request(None)
        if pending:  # the next request is ready to be keyed, without reaching for the mouse
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def select_row(self, row: int) -> None:
        """Select a request by its row in the service's order (as the keyboard would)."""
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_request(self.model.row_at(self.proxy.mapToSource(rows[0]).row()))
        else:
            self.show_request(None)

    def show_request(self, request: CorrectionView | None) -> None:
        """One input per changed field, labelled by the field and empty: keyed from the paper."""
        self.request = request
        self.error_label.clear()
        self.title_label.setVisible(request is None)
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.inputs = {}
        self.reason_edit.clear()
        self.decision.setVisible(request is not None)
        if request is None:
            return
        shown = (
            t(KIND_LABELS.get(request.kind, request.kind)),
            t(request.program_name),
            format_date(request.screened_on),
            f"{request.requested_by}（{local_time_text(request.requested_at)}）",
            request.reason,
        )
        for fact, value in zip(self.facts.values(), shown, strict=True):
            fact.setText(value)
        self.note_label.setText(t(CHANGE_TEXT) if request.kind == "change" else t(DELETE_TEXT))
        form = _form_of(request.program_code)
        for code, label in request.fields:
            edit = QLineEdit(self.decision)
            edit.setAccessibleName(label)
            edit.setPlaceholderText(_hint(form, code))
            edit.textChanged.connect(self._on_input_changed)
            edit.returnPressed.connect(self._on_field_return)
            self.fields_form.addRow(label, edit)
            self.inputs[code] = edit
        chain = [self.table, *self.inputs.values(), self.reason_edit]
        widgets.chain_tab_order(*chain, self.approve_button, self.reject_button)
        self._on_input_changed()

    @Slot()
    def _on_input_changed(self) -> None:
        reason = bool(self.reason_edit.text().strip())
        keyed = all(edit.text().strip() for edit in self.inputs.values())
        self.approve_button.setEnabled(self.request is not None and reason and keyed)
        self.reject_button.setEnabled(self.request is not None and reason)

    @Slot()
    def _on_field_return(self) -> None:
        self.focusNextChild()  # Enter moves on, as on every form of the desk

    @Slot()
    def _on_reason_return(self) -> None:
        if self.approve_button.isEnabled():
            self.approve_button.setFocus()

    @Slot()
    def _on_approve_clicked(self) -> None:
        request = self.request
        if request is None:
            return
        keyed = {code: edit.text() for code, edit in self.inputs.items()}
        reason = self.reason_edit.text()
        self._decide(
            lambda: self._corrections.approve(
                self._session, request_id=request.id, reverified=keyed, reason=reason
            ),
            t(APPROVED_TEXT),
        )

    @Slot()
    def _on_reject_clicked(self) -> None:
        request = self.request
        if request is None:
            return
        reason = self.reason_edit.text()
        self._decide(
            lambda: self._corrections.reject(self._session, request_id=request.id, reason=reason),
            t(REJECTED_TEXT),
        )

    def _decide(self, call: Callable[[], None], done: str) -> None:
        """A refusal stays in red beside the inputs; a decision reloads the list."""
        self.result_label.clear()
        try:
            call()
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
            return
        except KenshinError as error:
            self.error_label.setText(t(error.message))
            return
        self.refresh()
        self.result_label.setText(done)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
