"""対象者抽出: how many residents each program must reach in a fiscal year, counted off-thread.

An extraction reads the whole register and takes seconds, so it runs in the background with a
progress bar and 中止. Only counts are shown: the assessment limits lists of names, and batch
issuance takes the resident ids from the service, not from this screen.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.wareki import format_date, format_fiscal_year
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.target_service import Extraction, ProgramTargets, TargetService
from ui import widgets
from ui.background import BackgroundTask, Progress, run_in_background
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, filter_proxy

ALL_PROGRAMS = N_("すべての検診")
RUNNING_TEXT = N_("抽出中…")
CANCELLED_TEXT = N_("中止しました")
NUMBER_WIDTH = 130


def _count(value: int) -> str:
    return f"{value:,}"


class ExtractionTableModel(RowTableModel):
    """One row per program: how many residents are targets, exempt from fees, or get a coupon."""

    columns = (
        Column(N_("検診"), lambda r: t(r.program_name)),
        Column(N_("対象者数"), lambda r: _count(r.count), lambda r: r.count, numeric=True),
        Column(
            N_("自己負担免除"),
            lambda r: _count(r.fee_exempt_count),
            lambda r: r.fee_exempt_count,
            numeric=True,
        ),
        Column(
            N_("クーポン対象"),
            lambda r: _count(r.coupon_count),
            lambda r: r.coupon_count,
            numeric=True,
        ),
    )

    def row_at(self, row: int) -> ProgramTargets:
        result: ProgramTargets = super().row_at(row)
        return result


def summary_text(extraction: Extraction) -> str:
    """The line under the table: 令和7年度　受診日 令和7年6月1日　住民 1,234人を判定（2.3秒）."""
    return t("{year}　受診日 {day}　住民 {checked:,}人を判定（{seconds:.1f}秒）").format(
        year=format_fiscal_year(extraction.fiscal_year),
        day=format_date(extraction.on),
        checked=extraction.residents_checked,
        seconds=extraction.seconds,
    )


class ExtractionScreen(Screen):
    def __init__(
        self,
        targets: TargetService,
        session: StaffSession,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._targets = targets
        self._session = session
        self.task: BackgroundTask | None = None
        self.extraction: Extraction | None = None
        self.program_combo = QComboBox(self)
        self.program_combo.addItem(t(ALL_PROGRAMS), None)
        self.program_combo.setAccessibleName(t("検診"))
        self.year_combo = QComboBox(self)
        self.year_combo.setAccessibleName(t("年度"))
        this_year = fiscal_year_of(today or date.today())
        for year in (this_year, this_year + 1):
            self.year_combo.addItem(format_fiscal_year(year), year)
        self.extract_action = widgets.screen_action(self, t("抽出(&E)"), "Ctrl+E")
        self.cancel_action = widgets.screen_action(self, t("中止"), QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setEnabled(False)
        self.extract_button = widgets.action_button(self, self.extract_action)
        self.cancel_button = widgets.action_button(self, self.cancel_action)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(t("抽出の進み具合"))
        self.status_label = QLabel(self)
        self.error_label = widgets.error_label(self)
        self.model = ExtractionTableModel(parent=self)
        self.proxy = filter_proxy(self.model, self)
        self.table = widgets.service_ordered_table(self, self.proxy, t("抽出結果"))
        widgets.follow_font(self.table, self._fit_table)  # wider with larger text
        self.table.horizontalHeader().setStretchLastSection(False)
        self.summary_label = QLabel(self)
        self._build()
        self.table.hide()  # until there is a result: an empty header reads as "none found"
        self._say("")
        self._show_running(False)
        self.extract_action.triggered.connect(self._on_extract_triggered)
        self.cancel_action.triggered.connect(self._on_cancel_triggered)

    def _build(self) -> None:
        criteria = QHBoxLayout()
        for text, combo in ((t("検診(&K)"), self.program_combo), (t("年度(&Y)"), self.year_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            criteria.addWidget(label)
            criteria.addWidget(combo)
        criteria.addWidget(self.extract_button)
        criteria.addStretch(1)
        running = QHBoxLayout()
        running.addWidget(self.progress_bar, 1)
        running.addWidget(self.cancel_button)
        running.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("対象者抽出"), self))
        layout.addLayout(criteria)
        layout.addLayout(running)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        widgets.chain_tab_order(
            self.program_combo, self.year_combo, self.extract_button, self.cancel_button, self.table
        )

    def refresh(self) -> None:
        if self.program_combo.count() > 1:
            return  # the programs do not change while the desk is open
        ok, programs = self.attempt(lambda: self._targets.programs(self._session))
        for code, name in programs if ok and programs else []:
            self.program_combo.addItem(t(name), code)

    def _show_running(self, running: bool) -> None:
        self.extract_action.setEnabled(not running)
        self.cancel_action.setEnabled(running)
        self.program_combo.setEnabled(not running)
        self.year_combo.setEnabled(not running)
        self.progress_bar.setVisible(running)
        self.cancel_button.setVisible(running)

    @Slot()
    def _on_extract_triggered(self) -> None:
        if self.task is not None:
            return
        targets, session = self._targets, self._session
        program_code = self.program_combo.currentData()
        fiscal_year = int(self.year_combo.currentData())

        def work(progress: Progress) -> Extraction:
            return targets.extract(
                session,
                program_code=program_code,
                fiscal_year=fiscal_year,
                progress=progress,
                cancelled=progress.cancelled,
            )

        self._say(t(RUNNING_TEXT))
        self.progress_bar.setRange(0, 0)  # busy until the first report gives a total
        self._show_running(True)
        self.task = run_in_background(
            self, work, on_done=self._on_extraction_done, on_error=self._on_extraction_failed
        )
        self.task.progress.connect(self._on_progress)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.progress_bar.setFormat(t("{done:,} / {total:,}人").format(done=done, total=total))

    @Slot()
    def _on_cancel_triggered(self) -> None:
        """Stop at once: the work ends at its next check and whatever it returns is dropped."""
        if self.task is None:
            return
        self.task.cancel()
        self._finish(t(CANCELLED_TEXT))

    def _finish(self, status: str) -> None:
        self.task = None
        self._show_running(False)
        self._say(status)
        self.extract_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_extraction_done(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.model.set_rows(extraction.programs)
        self.summary_label.setText(summary_text(extraction))
        self._fit_table()
        self.table.show()
        self._finish("")

    def _say(self, status: str, error: str = "") -> None:
        """Empty labels are hidden, so they leave no gap above the table."""
        for label, text in ((self.status_label, status), (self.error_label, error)):
            label.setText(text)
            label.setVisible(bool(text))

    def _fit_table(self) -> None:
        """As wide and tall as its ten rows: numbers sit next to their program, not far right."""
        self.table.resizeColumnsToContents()
        for column in range(1, self.model.columnCount()):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), NUMBER_WIDTH))
        frame = 2 * self.table.frameWidth()
        self.table.setFixedWidth(self.table.horizontalHeader().length() + frame)
        widgets.fit_to_rows(self.table)

    def _on_extraction_failed(self, error: BaseException) -> None:
        self._finish("")
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self._say("", t(error.message))
        else:
            raise error
