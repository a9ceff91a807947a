"""The 情報連携 screen's pages: a filtered list, the answers waiting for a second person, and
the dialog that returns one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.wareki import format_date
from app.services.renkei_dto import DecisionOutcome, RenkeiAnswerView
from app.services.renkei_service import MAX_DECISION_REASON
from ui import widgets
from ui.i18n import N_, t
from ui.renkei_models import RenkeiAnswerTableModel, RenkeiItemTableModel
from ui.staff_dialogs import _ServiceDialog
from ui.table_model import RowTableModel, filter_proxy, local_time_text

MINE_TEXT = N_(
    "この照会はあなたが依頼したため、取り込むことはできません。"
    "照会を依頼した職員とは別の保護責任者が確認してください。"
)
CHOOSE_TEXT = N_("左の一覧から回答を選んでください。")
CONFIRM_TIP = N_(
    "回答の内容を確認し、受診歴に取り込みます（照会を依頼した職員とは別の職員が行います）"
)


class ListPage(QWidget):
    """A table with a filter box above it and a count below; sortable by every column."""

    def __init__(self, parent: QWidget, model: RowTableModel, name: str, hint: str) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        self.proxy = filter_proxy(model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, name)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(hint)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(t("絞り込み"))
        self.count_label = QLabel(self)
        self.top = QVBoxLayout()
        self.top.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel(t("絞り込み(&F)"), self)
        label.setBuddy(self.filter_edit)
        row.addWidget(label)
        row.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.filter_edit.textChanged.connect(self._on_filter_changed)

    def set_rows(self, rows: list[object]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self._on_filter_changed()

    @Slot()
    def _on_filter_changed(self) -> None:
        self.proxy.setFilterFixedString(self.filter_edit.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = t("{count:,}件").format(count=total)
        if shown != total:
            text = t("{shown:,}件を表示（全{count:,}件）").format(shown=shown, count=total)
        self.count_label.setText(text)


class AnswerPage(QWidget):
    """Answers waiting on the left; the chosen one's screenings and its two decisions."""

    chosen = Signal(object)  # the RenkeiAnswerView under the cursor, or None

    def __init__(self, parent: QWidget, confirm_text: str, reject_text: str) -> None:
        super().__init__(parent)
        self.list = ListPage(
            self, RenkeiAnswerTableModel(), t("確認待ちの回答"), t("住民・前住所地など")
        )
        self.title_label = QLabel(t(CHOOSE_TEXT), self)
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.items_model = RenkeiItemTableModel(parent=self)
        self.items_table = widgets.SafeTableView(self)
        self.items_table.setModel(self.items_model)
        self.items_table.setSortingEnabled(False)  # in the answer's order: no false indicator
        self.items_table.setAccessibleName(t("回答の検診結果"))
        self.mine_label = QLabel(t(MINE_TEXT), self)
        self.mine_label.setStyleSheet(widgets.NOTICE_STYLE)
        self.mine_label.setWordWrap(True)
        self.mine_label.hide()
        self.confirm_button = QPushButton(confirm_text, self)
        self.confirm_button.setToolTip(t(CONFIRM_TIP))
        self.reject_button = QPushButton(reject_text, self)
        for button in (self.confirm_button, self.reject_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet(widgets.OK_STYLE)
        self.result_label.setWordWrap(True)
        # The answer below the list, its screenings as wide as the page: a side panel cut
        # off the 要精検 and 精検結果 columns.
        about = QVBoxLayout()
        about.addWidget(widgets.heading(t("回答の内容"), self, scale=1.1))
        about.addWidget(self.title_label)
        about.addWidget(self.mine_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)
        about.addLayout(buttons)
        about.addWidget(self.result_label)
        about.addStretch(1)
        decision = QHBoxLayout()
        decision.addLayout(about, 2)
        decision.addWidget(self.items_table, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 3)
        layout.addLayout(decision, 2)
        self.list.table.selectionModel().selectionChanged.connect(self._on_selection)

    def selected(self) -> RenkeiAnswerView | None:
        rows = self.list.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.list.model.row_at(self.list.proxy.mapToSource(rows[0]).row())  # type: ignore[no-any-return]

    def set_rows(self, rows: list[RenkeiAnswerView]) -> None:
        self.list.set_rows(list(rows))
        self._on_selection()

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, *_: object) -> None:
        answer = self.selected()
        self.items_model.set_rows(answer.items if answer else ())
        self.items_table.resizeColumnsToContents()
        if answer is not None:  # a new choice: the last decision's line goes
            self.result_label.clear()
        self.mine_label.setVisible(answer is not None and answer.mine)
        self.confirm_button.setEnabled(answer is not None and not answer.mine)
        self.reject_button.setEnabled(answer is not None)
        if answer is None:
            self.title_label.setText(t(CHOOSE_TEXT))
        else:
            self.title_label.setText(describe(answer))
        self.chosen.emit(answer)


def describe(answer: RenkeiAnswerView) -> str:
    """住民, 生年月日, the former city and when the answer came."""
    born = format_date(answer.birth_date) if answer.birth_date else "—"
    return t("{name}（{born}生）\n前住所地: {city}\n受信: {received}").format(
        name=answer.resident_name or t("（住民記録なし）"),
        born=born,
        city=answer.former_city,
        received=local_time_text(answer.received_at),
    )


class RejectDialog(_ServiceDialog):
    """差し戻す: a reason (required); nothing enters the history."""

    def __init__(
        self, parent: QWidget | None, answer: RenkeiAnswerView, reject: Callable[[str], Any]
    ) -> None:
        super().__init__(parent, t("回答の差し戻し"), t("差し戻す(&S)"))
        self._reject = reject
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(MAX_DECISION_REASON)
        self.reason_edit.setPlaceholderText(t("例: 本人と異なる方の結果が含まれている"))
        self.reason_edit.setAccessibleName(t("理由"))
        self.submit_field = self.reason_edit
        label = QLabel(t("理由(&R)（必須）"), self)
        label.setBuddy(self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(describe(answer), self))
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self._finish(layout, self.reason_edit)

    @classmethod
    def ask(
        cls, parent: QWidget | None, answer: RenkeiAnswerView, reject: Callable[[str], Any]
    ) -> DecisionOutcome | None:
        result: DecisionOutcome | None = cls(parent, answer, reject).run()
        return result

    def submit(self) -> None:
        reason = self.reason_edit.text()
        if not reason.strip():
            self.error_label.setText(t("差し戻す理由を入力してください。"))
            self.reason_edit.setFocus()
            return
        self._call(lambda: self._reject(reason))
