"""精検結果の確認: a second staff member confirms a recorded 精検 by keying the status and the
result again from the report. The recorded values are never shown; the service confirms only
when both agree, and nobody confirms their own input.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.wareki import format_date
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.followup_service import FollowupService, PendingFollowup
from ui import widgets
from ui.followup_dialog import StatusInput
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, filter_proxy, local_time_text

TITLE = N_("精検結果の確認")
EMPTY_TEXT = N_("確認待ちの精検結果はありません。")
PICK_TEXT = N_("一覧から選ぶと、ここで確認します。")
KEY_TEXT = N_(
    "精検結果の報告書を見て、受診状況と精検結果を入力してください（入力された値は表示しません）。"
)
MINE_TEXT = N_("自分が入力した精検結果です。別の職員が確認します。")
CONFIRMED_TEXT = N_("確認しました。")


class PendingFollowupTableModel(RowTableModel):
    """One row per follow-up waiting for a second person, oldest first."""

    columns = (
        Column(N_("氏名"), lambda r: r.resident_name),
        Column(N_("検診"), lambda r: t(r.program_name)),
        Column(
            N_("受診日"), lambda r: format_date(r.screened_on), lambda r: r.screened_on.isoformat()
        ),
        Column(N_("入力者"), lambda r: r.recorded_by + (t("（自分）") if r.mine else "")),
        Column(
            N_("入力日時"),
            lambda r: local_time_text(r.recorded_at),
            lambda r: r.recorded_at.isoformat(),
        ),
    )

    def row_at(self, row: int) -> PendingFollowup:
        result: PendingFollowup = super().row_at(row)
        return result


class FollowupConfirmScreen(Screen):
    def __init__(
        self, followups: FollowupService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._followups = followups
        self._session = session
        self.current: PendingFollowup | None = None
        self.model = PendingFollowupTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("確認待ちの精検結果"))
        self.count_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet(widgets.OK_STYLE)
        self.error_label = widgets.error_label(self)
        self.title_label = QLabel(t(PICK_TEXT), self)
        self.title_label.setWordWrap(True)
        self.facts = {
            name: QLabel(self) for name in (N_("氏名"), N_("検診"), N_("受診日"), N_("入力者"))
        }
        self.input = StatusInput(self)
        self.confirm_button = QPushButton(t("確認(&A)"), self)
        self.confirm_button.setAutoDefault(True)
        self.decision = QWidget(self)
        self._build()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.show_followup(None)

    def _build(self) -> None:
        queue = QWidget(self)
        column = QVBoxLayout(queue)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.result_label, 1)
        column.addLayout(status)
        panel = QVBoxLayout(self.decision)
        panel.setContentsMargins(0, 0, 0, 0)
        facts = QFormLayout()
        for name, label in self.facts.items():
            facts.addRow(t(name), label)
        panel.addLayout(facts)
        note = QLabel(t(KEY_TEXT), self)
        note.setWordWrap(True)
        panel.addWidget(note)
        panel.addWidget(self.input)
        panel.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        panel.addLayout(buttons)
        splitter = widgets.queue_and_decision(
            self, queue, caption=t("確認"), title=self.title_label, decision=self.decision
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t(TITLE), self))
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        ok, pending = self.attempt(lambda: self._followups.pending(self._session))
        if not ok or pending is None:
            return
        self.model.set_rows(pending)
        self.table.resizeColumnsToContents()
        self.count_label.setText(
            t("確認待ち {count:,}件").format(count=len(pending)) if pending else t(EMPTY_TEXT)
        )
        self.show_followup(None)
        if pending:
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def select_row(self, row: int) -> None:
        """Select a follow-up by its row in the service's order (as the keyboard would)."""
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    def show_followup(self, followup: PendingFollowup | None) -> None:
        self.current = followup
        self.error_label.clear()
        self.input.clear()
        self.decision.setVisible(followup is not None)
        if followup is None:
            self.title_label.setText(t(PICK_TEXT))
            return
        self.facts["氏名"].setText(followup.resident_name)
        self.facts["検診"].setText(t(followup.program_name))
        self.facts["受診日"].setText(format_date(followup.screened_on))
        self.facts["入力者"].setText(followup.recorded_by)
        self.title_label.setText(t(MINE_TEXT) if followup.mine else "")
        self.input.setEnabled(not followup.mine)
        self.confirm_button.setEnabled(not followup.mine)

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.show_followup(None)
            return
        self.show_followup(self.model.row_at(self.proxy.mapToSource(rows[0]).row()))

    @Slot()
    def _on_confirm_clicked(self) -> None:
        self.confirm()

    def confirm(self) -> None:
        followup = self.current
        if followup is None:
            return
        status = self.input.status()
        if not status:
            self.error_label.setText(t("受診状況を選んでください。"))
            self.input.status_combo.setFocus()
            return
        try:
            with widgets.busy():
                self._followups.confirm(
                    self._session,
                    followup_id=followup.id,
                    status=status,
                    outcome=self.input.outcome(),
                )
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
            return
        except KenshinError as error:
            self.error_label.setText(t(error.message))
            return
        self.refresh()
        self.result_label.setText(t(CONFIRMED_TEXT))
