"""一括発行: one program's vouchers for a year, planned off-thread (中止 stops at once), then
issued off-thread and printed in postal order chunk by chunk; a chunk is confirmed only once
printed, so the service hands an unprinted chunk out again (same vouchers) at 印刷開始/再開."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.wareki import format_fiscal_year
from app.services.batch_issuance_service import BatchChunk, BatchIssuanceService, BatchRun
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.printing_service import PrintingService
from ui import printing, widgets
from ui.background import BackgroundTask, run_in_background
from ui.batch_issue_models import BatchRunTableModel, SupportTableModel, summary_text
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import RowTableModel

CHUNK_SIZE = 200
PLANNING_TEXT = N_("抽出中…")
CANCELLED_TEXT = N_("中止しました")
FETCHING_TEXT = N_("受診券を用意しています…")
STOPPED_TEXT = N_("中止しました。「印刷開始/再開」で続きから印刷できます。")
NOT_PRINTED_TEXT = N_("印刷していません。「印刷開始/再開」で同じ受診券から印刷できます。")
ALL_PRINTED_TEXT = N_("すべて印刷しました。")
PRINTED_TEXT = N_("{done:,} / {total:,} を印刷しました")
SUPPORT_NOTE = N_("支援措置の対象者には発行していません。住民の詳細画面で一人ずつ解除します。")
NO_SUPPORT_TEXT = N_("支援措置で除いた対象者はいません。")


def _table(parent: QWidget, model: RowTableModel, name: str) -> widgets.SafeTableView:
    table = widgets.SafeTableView(parent)
    table.setSortingEnabled(False)  # the service's order: open runs first, postal order
    table.setModel(model)
    table.setAccessibleName(name)
    return table


def _row(*items: QWidget | None) -> QHBoxLayout:
    row = QHBoxLayout()
    for item in items:
        row.addWidget(item) if item is not None else row.addStretch(1)
    return row


class BatchIssueScreen(Screen):
    def __init__(
        self,
        issuance: BatchIssuanceService,
        printing_service: PrintingService,
        session: StaffSession,
        *,
        today: date | None = None,
        chunk_size: int = CHUNK_SIZE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._issuance, self._printing = issuance, printing_service
        self._session, self._chunk_size = session, chunk_size
        self.task: BackgroundTask | None = None
        self.printing_run: BatchRun | None = None  # while the chunk loop runs
        self._stop_requested, self._previewed, self._printed = False, False, 0
        self._printer: QPrinter | None = None  # chosen once per print run
        self.program_combo = QComboBox(self)
        self.program_combo.setAccessibleName(t("検診"))
        for code, program in DEFAULT_PROGRAMS.items():
            self.program_combo.addItem(t(program.name_ja), code)
        self.year_combo = QComboBox(self)
        self.year_combo.setAccessibleName(t("年度"))
        this_year = fiscal_year_of(today or date.today())
        for year in (this_year, this_year + 1):
            self.year_combo.addItem(format_fiscal_year(year), year)
        self.plan_action = widgets.screen_action(self, t("対象者を抽出(&E)"), "Ctrl+E")
        self.print_action = widgets.screen_action(self, t("印刷開始/再開(&P)"), "Ctrl+P")
        self.cancel_action = widgets.screen_action(self, t("中止"), QKeySequence(Qt.Key.Key_Escape))
        self.support_action = widgets.screen_action(self, t("支援措置の対象者を表示(&S)"), "Ctrl+S")
        actions = (self.plan_action, self.print_action, self.cancel_action, self.support_action)
        buttons = [widgets.action_button(self, action) for action in actions]
        self.plan_button, self.print_button, self.cancel_button, self.support_button = buttons
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(t("進み具合"))
        self.status_label, self.summary_label = QLabel(self), QLabel(self)
        self.error_label = widgets.error_label(self)
        self.model, self.support_model = BatchRunTableModel(parent=self), SupportTableModel()
        self.table = _table(self, self.model, t("一括発行の一覧"))
        self.support_table = _table(self, self.support_model, t("支援措置の対象者"))
        self.support_note = QLabel(t(SUPPORT_NOTE), self)
        self._on_run_changed()
        self._say("")
        slots = (self._on_plan, self._on_print, self._on_cancel, self._on_support)
        for action, slot in zip(actions, slots, strict=True):
            action.triggered.connect(slot)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_run_changed())
        labels = [QLabel(text, self) for text in (t("検診(&K)"), t("年度(&Y)"))]
        labels[0].setBuddy(self.program_combo)
        labels[1].setBuddy(self.year_combo)
        criteria = (*labels[:1], self.program_combo, labels[1], self.year_combo, self.plan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("一括発行"), self))
        layout.addLayout(_row(*criteria, None))
        layout.addLayout(_row(self.progress_bar, self.cancel_button, self.status_label))
        for widget in (self.error_label, self.summary_label, self.table):
            layout.addWidget(widget)
        layout.addLayout(_row(self.print_button, self.support_button, None))
        layout.addWidget(self.support_note)
        layout.addWidget(self.support_table, 1)
        order = (self.program_combo, self.year_combo, self.plan_button, self.cancel_button)
        widgets.chain_tab_order(*order, self.table, self.print_button, self.support_button)
        widgets.chain_tab_order(self.support_button, self.support_table)

    @property
    def busy(self) -> bool:
        return self.task is not None or self.printing_run is not None

    def refresh(self) -> None:
        if not self.busy:
            self._reload_runs()

    def _reload_runs(self, select_id: str | None = None) -> None:
        ok, runs = self.attempt(lambda: self._issuance.runs(self._session))
        if ok and runs is not None:
            self.model.set_rows(runs)
            ids = [run.id for run in runs]
            self.table.selectRow(ids.index(select_id) if select_id in ids else 0)
            self._on_run_changed()

    def selected_run(self) -> BatchRun | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_run_changed(self) -> None:
        self._show_support(())
        self._show_running(self.busy)

    def _show_running(self, running: bool) -> None:
        run = self.selected_run()
        self.plan_action.setEnabled(not running)
        self.print_action.setEnabled(not running and run is not None and run.status == "open")
        self.support_action.setEnabled(not running and run is not None)
        self.cancel_action.setEnabled(running)
        for widget in (self.program_combo, self.year_combo, self.table):
            widget.setEnabled(not running)
        self.progress_bar.setVisible(running)
        self.cancel_button.setVisible(running)

    def _say(self, status: str, error: str = "") -> None:
        for label, text in ((self.status_label, status), (self.error_label, error)):
            label.setText(text)
            label.setVisible(bool(text))

    def _show_support(self, rows: Any, shown: bool = False) -> None:  # names: on request only
        self.support_model.set_rows(rows)
        self.support_note.setText(t(SUPPORT_NOTE) if rows else t(NO_SUPPORT_TEXT))
        self.support_note.setVisible(shown)
        self.support_table.setVisible(shown and bool(rows))

    @Slot()
    def _on_plan(self) -> None:
        if self.busy:
            return
        code, year = self.program_combo.currentData(), self.year_combo.currentData()
        plan = partial(
            self._issuance.plan_batch, self._session, program_code=code, fiscal_year=year
        )
        self.progress_bar.setRange(0, 0)  # busy until the first report gives a total
        self._start(lambda p: plan(progress=p, cancelled=p.cancelled), self._on_planned)
        self._say(t(PLANNING_TEXT))

    def _start(self, work: Any, on_done: Any) -> None:
        self.task = run_in_background(self, work, on_done=on_done, on_error=self._on_failed)
        self.task.progress.connect(self._on_progress)
        self._show_running(True)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.progress_bar.setFormat(f"{done:,} / {total:,}")

    def _on_planned(self, run: BatchRun) -> None:
        self.summary_label.setText(summary_text(run))
        self._finish("", run.id)

    @Slot()
    def _on_cancel(self) -> None:
        """Planning stops at once; printing stops after the chunk in hand (never inside one)."""
        if self.printing_run is not None:
            self._stop_requested = True
            self.cancel_action.setEnabled(False)
            self._say(self.status_label.text() + t("　この分で中止します"))
        elif self.task is not None:
            self.task.cancel()
            self._finish(t(CANCELLED_TEXT))

    def _finish(self, status: str, run_id: str | None = None) -> None:  # run_id: reload runs
        self.task = self.printing_run = None
        if run_id is not None:
            self._reload_runs(run_id)
        self._show_running(False)
        self._say(status)
        self.plan_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_failed(self, error: BaseException) -> None:
        self._finish("")
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self._say("", t(error.message))
        else:
            raise error

    @Slot()
    def _on_print(self) -> None:
        run = self.selected_run()
        if self.busy or run is None or run.status != "open":
            return
        self.printing_run = run
        self._stop_requested = self._previewed = False
        self._printer = None
        self._printed = run.printed  # counted, not taken from positions: skipped ones leave gaps
        self._on_progress(run.printed, run.total)
        self._fetch_chunk()

    def _fetch_chunk(self) -> None:
        run_id, size = self.printing_run.id, self._chunk_size
        fetch = partial(self._issuance.next_chunk, self._session, run_id=run_id, size=size)
        self._start(lambda _: fetch(), self._on_chunk)
        self._say(t(FETCHING_TEXT))

    def _on_chunk(self, chunk: BatchChunk | None) -> None:
        run = self.printing_run
        if chunk is None or self._stop_requested:
            return self._finish(t(STOPPED_TEXT) if chunk else t(ALL_PRINTED_TEXT), run.id)
        ok, confirmed = self.attempt(lambda: self._print_and_confirm(run, chunk))
        if not ok or not confirmed:
            return self._finish(t(NOT_PRINTED_TEXT), run.id)
        self._printed += len(chunk.item_ids)
        self._on_progress(self._printed, run.total)
        printed = t(PRINTED_TEXT).format(done=self._printed, total=run.total)
        if self._stop_requested:
            return self._finish(f"{printed}。{t(STOPPED_TEXT)}", run.id)
        self._fetch_chunk()
        self._say(printed)

    def _print_and_confirm(self, run: BatchRun, chunk: BatchChunk) -> bool:
        """Preview the first chunk only; confirm a chunk only once the printer took it."""
        title = t("{program} 受診券 {first:,}〜{last:,}人目").format(
            program=t(run.program_name), first=chunk.first, last=chunk.last
        )
        if not self._previewed and not printing.PreviewDialog.ask(self, chunk.pdf, title):
            return False
        self._previewed = True
        self._printer = self._printer or printing.choose_printer(self)
        if self._printer is None:
            return False
        ids, kind = list(chunk.voucher_ids), "voucher_postcard"
        sent = printing.print_pdf(
            self,
            self._printing,
            self._session,
            chunk.pdf,
            document_kind=kind,
            record_ids=ids,
            printer=self._printer,
        )
        if sent is None:
            return False
        self._issuance.confirm_printed(self._session, run_id=run.id, item_ids=list(chunk.item_ids))
        return True

    @Slot()
    def _on_support(self) -> None:
        run = self.selected_run()
        if self.busy or run is None:
            return
        ok, rows = self.attempt(lambda: self._issuance.support_list(self._session, run_id=run.id))
        if ok and rows is not None:
            self._show_support(rows, shown=True)
            self.support_table.setFocus(Qt.FocusReason.OtherFocusReason)
