"""住民検索: one search box and filters, results as you type, and a resident's detail pane.

A search starts 250 ms after the last keystroke (a single-shot timer each keystroke restarts)
and runs in the background, so a slow store never freezes typing. Each search is numbered;
a result that arrives after a newer search started is dropped, so the newest query wins.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.wareki import parse_date
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.lookup_dto import SearchResult
from app.services.lookup_service import LookupService
from ui import widgets
from ui.background import BackgroundTask, run_in_background
from ui.i18n import N_, t
from ui.resident_detail import ResidentDetailPane
from ui.resident_table_model import ResidentTableModel
from ui.screen import Screen
from ui.table_model import filter_proxy

DEBOUNCE_MS = 250
PLACEHOLDER = N_("カナ・生年月日（和暦/西暦）・住民番号・受診券番号")
TRUNCATED_TEXT = N_("上位200件を表示しています。条件を絞り込んでください。")
SEARCHING_TEXT = N_("検索中…")
SEXES = ((N_("すべて"), None), (N_("男"), "M"), (N_("女"), "F"))


class LookupScreen(Screen):
    def __init__(
        self, lookup: LookupService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._session = session
        self._generation = 0
        self.task: BackgroundTask | None = None
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(t(PLACEHOLDER))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(t("住民検索"))
        self.sex_combo = QComboBox(self)
        for text, value in SEXES:
            self.sex_combo.addItem(t(text), value)
        self.ward_combo = QComboBox(self)
        self.ward_combo.addItem(t("すべて"), None)
        self.born_from_edit = QLineEdit(self)
        self.born_to_edit = QLineEdit(self)
        for edit, hint in (
            (self.born_from_edit, t("生年月日から")),
            (self.born_to_edit, t("まで")),
        ):
            edit.setPlaceholderText(t("例: 昭和30年1月1日"))
            edit.setAccessibleName(hint)
            edit.setMaximumWidth(widgets.text_scaled(edit, 160))
            widgets.follow_font(
                edit, lambda edit=edit: edit.setMaximumWidth(widgets.text_scaled(edit, 160))
            )
        self.error_label = widgets.error_label(self)
        self.notice_label = QLabel(t(TRUNCATED_TEXT), self)
        self.notice_label.setStyleSheet(widgets.NOTICE_STYLE)
        self.notice_label.hide()
        self.count_label = QLabel(self)
        self.model = ResidentTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("検索結果"))
        self.detail = ResidentDetailPane(
            may_reveal=session.may(Permission.MY_NUMBER_REVEAL), parent=self
        )
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.find_action = widgets.screen_action(self, t("検索"), QKeySequence.StandardKey.Find)
        self._build()
        self.timer.timeout.connect(self._on_timer_timeout)
        for edit in (self.search_edit, self.born_from_edit, self.born_to_edit):
            edit.textChanged.connect(self._on_criteria_changed)
        for combo in (self.sex_combo, self.ward_combo):
            combo.currentIndexChanged.connect(self._on_criteria_changed)
        self.search_edit.returnPressed.connect(self.run_search)
        self.search_edit.installEventFilter(self)
        self.find_action.triggered.connect(self._on_find_triggered)
        self.table.activated.connect(self._on_row_activated)
        self.table.clicked.connect(self._on_row_activated)
        self.detail.year_changed.connect(self._on_year_changed)
        self.detail.reveal_requested.connect(self._on_reveal_requested)

    def _build(self) -> None:
        box_row = QHBoxLayout()
        box_label = QLabel(t("検索(&F)"), self)
        box_label.setBuddy(self.search_edit)
        box_row.addWidget(box_label)
        box_row.addWidget(self.search_edit, 1)
        filters = QHBoxLayout()
        for text, widget in (
            (t("性別(&S)"), self.sex_combo),
            (t("区(&W)"), self.ward_combo),
            (t("生年月日(&B)"), self.born_from_edit),
            (t("〜"), self.born_to_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        results = QWidget(self)
        column = QVBoxLayout(results)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice_label)
        column.addWidget(self.table, 1)
        column.addWidget(self.count_label)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(results)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("住民検索"), self))
        layout.addLayout(box_row)
        layout.addLayout(filters)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        widgets.chain_tab_order(
            self.search_edit,
            self.sex_combo,
            self.ward_combo,
            self.born_from_edit,
            self.born_to_edit,
            self.table,
        )

    def refresh(self) -> None:
        ok, wards = self.attempt(lambda: self._lookup.wards(self._session))
        if not ok or wards is None:
            return
        chosen = self.ward_combo.currentData()
        self.ward_combo.blockSignals(True)
        self.ward_combo.clear()
        self.ward_combo.addItem(t("すべて"), None)
        for ward in wards:
            self.ward_combo.addItem(ward, ward)
        self.ward_combo.setCurrentIndex(max(0, self.ward_combo.findData(chosen)))
        self.ward_combo.blockSignals(False)

    @Slot()
    def _on_criteria_changed(self) -> None:
        self.timer.start()  # Each keystroke restarts the pause.

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.run_search()

    @Slot()
    def run_search(self) -> None:
        """Search in the background with what the box and filters hold now."""
        self.timer.stop()
        try:
            born_from = self._date_of(self.born_from_edit, t("生年月日（から）"))
            born_to = self._date_of(self.born_to_edit, t("生年月日（まで）"))
        except KenshinError as error:
            self.error_label.setText(t(error.message))
            return
        criteria = {
            "text": self.search_edit.text(),
            "sex": self.sex_combo.currentData(),
            "ward": self.ward_combo.currentData(),
            "born_from": born_from,
            "born_to": born_to,
        }
        if self.task is not None:
            self.task.cancel()
        self._generation += 1
        generation = self._generation
        lookup, session = self._lookup, self._session
        self.count_label.setText(t(SEARCHING_TEXT))
        self.task = run_in_background(
            self,
            lambda _progress: lookup.search(session, **criteria),
            on_done=lambda result: self._show_result(generation, result),
            on_error=lambda error: self._show_error(generation, error),
        )

    def _show_result(self, generation: int, result: SearchResult) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.task = None
        self.error_label.clear()
        self.model.set_rows(result.rows)
        self.notice_label.setVisible(result.truncated)
        self.count_label.setText(
            t("{count:,}件").format(count=len(result.rows)) if result.kind else ""
        )
        self.table.resizeColumnsToContents()

    def _show_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.task = None
        self.count_label.clear()
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self.error_label.setText(t(error.message))
        else:
            raise error

    @staticmethod
    def _date_of(edit: QLineEdit, what: str) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except KenshinError as error:
            raise KenshinError(f"{what}: {t(error.message)}") from error

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount() > 0
        ):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentIndex(self.proxy.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _on_find_triggered(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot(QModelIndex)
    def _on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(self.proxy.mapToSource(index).row())

    def open_row(self, row: int, fiscal_year: int | None = None) -> None:
        """Open a result; the service records each opening, so a shown one is not reopened."""
        resident = self.model.row_at(row)
        shown = self.detail.detail
        if shown is not None and shown.row.id == resident.id and fiscal_year is None:
            return
        ok, detail = self.attempt(
            lambda: self._lookup.open_resident(
                self._session, resident_id=resident.id, fiscal_year=fiscal_year
            )
        )
        if ok and detail is not None:
            self.detail.show_detail(detail)

    @Slot(int)
    def _on_year_changed(self, year: int) -> None:
        current = self.detail.detail
        if current is None:
            return
        ok, detail = self.attempt(
            lambda: self._lookup.open_resident(
                self._session, resident_id=current.row.id, fiscal_year=year
            )
        )
        if ok and detail is not None:
            self.detail.show_detail(detail)

    @Slot()
    def _on_reveal_requested(self) -> None:
        current = self.detail.detail
        if current is None:
            return
        ok, number = self.attempt(
            lambda: self._lookup.reveal_my_number(self._session, resident_id=current.row.id)
        )
        if ok and number is not None:
            self.detail.show_my_number(number)
