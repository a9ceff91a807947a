"""精検結果の入力: from the lookup screen's 未完了の要精検, a clerk records the detailed
examination of a 要精検 result. It counts only once another staff member has confirmed it on
the 精検結果の確認 screen, keying the status and result again from the report.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.policy import Permission
from app.domain.wareki import EXAMPLES
from app.services.dto import StaffSession
from app.services.followup_service import OUTCOMES, STATUSES, FollowupService
from app.services.lookup_dto import HistoryLine
from ui import widgets
from ui.i18n import N_, t
from ui.labels import history_line_text
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext
from ui.staff_dialogs import _ServiceDialog

# (status code, outcome code or None, examined_on as keyed) -> follow-up id
RecordFollowup = Callable[[str, str | None, str], str]
RECORDED_TEXT = N_("精検結果を入力しました。別の職員が確認すると確定します。")
ACTION_TEXT = N_("精検結果の入力")
ACTION_TIP = N_(
    "未完了の要精検を選ぶと、精検の受診状況と結果を入力できます（別の職員の確認が必要）"
)


class StatusInput(QWidget):
    """受診状況 and, only for 受診, the 精検結果; both start unselected (nothing pre-filled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(t("受診状況"))
        self.status_combo.addItem(t("（選んでください）"), "")
        for code, label in STATUSES.items():
            self.status_combo.addItem(t(label), code)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.setAccessibleName(t("精検結果"))
        self.outcome_combo.addItem(t("（選んでください）"), "")
        for code, label in OUTCOMES.items():
            self.outcome_combo.addItem(t(label), code)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(t("受診状況(&U)"), self.status_combo)
        form.addRow(t("精検結果(&K)"), self.outcome_combo)
        self.status_combo.currentIndexChanged.connect(self._on_status_changed)
        self._on_status_changed()

    def status(self) -> str:
        return str(self.status_combo.currentData() or "")

    def outcome(self) -> str | None:
        return str(self.outcome_combo.currentData() or "") or None

    def select(self, status: str, outcome: str | None = None) -> None:
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))
        self.outcome_combo.setCurrentIndex(max(self.outcome_combo.findData(outcome or ""), 0))

    def clear(self) -> None:
        self.select("")

    @Slot()
    def _on_status_changed(self) -> None:
        attended = self.status() == "attended"
        if not attended:
            self.outcome_combo.setCurrentIndex(0)
        self.outcome_combo.setEnabled(attended)


class FollowupDialog(_ServiceDialog):
    """The 精検 of one 要精検 result; `ask` gives the follow-up id, or None if cancelled."""

    def __init__(self, parent: QWidget | None, line: HistoryLine, record: RecordFollowup):
        super().__init__(parent, t(ACTION_TEXT), t("入力する(&S)"))
        self._record = record
        self.input = StatusInput(self)
        self.date_edit = QLineEdit(self)
        self.date_edit.setAccessibleName(t("精検の受診日"))
        self.date_edit.setPlaceholderText(
            t("受診の場合（任意）: {examples}").format(examples=EXAMPLES)
        )
        self.date_edit.setMaxLength(40)
        self.submit_field = self.date_edit
        layout = QVBoxLayout(self)
        about = history_line_text(line)
        layout.addWidget(QLabel(about, self))
        layout.addWidget(QLabel(t("精検結果の報告書を見て入力します。"), self))
        layout.addWidget(self.input)
        date_row = QFormLayout()
        date_row.addRow(t("精検の受診日(&D)"), self.date_edit)
        layout.addLayout(date_row)
        self._finish(layout, self.input.status_combo, self.input.outcome_combo, self.date_edit)

    @classmethod
    def ask(cls, parent: QWidget | None, line: HistoryLine, record: RecordFollowup) -> str | None:
        result: str | None = cls(parent, line, record).run()
        return result

    def submit(self) -> None:
        status = self.input.status()
        if not status:
            self.error_label.setText(t("受診状況を選んでください。"))
            self.input.status_combo.setFocus()
            return
        outcome, day = self.input.outcome(), self.date_edit.text()
        self._call(lambda: self._record(status, outcome, day))


class FollowupEntries(QObject):
    """Adds 精検結果の入力 under the detail pane's 未完了の要精検 and files with the service."""

    def __init__(
        self, screen: LookupScreen, followups: FollowupService, session: StaffSession
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._followups = followups
        self._session = session
        pane = screen.detail
        self.action = widgets.screen_action(pane, t(ACTION_TEXT), "Ctrl+Shift+F")
        self.action.setEnabled(False)
        self.button = widgets.action_button(pane, self.action)
        self.button.setEnabled(False)
        self.button.setToolTip(t(ACTION_TIP))
        self.label = QLabel(pane)
        self.label.setStyleSheet(widgets.OK_STYLE)
        self.label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.label, 1)
        layout = pane.content.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertLayout(layout.indexOf(pane.follow_up_table) + 1, row)
        pane.follow_up_table.selectionModel().currentRowChanged.connect(self._on_current)
        pane.shown.connect(self._on_shown)
        self.action.triggered.connect(self._on_triggered)

    def selected(self) -> HistoryLine | None:
        pane = self._screen.detail
        index = pane.follow_up_table.currentIndex()
        if not index.isValid() or index.row() >= pane.follow_up_model.rowCount():
            return None
        line: HistoryLine = pane.follow_up_model.row_at(index.row())
        return line if line.result_id else None

    @Slot()
    def _on_current(self) -> None:
        self.action.setEnabled(self.selected() is not None)

    @Slot(object)
    def _on_shown(self, _detail: object) -> None:
        self.label.clear()
        self._on_current()

    @Slot()
    def _on_triggered(self) -> None:
        line = self.selected()
        if line is None:
            return
        self.label.clear()
        followups, session = self._followups, self._session

        def record(status: str, outcome: str | None, examined_on: str) -> str:
            return followups.record(
                session,
                result_id=line.result_id,
                status=status,
                outcome=outcome,
                examined_on=examined_on or None,
            )

        ok, followup_id = self._screen.attempt(
            lambda: FollowupDialog.ask(self._screen, line, record)
        )
        if ok and followup_id is not None:
            self.label.setText(t(RECORDED_TEXT))


def with_followups(screen: LookupScreen, context: ScreenContext) -> LookupScreen:
    """Give the lookup screen's 未完了の要精検 its 精検結果の入力 action, for those who key."""
    if context.session.may(Permission.ENTRY_KEY):
        FollowupEntries(screen, context.desk.followups, context.session)
    return screen
