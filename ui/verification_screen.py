"""照合確認: the supervisor settles double-entry differences and identity problems.

The queue lists forms waiting for review; opening one shows its case (ui.verification_case).
Every refusal is shown in red beside what caused it, never in a box that steals the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.verification_service import VerificationService
from ui import widgets
from ui.i18n import N_, t
from ui.queue_table_model import QueueTableModel
from ui.screen import Screen
from ui.table_model import filter_proxy
from ui.verification_case import CasePanel, form_title

T = TypeVar("T")
VERIFIED_TEXT = N_("照合が完了しました")
RETURNED_TEXT = N_("差し戻しました")
EMPTY_TEXT = N_("確認待ちの用紙はありません。")


class VerificationScreen(Screen):
    def __init__(
        self,
        verification: VerificationService,
        session: StaffSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._verification = verification
        self._session = session
        self.error_label = widgets.error_label(self)
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet(widgets.OK_STYLE)
        self.count_label = QLabel(self)
        self.model = QueueTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("確認待ちの用紙"))
        self.panel = CasePanel(self)
        self._build()
        self.table.activated.connect(self._on_row_activated)
        self.table.clicked.connect(self._on_row_activated)

    def _build(self) -> None:
        queue = QWidget(self)
        column = QVBoxLayout(queue)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(queue)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([180, 520])  # the queue above, the case below at full width
        messages = QHBoxLayout()
        messages.addWidget(self.error_label, 1)
        messages.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("照合確認"), self))
        layout.addLayout(messages)
        layout.addWidget(splitter, 1)

    def _try(self, call: Callable[[], T], label: QLabel) -> tuple[bool, T | None]:
        """Like Screen.attempt, but a refusal goes to a red label next to the input."""
        try:
            return True, call()
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
        except KenshinError as error:
            label.setText(t(error.message))
            label.show()
        return False, None

    def refresh(self) -> None:
        ok, items = self._try(lambda: self._verification.queue(self._session), self.error_label)
        if not ok or items is None:
            return
        self.model.set_rows(items)
        self.count_label.setText(
            t("{count:,}件").format(count=len(items)) if items else t(EMPTY_TEXT)
        )
        self.table.resizeColumnsToContents()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))  # Enter opens the oldest
        case = self.panel.case
        if case is not None and self.model.row_of_form(case.form_id) < 0:
            self.panel.clear()

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(self.proxy.mapToSource(index).row())

    def open_row(self, row: int) -> None:
        """Open a queued form's case: its fields by name only, nothing of either entry."""
        item = self.model.row_at(row)
        if self.panel.case is not None and self.panel.case.form_id == item.form_id:
            self.panel.focus_next()
            return
        self.error_label.clear()
        self.result_label.clear()
        self.panel.clear()
        ok, case = self._try(
            lambda: self._verification.open_case(self._session, form_id=item.form_id),
            self.error_label,
        )
        if not ok or case is None:
            return
        self.panel.show_case(case)
        for field_row in self.panel.rows.values():
            field_row.keyed.connect(self._on_field_keyed)
            field_row.settle_requested.connect(self._on_settle_requested)
        if self.panel.identity is not None:
            self.panel.identity.resolve_requested.connect(self._on_resolve_requested)
        self.panel.focus_next()

    @Slot(str, str)
    def _on_field_keyed(self, field: str, value: str) -> None:
        case = self.panel.case
        if case is None:
            return
        row = self.panel.rows[field]
        ok, shown = self._try(
            lambda: self._verification.key_from_paper(
                self._session, form_id=case.form_id, field=field, value=value
            ),
            row.error_label,
        )
        if ok and shown is not None:
            row.show_comparison(shown)

    @Slot(str, str, str, str)
    def _on_settle_requested(self, field: str, decision: str, reason: str, final: str) -> None:
        case = self.panel.case
        if case is None:
            return
        row = self.panel.rows[field]
        ok, status = self._try(
            lambda: self._verification.settle(
                self._session,
                form_id=case.form_id,
                field=field,
                decision=decision,
                reason=reason,
                final_value=final or None,
            ),
            row.error_label,
        )
        if ok and status is not None:
            row.mark_settled(decision)
            self._advance(status)

    @Slot(str, str)
    def _on_resolve_requested(self, resident_id: str, reason: str) -> None:
        case, identity = self.panel.case, self.panel.identity
        if case is None or identity is None:
            return
        ok, status = self._try(
            lambda: self._verification.resolve_identity(
                self._session, form_id=case.form_id, resident_id=resident_id, reason=reason
            ),
            identity.error_label,
        )
        if ok and status is not None:
            identity.setEnabled(False)
            self._advance(status)

    def _advance(self, status: str) -> None:
        """Move to the next thing to do, or close the case once the form has left review."""
        case = self.panel.case
        if case is None:
            return
        if status == "review":
            if self.panel.all_settled() and (
                self.panel.identity is None or not self.panel.identity.isEnabled()
            ):
                self._reopen(case.form_id)  # the service found something else to settle
            else:
                self.panel.focus_next()
            return
        done = t(VERIFIED_TEXT) if status == "verified" else t(RETURNED_TEXT)
        self.result_label.setText(t("{done}（{form}）").format(done=done, form=form_title(case)))
        self.panel.clear()
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _reopen(self, form_id: str) -> None:
        self.panel.clear()
        self.refresh()
        row = self.model.row_of_form(form_id)
        if row >= 0:
            self.open_row(row)
