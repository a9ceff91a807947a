"""Audit review: recent events, a filter, and verification of the hash chain."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.audit_chain import ChainReport
from app.services.audit_service import AuditService
from app.services.dto import StaffSession
from ui import widgets
from ui.audit_table_model import AuditTableModel
from ui.screen import Screen
from ui.table_model import filter_proxy

RECENT_LIMIT = 500


def report_text(report: ChainReport) -> str:
    if report.ok:
        return f"正常: {report.events:,}件の記録を検査しました"
    return f"異常: 連番 {report.first_bad_seq} — {report.problem}"


class AuditScreen(Screen):
    def __init__(
        self, audit: AuditService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._session = session
        self.model = AuditTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setAccessibleName("監査ログ")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("絞り込み（職員・操作・対象・結果など）")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setAccessibleName("検査結果")
        self.reload_action = widgets.screen_action(self, "再読込", QKeySequence.StandardKey.Refresh)
        self.verify_action = widgets.screen_action(self, "改ざん検査", "Ctrl+K")
        self.find_action = widgets.screen_action(self, "絞り込み", QKeySequence.StandardKey.Find)
        self._build()
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.reload_action.triggered.connect(self._on_reload_triggered)
        self.verify_action.triggered.connect(self._on_verify_triggered)
        self.find_action.triggered.connect(self._on_find_triggered)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading("監査ログ", self))
        tools = QHBoxLayout()
        filter_label = QLabel("絞り込み(&F)", self)
        filter_label.setBuddy(self.filter_edit)
        tools.addWidget(filter_label)
        tools.addWidget(self.filter_edit, 1)
        reload_button = widgets.action_button(self, self.reload_action)
        verify_button = widgets.action_button(self, self.verify_action)
        tools.addWidget(reload_button)
        tools.addWidget(verify_button)
        layout.addLayout(tools)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        widgets.chain_tab_order(self.filter_edit, reload_button, verify_button, self.table)

    def refresh(self) -> None:
        ok, events = self.attempt(lambda: self._audit.recent(self._session, limit=RECENT_LIMIT))
        if ok and events is not None:
            self.model.set_rows(events)
            self.table.resizeColumnsToContents()
            self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"表示 {shown:,}件 ／ 最近の {total:,}件")

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    @Slot()
    def _on_reload_triggered(self) -> None:
        self.refresh()

    @Slot()
    def _on_find_triggered(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @Slot()
    def _on_verify_triggered(self) -> None:
        with widgets.busy():
            ok, report = self.attempt(lambda: self._audit.verify(self._session))
        if not ok or report is None:
            return
        self.result_label.setText(report_text(report))
        self.result_label.setStyleSheet(widgets.OK_STYLE if report.ok else widgets.ERROR_STYLE)
        # The check is itself audited; show that event too.
        self.refresh()
