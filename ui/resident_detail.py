"""The lookup screen's detail pane: the four facts, 個人番号, eligibility, history, follow-ups.

It calls no service: it shows a ResidentDetail and asks for a year, a reveal, a voucher or a
correction request by signal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.wareki import format_date, format_fiscal_year
from app.services.lookup_dto import HistoryLine, ResidentDetail
from ui import widgets
from ui.i18n import N_, t
from ui.resident_table_model import EligibilityTableModel, HistoryTableModel, sex_label

SUPPORT_BANNER = N_("支援措置対象者（DV等）：郵送・交付は保護責任者の確認が必要です")
BANNER_STYLE = (
    "background: #b3261e; color: white; font-weight: bold; border-radius: 4px; padding: 8px;"
)
EMPTY_TEXT = N_("検索結果の行を選んで Enter を押すと、ここに住民の詳細が表示されます。")
REQUEST_TIP = N_("照合済みの受診歴を選ぶと、訂正・削除を申請できます（保護責任者の承認が必要）")


def _fact_label(parent: QWidget) -> QLabel:
    # Not selectable: personal values must not reach the clipboard.
    label = QLabel(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setWordWrap(True)
    return label


def _fit(view: QTableView) -> None:
    """As tall as all its rows, so the pane (not the table) scrolls; works before first show."""
    height = (
        view.horizontalHeader().sizeHint().height()
        + view.model().rowCount() * view.verticalHeader().defaultSectionSize()
        + 2 * view.frameWidth()
    )
    view.setFixedHeight(height)
    if not view.property("fits_rows"):  # and again when the text size changes
        view.setProperty("fits_rows", True)
        widgets.follow_font(view, lambda: _fit(view))


class ResidentDetailPane(QWidget):
    year_changed = Signal(int)
    reveal_requested = Signal()
    correction_requested = Signal(object)  # the HistoryLine to correct or delete
    issue_requested = Signal()
    shown = Signal(object)  # the ResidentDetail now on show, or None

    def __init__(self, *, may_reveal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ResidentDetail | None = None
        self.empty_label = QLabel(t(EMPTY_TEXT), self)
        self.empty_label.setWordWrap(True)
        self.banner = QLabel(t(SUPPORT_BANNER), self)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(t("支援措置"))
        self.name_label = _fact_label(self)
        self.sex_label = _fact_label(self)
        self.birth_label = _fact_label(self)
        self.address_label = _fact_label(self)
        self.register_label = _fact_label(self)
        self.my_number_label = _fact_label(self)
        self.my_number_label.setAccessibleName(t("個人番号"))
        self.reveal_button: QPushButton | None = None
        if may_reveal:
            self.reveal_button = QPushButton(t("表示(&R)"), self)
            self.reveal_button.setAutoDefault(False)
            self.reveal_button.setToolTip(t("個人番号を表示します（記録されます）"))
            self.reveal_button.clicked.connect(self.reveal_requested)
        self.notes_label = _fact_label(self)
        self.notes_label.setStyleSheet(widgets.ERROR_STYLE)
        self.year_combo = QComboBox(self)
        self.year_combo.setAccessibleName(t("年度"))
        self.eligibility_model = EligibilityTableModel(parent=self)
        self.eligibility_table = self._table(self.eligibility_model, t("対象となる検診"), 2)
        self.history_model = HistoryTableModel(parent=self)
        self.history_table = self._table(self.history_model, t("受診歴（5年）"), 1)
        self.follow_up_model = HistoryTableModel(parent=self)
        self.follow_up_table = self._table(self.follow_up_model, t("未完了の要精検"), 1)
        self.follow_up_none = QLabel(t("未完了の要精検はありません。"), self)
        self.history_none = QLabel(t("5年以内の受診歴はありません。"), self)
        self.request_action = widgets.screen_action(self, t("訂正・削除を申請"), "Ctrl+Shift+E")
        self.request_action.setEnabled(False)
        self.request_button = widgets.action_button(self, self.request_action)
        self.request_button.setEnabled(False)
        self.request_button.setToolTip(t(REQUEST_TIP))
        self.request_button.hide()
        self._corrections_offered = False
        self.issue_action = widgets.screen_action(self, t("受診券を発行"), "Ctrl+I")
        self.issue_action.setEnabled(False)
        self.issue_button = widgets.action_button(self, self.issue_action)
        self.issue_button.setEnabled(False)
        self.issue_button.hide()
        self._issuance_offered = False
        self.issue_label = QLabel(self)
        self.issue_label.setStyleSheet(widgets.OK_STYLE)
        self.issue_label.setWordWrap(True)
        self.request_label = QLabel(self)
        self.request_label.setStyleSheet(widgets.OK_STYLE)
        self.request_label.setWordWrap(True)
        self.content = QWidget(self)
        # Filled by ui.voucher_actions (the 受診券 table and its actions); hidden until then.
        self.voucher_area = QWidget(self.content)
        self.voucher_area.hide()
        self._build()
        self.year_combo.currentIndexChanged.connect(self._on_year_index_changed)
        self.history_table.selectionModel().currentRowChanged.connect(self._on_history_current)
        self.request_action.triggered.connect(self._on_request_triggered)
        self.issue_action.triggered.connect(self.issue_requested)
        self.show_detail(None)

    def _table(
        self, model: EligibilityTableModel | HistoryTableModel, name: str, stretch: int
    ) -> widgets.SafeTableView:
        table = widgets.SafeTableView(self)
        table.setModel(model)
        table.setSortingEnabled(False)
        table.setAccessibleName(name)
        # The pane scrolls, not the table; the widest column takes what is left, elided.
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _build(self) -> None:
        facts = QFormLayout()
        facts.addRow(t("氏名"), self.name_label)
        facts.addRow(t("性別"), self.sex_label)
        facts.addRow(t("生年月日"), self.birth_label)
        facts.addRow(t("住所"), self.address_label)
        facts.addRow(t("住民番号"), self.register_label)
        number_row = QHBoxLayout()
        number_row.addWidget(self.my_number_label)
        if self.reveal_button is not None:
            number_row.addWidget(self.reveal_button)
        number_row.addStretch(1)
        facts.addRow(t("個人番号"), number_row)
        year_row = QHBoxLayout()
        year_label = QLabel(t("年度(&Y)"), self)
        year_label.setBuddy(self.year_combo)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year_combo)
        year_row.addStretch(1)
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.banner)
        inner.addLayout(facts)
        inner.addWidget(self.notes_label)
        inner.addLayout(year_row)
        inner.addWidget(widgets.heading(t("対象となる検診"), self, scale=1.1))
        inner.addWidget(self.eligibility_table)
        issue_row = QHBoxLayout()
        issue_row.addWidget(self.issue_button)
        issue_row.addWidget(self.issue_label, 1)
        inner.addLayout(issue_row)
        inner.addWidget(self.voucher_area)
        inner.addWidget(widgets.heading(t("受診歴（5年）"), self, scale=1.1))
        inner.addWidget(self.history_none)
        inner.addWidget(self.history_table)
        request_row = QHBoxLayout()
        request_row.addWidget(self.request_button)
        request_row.addWidget(self.request_label, 1)
        inner.addLayout(request_row)
        inner.addWidget(widgets.heading(t("未完了の要精検"), self, scale=1.1))
        inner.addWidget(self.follow_up_none)
        inner.addWidget(self.follow_up_table)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.content, 1)

    def show_detail(self, detail: ResidentDetail | None) -> None:
        """Show one resident (or nothing); a revealed 個人番号 is masked again for a new one."""
        same = (
            detail is not None and self.detail is not None and self.detail.row.id == detail.row.id
        )
        self.detail = detail
        self.request_label.clear()
        self.issue_label.clear()
        self.issue_action.setEnabled(self._issuance_offered and detail is not None)
        self.empty_label.setVisible(detail is None)
        self.content.setVisible(detail is not None)
        if detail is None:
            for model in (self.eligibility_model, self.history_model, self.follow_up_model):
                model.set_rows(())
            self.my_number_label.clear()
            self._on_history_current()
            self.shown.emit(None)
            return
        row = detail.row
        self.banner.setVisible(row.support_measure)
        self.name_label.setText(f"{row.name}（{row.kana}）")
        self.sex_label.setText(sex_label(row.sex))
        self.birth_label.setText(format_date(row.birth_date))
        self.address_label.setText(row.address)
        self.register_label.setText(row.register_no)
        if not same:
            self.my_number_label.setText(detail.masked_my_number)
        notes = []
        if detail.moved_out is not None:
            notes.append(t("転出: {day}").format(day=format_date(detail.moved_out)))
        if detail.died is not None:
            notes.append(t("死亡: {day}").format(day=format_date(detail.died)))
        self.notes_label.setText("　".join(notes))
        self.notes_label.setVisible(bool(notes))
        self._fill_years(detail.fiscal_year, keep=same)
        self.eligibility_model.set_rows(detail.eligibility)
        self.history_model.set_rows(detail.history)
        self.follow_up_model.set_rows(detail.open_follow_ups)
        self.follow_up_table.setVisible(bool(detail.open_follow_ups))
        self.follow_up_none.setVisible(not detail.open_follow_ups)
        self.history_none.setVisible(not detail.history)
        self.history_table.setVisible(bool(detail.history))
        for table in (self.eligibility_table, self.history_table, self.follow_up_table):
            _fit(table)
        self._on_history_current()
        self.shown.emit(detail)

    def offer_corrections(self) -> None:
        """Show the request action; only for staff who may ask for a correction."""
        self._corrections_offered = True
        self.request_button.show()

    def offer_issuance(self) -> None:
        """Show the 受診券を発行 action; only for staff who may print one at the counter."""
        self._issuance_offered = True
        self.issue_button.show()
        self.issue_action.setEnabled(self.detail is not None)

    def selected_history(self) -> HistoryLine | None:
        """The history line under the cursor, if it is verified (only those can be corrected)."""
        index = self.history_table.currentIndex()
        if not index.isValid() or index.row() >= self.history_model.rowCount():
            return None
        line: HistoryLine = self.history_model.row_at(index.row())
        return line if line.verified and line.result_id else None

    @Slot()
    def _on_history_current(self) -> None:
        self.request_action.setEnabled(
            self._corrections_offered and self.selected_history() is not None
        )

    @Slot()
    def _on_request_triggered(self) -> None:
        line = self.selected_history()
        if line is not None:
            self.request_label.clear()
            self.correction_requested.emit(line)

    def show_my_number(self, number: str) -> None:
        self.my_number_label.setText(" ".join(number[i : i + 4] for i in range(0, len(number), 4)))

    def _fill_years(self, year: int, *, keep: bool) -> None:
        if keep and self.year_combo.findData(year) >= 0:
            return
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for shown in (year - 1, year, year + 1):
            self.year_combo.addItem(format_fiscal_year(shown), shown)
        self.year_combo.setCurrentIndex(1)
        self.year_combo.blockSignals(False)

    @Slot(int)
    def _on_year_index_changed(self, index: int) -> None:
        if index >= 0 and self.detail is not None:
            self.year_changed.emit(int(self.year_combo.itemData(index)))
