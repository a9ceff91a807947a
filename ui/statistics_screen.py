"""統計: the 地域保健・健康増進事業報告 table of one program and fiscal year, for a supervisor.

Counts only, by sex and 5-year age band; made off the GUI thread (it reads the register), shown
on screen and printed through the printing path (never a file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.screening_report import Cells, bands
from app.domain.wareki import format_fiscal_year
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.printing_service import PrintingService
from app.services.statistics_service import StatisticsReport, StatisticsService
from app.services.target_service import TargetService
from ui import widgets
from ui.background import BackgroundTask, Progress, run_in_background
from ui.i18n import N_, t
from ui.printing import PreviewDialog, print_pdf
from ui.screen import Screen
from ui.table_model import Column, RowTableModel, local_time_text

RUNNING_TEXT = N_("集計中…（住民記録全体を確認しています）")
NOTE_TEXT = N_(
    "年齢は各検診の基準日の年齢。精検は確認済みの精検結果から集計し、未入力は未把握に数えます。"
    "2年度に1回の検診の受診率は（前年度＋当該年度−2年連続）の受診者で計算します。"
)


@dataclass(frozen=True)
class Line:
    label: str
    cells: Cells


def _n(name: str) -> Column:
    return Column(
        {
            "targets": N_("対象者"), "first_time": N_("初回"), "repeat": N_("非初回"),
            "examinees": N_("受診者計"), "needs_followup": N_("要精検"), "attended": N_("精検受診"),
            "not_attended": N_("精検未受診"), "unknown": N_("精検未把握"), "cancer": N_("がん"),
            "suspected": N_("がんの疑い又は未確定"), "normal": N_("異常認めず"),
            "other": N_("がん以外の疾患"),
        }[name],
        lambda line: f"{getattr(line.cells, name):,}",
        lambda line: int(getattr(line.cells, name)),
        numeric=True,
    )  # fmt: skip


class StatisticsTableModel(RowTableModel):
    columns = (
        Column(N_("性別・年齢"), lambda line: line.label),
        *(_n(name) for name in (
            "targets", "first_time", "repeat", "examinees", "needs_followup", "attended",
            "not_attended", "unknown", "cancer", "suspected", "normal", "other",
        )),
    )  # fmt: skip


def lines_of(made: StatisticsReport) -> list[Line]:
    report, lines = made.report, []
    for sex, sex_label in (("M", t("男")), ("F", t("女"))):
        for band in bands(made.youngest):
            lines.append(Line(f"{sex_label}　{band}", report.rows.get((sex, band), Cells())))
        lines.append(Line(t("{sex}　計").format(sex=sex_label), report.total(sex)))
    lines.append(Line(t("合計"), report.total()))
    return lines


def rate_text(made: StatisticsReport) -> str:
    rate = made.report.rate
    if rate is None:
        return ""
    low, high = rate.ages
    shown = t("—（対象者がいません）") if rate.percent is None else f"{rate.percent:.1f}%"
    return t(
        "{program}　{year}　受診率（{low}〜{high}歳）: {rate}"
        "（受診者 {examinees:,} ÷ 対象者 {targets:,}）"
    ).format(
        program=t(made.program_name),
        year=format_fiscal_year(made.fiscal_year),
        low=low,
        high=high,
        rate=shown,
        examinees=rate.examinees,
        targets=rate.targets,
    )


class StatisticsScreen(Screen):
    def __init__(
        self,
        statistics: StatisticsService,
        targets: TargetService,
        printing: PrintingService,
        session: StaffSession,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._statistics, self._targets, self._printing = statistics, targets, printing
        self._session = session
        self.task: BackgroundTask | None = None
        self.made: StatisticsReport | None = None
        self.program_combo = QComboBox(self)
        self.program_combo.setAccessibleName(t("検診"))
        self.year_combo = QComboBox(self)
        self.year_combo.setAccessibleName(t("年度"))
        this_year = fiscal_year_of(today or date.today())
        for year in (this_year, this_year - 1, this_year - 2):
            self.year_combo.addItem(format_fiscal_year(year), year)
        self.run_action = widgets.screen_action(self, t("集計(&R)"), "Ctrl+R")
        self.saved_action = widgets.screen_action(self, t("保存済みを表示(&S)"), "Ctrl+L")
        self.print_action = widgets.screen_action(self, t("印刷(&P)…"), "Ctrl+P")
        self.print_action.setEnabled(False)
        self.run_button = widgets.action_button(self, self.run_action)
        self.saved_button = widgets.action_button(self, self.saved_action)
        self.print_button = widgets.action_button(self, self.print_action)
        self.status_label = QLabel(self)
        self.error_label = widgets.error_label(self)
        self.model = StatisticsTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(t("集計表"))
        self.rate_label = QLabel(self)
        self.note_label = QLabel(t(NOTE_TEXT), self)
        self.note_label.setWordWrap(True)
        self._build()
        self.run_action.triggered.connect(self._on_run)
        self.saved_action.triggered.connect(self._on_saved)
        self.print_action.triggered.connect(self._on_print)

    def _build(self) -> None:
        criteria = QHBoxLayout()
        for text, combo in ((t("検診(&K)"), self.program_combo), (t("年度(&Y)"), self.year_combo)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            criteria.addWidget(label)
            criteria.addWidget(combo)
        criteria.addWidget(self.run_button)
        criteria.addWidget(self.saved_button)
        criteria.addWidget(self.print_button)
        criteria.addWidget(self.status_label)
        criteria.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("統計（地域保健・健康増進事業報告）"), self))
        layout.addLayout(criteria)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.note_label)
        widgets.chain_tab_order(
            self.program_combo,
            self.year_combo,
            self.run_button,
            self.saved_button,
            self.print_button,
            self.table,
        )
        self._say("")

    def refresh(self) -> None:
        if self.program_combo.count():
            return
        ok, programs = self.attempt(lambda: self._targets.programs(self._session))
        for code, name in programs if ok and programs else []:
            self.program_combo.addItem(t(name), code)

    def _say(self, status: str, error: str = "") -> None:
        for label, text in ((self.status_label, status), (self.error_label, error)):
            label.setText(text)
            label.setVisible(bool(text))

    @Slot()
    def _on_run(self) -> None:
        if self.task is not None or self.program_combo.currentData() is None:
            return
        statistics, session = self._statistics, self._session
        program_code = str(self.program_combo.currentData())
        fiscal_year = int(self.year_combo.currentData())

        def work(_progress: Progress) -> StatisticsReport:
            return statistics.program_report(
                session, program_code=program_code, fiscal_year=fiscal_year
            )

        self.run_action.setEnabled(False)
        self._say(t(RUNNING_TEXT))
        self.task = run_in_background(self, work, on_done=self._on_done, on_error=self._on_failed)

    @Slot()
    def _on_saved(self) -> None:
        """The last report made of this program and year, with the counts it had then."""
        if self.program_combo.currentData() is None:
            return
        program_code = str(self.program_combo.currentData())
        fiscal_year = int(self.year_combo.currentData())
        ok, made = self.attempt(
            lambda: self._statistics.saved(
                self._session, program_code=program_code, fiscal_year=fiscal_year
            )
        )
        if not ok:
            return
        if made is None:
            self._say("", t("この検診・年度の集計はまだ作成されていません。"))
            return
        self._on_done(made)

    def _on_done(self, made: StatisticsReport) -> None:
        self.task, self.made = None, made
        self.model.set_rows(lines_of(made))
        self.table.resizeColumnsToContents()
        when = (
            t("　（作成 {made}）").format(made=local_time_text(made.made_at))
            if made.made_at
            else ""
        )
        self.rate_label.setText(rate_text(made) + when)
        self.run_action.setEnabled(True)
        self.print_action.setEnabled(True)
        self._say("")

    def _on_failed(self, error: BaseException) -> None:
        self.task = None
        self.run_action.setEnabled(True)
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self._say("", t(error.message))
        else:
            raise error

    @Slot()
    def _on_print(self) -> None:
        if self.made is None:
            return
        made = self.made
        ok, pdf = self.attempt(lambda: self._statistics.printable(self._session, made=made))
        if not ok or pdf is None or not PreviewDialog.ask(self, pdf, t("統計の印刷")):
            return
        key = f"{made.program_code}:{made.fiscal_year}"
        message = print_pdf(
            self, self._printing, self._session, pdf, document_kind="statistics", record_ids=[key]
        )
        if message:
            self._say(message)
