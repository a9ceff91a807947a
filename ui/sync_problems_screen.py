"""同期の問題: records the server refused or sent to a supervisor; resend or discard each."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.services.dto import StaffSession
from app.services.sync_dto import ProblemAction, SyncProblem
from ui import widgets
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, filter_proxy, local_time_text

STATUS_LABELS = {"conflict": N_("競合"), "rejected": N_("拒否")}
SHORT_ID = 8
REASON_COLUMN = 3
EMPTY_TEXT = N_("同期の問題はありません。")
NOTE_TEXT = N_(
    "競合: 同じ記録が別の端末で先に変更されています。　拒否: サーバーが受け取れない内容です。\n"
    "再送すると次の同期でもう一度送ります。破棄すると、サーバーにある版が残ります。"
)
PICK_TEXT = N_("一覧から問題を選んでください。")
DISCARD_QUESTION = N_(
    "この端末の記録「{kind}（{short}）」を破棄します。\n\n"
    "サーバーにある版がそのまま残り、この端末で入力・変更した内容は送信されません。"
    "破棄は元に戻せません（操作は監査ログに記録されます）。\n\n破棄しますか？"
)
RETRIED_TEXT = N_("再送します。次の同期で送信されます。")
DISCARDED_TEXT = N_("破棄しました。サーバーの版が残ります。")


class SyncProblems(Protocol):
    """What the screen needs of the sync service."""

    def problems(self, session: StaffSession, /) -> list[SyncProblem]: ...

    def resolve(
        self, session: StaffSession, /, *, problem_id: str, action: ProblemAction
    ) -> None: ...


def short_id(record_id: str) -> str:
    """The end of a UUIDv7: its start is a timestamp, shared by records made together."""
    return "…" + record_id.replace("-", "")[-SHORT_ID:]


class SyncProblemTableModel(RowTableModel):
    """One row per SyncProblem, in the service's order (oldest first)."""

    columns = (
        Column(N_("種類"), lambda r: t(r.record_kind_ja)),
        Column(N_("記録ID"), lambda r: short_id(r.record_id)),
        Column(N_("状態"), lambda r: t(STATUS_LABELS.get(r.status, r.status))),
        Column(N_("サーバーの理由"), lambda r: t(r.message)),
        Column(
            N_("発生日時"),
            lambda r: local_time_text(r.created_at),
            lambda r: r.created_at.isoformat(),
        ),
        Column(N_("試行回数"), lambda r: f"{r.attempts:,}", lambda r: r.attempts, True),
    )

    def row_at(self, row: int) -> SyncProblem:
        result: SyncProblem = super().row_at(row)
        return result


class SyncProblemsScreen(Screen):
    """A supervisor's list; `sync_requested` asks the desk to send a resend at once."""

    sync_requested = Signal()

    def __init__(
        self, sync: SyncProblems, session: StaffSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sync = sync
        self._session = session
        self.model = SyncProblemTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("同期の問題"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setStyleSheet(widgets.OK_STYLE)
        self.detail_label = QLabel(t(PICK_TEXT), self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.note_label = QLabel(t(NOTE_TEXT), self)
        self.note_label.setWordWrap(True)
        act = widgets.screen_action
        self.reload_action = act(self, t("再読込"), QKeySequence.StandardKey.Refresh)
        self.retry_action = act(self, t("再送(&R)"), "Ctrl+R")
        self.discard_action = act(self, t("破棄(&D)"), "Ctrl+D")
        self._build()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.reload_action.triggered.connect(self._on_reload_triggered)
        self.retry_action.triggered.connect(self._on_retry_triggered)
        self.discard_action.triggered.connect(self._on_discard_triggered)
        self._on_selection_changed()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("同期の問題"), self))
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.result_label, 1)
        self.retry_button = widgets.action_button(self, self.retry_action)
        self.discard_button = widgets.action_button(self, self.discard_action)
        self.reload_button = widgets.action_button(self, self.reload_action)
        for button in (self.retry_button, self.discard_button, self.reload_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        widgets.chain_tab_order(
            self.table, self.retry_button, self.discard_button, self.reload_button
        )

    def refresh(self) -> None:
        ok, problems = self.attempt(lambda: self._sync.problems(self._session))
        if not ok or problems is None:
            return
        self.model.set_rows(problems)
        self.table.resizeColumnsToContents()  # the reason takes what is left, read in full below
        self.count_label.setText(
            t("同期の問題 {count:,}件").format(count=len(problems)) if problems else t(EMPTY_TEXT)
        )
        if problems:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._on_selection_changed()

    def selected(self) -> SyncProblem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_row(self, row: int) -> None:
        """Select a problem by its row in the service's order (as the keyboard would)."""
        self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        problem = self.selected()
        self.retry_action.setEnabled(problem is not None)
        self.discard_action.setEnabled(problem is not None)
        if problem is None:
            self.detail_label.setText(t(PICK_TEXT) if self.model.rowCount() else "")
            return
        status = t(STATUS_LABELS.get(problem.status, problem.status))
        self.detail_label.setText(
            t("{kind}（記録ID {record}）— {status}\nサーバーの理由: {reason}").format(
                kind=t(problem.record_kind_ja),
                record=problem.record_id,
                status=status,
                reason=t(problem.message),
            )
        )

    @Slot()
    def _on_reload_triggered(self) -> None:
        self.result_label.clear()
        self.refresh()

    @Slot()
    def _on_retry_triggered(self) -> None:
        problem = self.selected()
        if problem is not None and self._resolve(problem, "retry", t(RETRIED_TEXT)):
            self.sync_requested.emit()

    @Slot()
    def _on_discard_triggered(self) -> None:
        problem = self.selected()
        if problem is None:
            return
        question = t(DISCARD_QUESTION).format(
            kind=t(problem.record_kind_ja), short=short_id(problem.record_id)
        )
        if widgets.confirm(self, question):
            self._resolve(problem, "discard", t(DISCARDED_TEXT))

    def _resolve(self, problem: SyncProblem, action: ProblemAction, done: str) -> bool:
        self.result_label.clear()
        ok, _ = self.attempt(
            lambda: self._sync.resolve(self._session, problem_id=problem.id, action=action)
        )
        if ok:
            self.refresh()
            self.result_label.setText(done)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return ok
