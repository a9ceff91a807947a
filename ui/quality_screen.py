"""入力品質: keying errors per 1,000 double-keyed fields, by clerk, program, field or month.

An error is charged to the entry whose value a supervisor did not keep when settling a
difference; the figures come from the quality service, this screen only groups and sorts.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.dto import StaffSession
from app.services.quality_service import QualityRow, QualityService
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, filter_proxy

GROUPINGS = (
    (N_("職員別"), "clerk"),
    (N_("検診別"), "program"),
    (N_("項目別"), "field"),
    (N_("月別"), "month"),
)
LABEL_WIDTH = 260
NUMBER_WIDTH = 130
EMPTY_TEXT = N_("まだ照合済みの入力がありません。")
NOTE_TEXT = N_(
    "誤り: 照合確認で採用されなかった入力の数（両方とも違えば両方に数えます）。"
    "見出しをクリックすると並べ替えます。"
)


class QualityTableModel(RowTableModel):
    """One row per group; the service gives the worst rate first."""

    columns = (
        Column(N_("区分"), lambda r: t(r.label), lambda r: r.key),
        Column(N_("入力項目数"), lambda r: f"{r.fields_keyed:,}", lambda r: r.fields_keyed, True),
        Column(N_("誤り"), lambda r: f"{r.errors:,}", lambda r: r.errors, True),
        Column(
            N_("1,000項目あたり"),
            lambda r: f"{r.per_thousand:,.1f}",
            # Sort keys are ints: a tenth of an error per 1,000 fields is the finest shown.
            lambda r: round(r.per_thousand * 10),
            True,
        ),
    )

    def row_at(self, row: int) -> QualityRow:
        result: QualityRow = super().row_at(row)
        return result


class QualityScreen(Screen):
    def __init__(
        self, quality: QualityService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._quality = quality
        self._session = session
        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(t("集計の単位"))
        for text, by in GROUPINGS:
            self.group_combo.addItem(t(text), by)
        self.model = QualityTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("入力品質"))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.summary_label = QLabel(self)
        self.note_label = QLabel(t(NOTE_TEXT), self)
        self.note_label.setWordWrap(True)
        self._build()
        self.group_combo.currentIndexChanged.connect(self._on_group_changed)

    def _build(self) -> None:
        criteria = QHBoxLayout()
        label = QLabel(t("集計(&G)"), self)
        label.setBuddy(self.group_combo)
        criteria.addWidget(label)
        criteria.addWidget(self.group_combo)
        criteria.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("入力品質"), self))
        layout.addLayout(criteria)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.note_label)
        widgets.chain_tab_order(self.group_combo, self.table)

    def refresh(self) -> None:
        by = str(self.group_combo.currentData())
        ok, rows = self.attempt(lambda: self._quality.keying_errors(self._session, by=by))
        if not ok or rows is None:
            return
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), LABEL_WIDTH))
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), NUMBER_WIDTH))
        self.summary_label.setText(summary_text(rows))

    @Slot(int)
    def _on_group_changed(self, _index: int) -> None:
        self.refresh()


def summary_text(rows: list[QualityRow]) -> str:
    """The whole office in one line: 合計 入力 1,234項目　誤り 5　1,000項目あたり 4.1."""
    keyed = sum(row.fields_keyed for row in rows)
    errors = sum(row.errors for row in rows)
    if not keyed:
        return t(EMPTY_TEXT)
    return t("合計 入力 {keyed:,}項目　誤り {errors:,}　1,000項目あたり {rate:.1f}").format(
        keyed=keyed, errors=errors, rate=1000 * errors / keyed
    )
