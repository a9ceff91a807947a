"""保存期間の管理: screening results past their retention, per program and fiscal year.

Counts and deletion dates only; a group's names appear on request (audited on the desk and the
server). 承認して削除 asks first, then the server deletes the group and the sync round that
follows purges it here; the other workstations at their next round.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.retention_service import (
    RetentionGroupView,
    RetentionNameView,
    RetentionService,
)
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel

EMPTY_TEXT = N_("保存期間を過ぎた検診結果はありません。")
NOTE_TEXT = N_(
    "保存期間は各年度の末日（3月31日）から数えます。承認すると、その検診・年度の結果と、"
    "その用紙・入力・照合判断・精検結果・訂正申請・受診券がサーバーとすべての端末から"
    "削除されます。作成済みの統計はそのまま残ります。"
)


class RetentionTableModel(RowTableModel):
    columns = (
        Column(N_("検診"), lambda g: t(g.program_name), lambda g: g.program_code),
        Column(
            N_("年度"),
            lambda g: t("{year}年度").format(year=g.fiscal_year),
            lambda g: g.fiscal_year,
            True,
        ),
        Column(N_("件数"), lambda g: f"{g.count:,}", lambda g: g.count, True),
        Column(
            N_("保存期間"),
            lambda g: t("{years}年").format(years=g.retention_years),
            lambda g: g.retention_years,
            True,
        ),
        Column(
            N_("削除できる日"),
            lambda g: g.deletion_date.isoformat(),
            lambda g: g.deletion_date.toordinal(),
        ),
    )

    def row_at(self, row: int) -> RetentionGroupView:
        group: RetentionGroupView = super().row_at(row)
        return group


class RetentionNamesModel(RowTableModel):
    columns = (
        Column(N_("氏名"), lambda n: n.name, lambda n: n.name),
        Column(N_("受診日"), lambda n: n.screened_on, lambda n: n.screened_on),
    )

    def row_at(self, row: int) -> RetentionNameView:
        name: RetentionNameView = super().row_at(row)
        return name


class RetentionScreen(Screen):
    def __init__(
        self, retention: RetentionService, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._retention = retention
        self._session = session
        self.model = RetentionTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("保存期間を過ぎた検診結果"))
        self.names_model = RetentionNamesModel(parent=self)
        self.names_table = widgets.SafeTableView(self)
        self.names_table.setModel(self.names_model)
        self.names_table.setAccessibleName(t("名簿"))
        self.names_label = QLabel("", self)
        self.refresh_button = QPushButton(t("更新(&R)"), self)
        self.names_button = QPushButton(t("名簿を表示(&L)"), self)
        self.approve_button = QPushButton(t("承認して削除(&D)"), self)
        for button in (self.refresh_button, self.names_button, self.approve_button):
            button.setAutoDefault(False)
        self.summary_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        note = QLabel(t(NOTE_TEXT), self)
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.names_button)
        buttons.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("保存期間の管理"), self))
        layout.addWidget(self.table, 2)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addWidget(self.names_label)
        layout.addWidget(self.names_table, 1)
        layout.addWidget(note)
        widgets.chain_tab_order(
            self.table, self.refresh_button, self.names_button, self.approve_button
        )
        self.refresh_button.clicked.connect(self.refresh)
        self.names_button.clicked.connect(self._on_names)
        self.approve_button.clicked.connect(self._on_approve)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._on_selection()

    def refresh(self) -> None:
        self.names_model.set_rows([])
        self.names_label.setText("")
        try:
            overview = self._retention.candidates(self._session)
        except SessionEnded as error:
            self.session_ended.emit(t(error.message))
            return
        except KenshinError as error:
            # Said on the screen, not in a box: opening the screen offline or on a desk that
            # is not enrolled is an ordinary situation, not an error to dismiss.
            self.model.set_rows([])
            self.summary_label.setText(t(error.message))
            return
        self.model.set_rows(overview.groups)
        self.table.resizeColumnsToContents()
        total = sum(g.count for g in overview.groups)
        self.summary_label.setText(
            t("{day} 現在　{groups}区分　{total:,}件").format(
                day=overview.as_of.isoformat(), groups=len(overview.groups), total=total
            )
            if overview.groups
            else t(EMPTY_TEXT)
        )
        self._on_selection()

    def selected(self) -> RetentionGroupView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def _on_selection(self) -> None:
        chosen = self.selected() is not None
        self.names_button.setEnabled(chosen)
        self.approve_button.setEnabled(chosen)

    @Slot()
    def _on_names(self) -> None:
        group = self.selected()
        if group is None:
            return
        ok, names = self.attempt(
            lambda: self._retention.names(
                self._session, program_code=group.program_code, fiscal_year=group.fiscal_year
            )
        )
        if not ok or names is None:
            return
        self.names_model.set_rows(names)
        self.names_table.resizeColumnsToContents()
        self.names_label.setText(
            t("名簿: {program} {year}年度（{count:,}名、閲覧は記録されます）").format(
                program=t(group.program_name), year=group.fiscal_year, count=len(names)
            )
        )

    @Slot()
    def _on_approve(self) -> None:
        group = self.selected()
        if group is None:
            return
        question = t(
            "{program} {year}年度の検診結果 {count:,}件を、"
            "サーバーとすべての端末から削除します。元に戻せません。よろしいですか。"
        ).format(program=t(group.program_name), year=group.fiscal_year, count=group.count)
        if not widgets.confirm(self, question):
            return
        ok, outcome = self.attempt(
            lambda: self._retention.approve(
                self._session,
                program_code=group.program_code,
                fiscal_year=group.fiscal_year,
                expected_count=group.count,
            )
        )
        if not ok or outcome is None:
            return
        text = t(
            "{program} {year}年度: 検診結果 {results:,}件、"
            "訂正申請 {corrections:,}件を削除しました。"
        ).format(
            program=t(group.program_name),
            year=outcome.fiscal_year,
            results=outcome.results,
            corrections=outcome.corrections,
        )
        if outcome.my_numbers_cleared:
            text += t(" 個人番号 {count:,}名分を消去しました。").format(
                count=outcome.my_numbers_cleared
            )
        if not outcome.synced:
            text += " " + (
                t(outcome.sync_message)
                if outcome.sync_message
                else t("次の同期でこの端末からも削除されます。")
            )
        self.refresh()
        self.result_label.setText(text)
