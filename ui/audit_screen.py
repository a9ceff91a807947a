"""Audit review: filtered events, chain verification, flagged patterns and review marks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_chain import ChainReport
from app.domain.errors import KenshinError
from app.domain.wareki import format_short
from app.services.audit_service import AuditService, AuditVerification
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from ui import widgets
from ui.audit_filters import AuditFilterBar, ReviewDialog
from ui.audit_table_model import AuditFlagTableModel, AuditReviewTableModel, AuditTableModel
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import filter_proxy

T = TypeVar("T")
RECENT_LIMIT = 500
NOT_CHECKED = N_("まだ検査していません（改ざん検査 Ctrl+K）")


def report_text(report: ChainReport) -> str:
    if report.ok:
        return t("正常: {count:,}件の記録を検査しました").format(count=report.events)
    return t("異常: 連番 {seq} — {problem}").format(
        seq=report.first_bad_seq, problem=t(report.problem or "")
    )


def _table(parent: QWidget, name: str) -> widgets.SafeTableView:
    table = widgets.SafeTableView(parent)
    table.setAccessibleName(name)
    table.setWordWrap(False)
    return table


class AuditScreen(Screen):
    def __init__(
        self, audit: AuditService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._audit = audit
        self._session = session
        self._staff_loaded = False
        self.filters = AuditFilterBar(self)
        self.model = AuditTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = _table(self, t("監査ログ"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.flag_model = AuditFlagTableModel(parent=self)
        self.flag_table = _table(self, t("要確認"))
        self.flag_table.setModel(self.flag_model)
        self.flag_table.setToolTip(t("Enter またはダブルクリックで、その職員の記録を表示します"))
        self.review_model = AuditReviewTableModel(parent=self)
        self.review_table = _table(self, t("確認の記録"))
        self.review_table.setModel(self.review_model)
        self.tabs = QTabWidget(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(t("結果の中を絞り込み（職員・操作・対象・結果など）"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.message_label = widgets.error_label(self)
        self.result_label = QLabel(t(NOT_CHECKED), self)
        self.result_label.setAccessibleName(t("検査結果（ローカル）"))
        self.server_label = QLabel("", self)
        self.server_label.setAccessibleName(t("検査結果（サーバーの記録点）"))
        self.server_label.setWordWrap(True)
        self.search_action = widgets.screen_action(self, t("検索"), "Ctrl+Return")
        self.reload_action = widgets.screen_action(
            self, t("再読込"), QKeySequence.StandardKey.Refresh
        )
        self.verify_action = widgets.screen_action(self, t("改ざん検査"), "Ctrl+K")
        self.review_action = widgets.screen_action(self, t("確認済みにする"), "Ctrl+M")
        self.find_action = widgets.screen_action(self, t("絞り込み"), QKeySequence.StandardKey.Find)
        self._build()
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.search_action.triggered.connect(self._on_reload_triggered)
        self.reload_action.triggered.connect(self._on_reload_triggered)
        self.verify_action.triggered.connect(self._on_verify_triggered)
        self.review_action.triggered.connect(self._on_review_triggered)
        self.find_action.triggered.connect(self._on_find_triggered)
        self.flag_table.activated.connect(self._on_flag_activated)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("監査ログの確認"), self))
        layout.addWidget(self.filters)
        buttons = [
            widgets.action_button(self, action)
            for action in (self.search_action, self.verify_action, self.review_action)
        ]
        tools = QHBoxLayout()
        for button in buttons:
            tools.addWidget(button)
        tools.addStretch()
        layout.addLayout(tools)
        layout.addWidget(self.message_label)
        checks = QFormLayout()
        checks.addRow(t("改ざん検査（この端末の記録）:"), self.result_label)
        checks.addRow(t("サーバーの記録点との照合:"), self.server_label)
        layout.addLayout(checks)
        events = QWidget(self)
        events_layout = QVBoxLayout(events)
        quick = QHBoxLayout()
        filter_label = QLabel(t("結果の絞り込み(&F)"), events)
        filter_label.setBuddy(self.filter_edit)
        quick.addWidget(filter_label)
        quick.addWidget(self.filter_edit, 1)
        events_layout.addLayout(quick)
        events_layout.addWidget(self.table, 1)
        events_layout.addWidget(self.count_label)
        self.tabs.addTab(events, t("記録(&1)"))
        self.tabs.addTab(self.flag_table, t("要確認(&2)"))
        self.tabs.addTab(self.review_table, t("確認済みの記録(&3)"))
        layout.addWidget(self.tabs, 1)
        widgets.chain_tab_order(
            *self.filters.fields(), *buttons, self.tabs, self.filter_edit, self.table
        )

    def _try(self, call: Callable[[], T]) -> tuple[bool, T | None]:
        """Like attempt, but a refusal is written on the screen, not in a modal box."""
        try:
            result = call()
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
            return False, None
        except KenshinError as error:
            self.message_label.setText(t(error.message))
            return False, None
        return True, result

    def refresh(self) -> None:
        if not self._staff_loaded:
            ok, options = self._try(lambda: self._audit.staff_options(self._session))
            if ok and options is not None:
                self.filters.set_staff(options)
                self._staff_loaded = True
        query = self.filters.query()
        ok, events = self._try(
            lambda: self._audit.search(
                self._session,
                staff_id=query.staff_id,
                workstation=query.workstation,
                action=query.action,
                record_id=query.record_id,
                period_from=query.period_from,
                period_to=query.period_to,
                limit=RECENT_LIMIT,
            )
        )
        if not ok or events is None:
            return
        ok, flags = self._try(
            lambda: self._audit.flags(
                self._session, period_from=query.period_from, period_to=query.period_to
            )
        )
        if not ok or flags is None:
            return
        self.message_label.clear()
        self.model.set_rows(events)
        self.flag_model.set_rows(flags)
        self.tabs.setTabText(
            1, t("要確認 {count}件(&2)").format(count=len(flags)) if flags else t("要確認 なし(&2)")
        )
        self.table.resizeColumnsToContents()
        self.flag_table.resizeColumnsToContents()
        self._update_count()
        self._load_reviews()

    def _load_reviews(self) -> None:
        ok, reviews = self._try(lambda: self._audit.reviews(self._session))
        if ok and reviews is not None:
            self.review_model.set_rows(reviews)
            self.review_table.resizeColumnsToContents()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        more = t("（上限に達しました。条件を絞ってください）") if total >= RECENT_LIMIT else ""
        self.count_label.setText(
            t("表示 {shown:,}件 ／ 該当 {total:,}件").format(shown=shown, total=total) + more
        )

    def show_verification(self, result: AuditVerification) -> None:
        self.result_label.setText(report_text(result.local))
        self.result_label.setStyleSheet(
            widgets.OK_STYLE if result.local.ok else widgets.ERROR_STYLE
        )
        self.server_label.setText(t(result.server_message))
        style = {"matched": widgets.OK_STYLE, "mismatch": widgets.ERROR_STYLE}
        self.server_label.setStyleSheet(style.get(result.server, widgets.NOTICE_STYLE))

    @Slot(str)
    def _on_filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    @Slot()
    def _on_reload_triggered(self) -> None:
        self.refresh()

    @Slot()
    def _on_find_triggered(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @Slot(QModelIndex)
    def _on_flag_activated(self, index: QModelIndex) -> None:
        """Enter on a flag shows that person's events of the period."""
        flag = self.flag_model.rows()[index.row()]
        unknown = flag.staff_login is None
        self.filters.record_edit.setText(
            flag.subject.removeprefix("login_name:") if unknown else ""
        )
        self.filters.select_staff(flag.staff_login)
        self.refresh()
        self.tabs.setCurrentIndex(0)

    @Slot()
    def _on_verify_triggered(self) -> None:
        with widgets.busy():
            ok, result = self.attempt(lambda: self._audit.verify(self._session))
        if not ok or result is None:
            return
        self.show_verification(result)
        # The check is itself audited; show that event too.
        self.refresh()

    @Slot()
    def _on_review_triggered(self) -> None:
        query = self.filters.query()
        period = f"{format_short(query.period_from)} 〜 {format_short(query.period_to)}"
        flags = self.flag_model.rowCount()
        intro = t(
            "期間 {period} の監査ログ（全職員・全端末）を確認済みにします。"
            "要確認 {flags}件。この操作も監査ログに記録されます。"
        ).format(period=period, flags=flags)

        def mark(comment: str) -> str:
            return self._audit.mark_reviewed(
                self._session,
                period_from=query.period_from,
                period_to=query.period_to,
                comment=comment,
            )

        ok, review_id = self.attempt(lambda: ReviewDialog.ask(self, intro, mark))
        if ok and review_id is not None:
            self.message_label.clear()
            self.refresh()
            self.tabs.setCurrentIndex(2)
