"""受診勧奨: notices to residents who were referred and have not reported (精検受診勧奨), or who
are eligible and have not come for two years (受診勧奨). A supervisor shows them and prints.

Only counts and programs are shown, never names: the names are needed on paper only, and the
service puts them there. Residents under a support measure are never included; they are
counted so the supervisor knows to handle them by hand.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.wareki import format_date, format_fiscal_year
from app.services.dto import StaffSession
from app.services.errors import SessionEnded
from app.services.printing_service import PrintingService
from app.services.reminder_service import Candidates, ReminderCandidate, ReminderService
from app.services.target_service import TargetService
from ui import printing, widgets
from ui.background import BackgroundTask, Progress, run_in_background
from ui.i18n import N_, t
from ui.screen import Screen
from ui.table_model import Column, RowTableModel

KINDS = (("reminder", N_("精検受診勧奨")), ("invitation", N_("受診勧奨")))
PREVIEW_NOTICES = 5  # the preview shows the first notices only; printing sends them all
RUNNING_TEXT = N_("対象者を探しています…")
COUNT_TEXT = N_("{count:,}件（支援措置 {excluded:,}件を除く）")
NONE_TEXT = N_("印刷する通知がありません。")


def _screened(candidate: ReminderCandidate) -> str:
    return format_date(candidate.screened_on) if candidate.screened_on else "—"


def _screened_key(candidate: ReminderCandidate) -> str:
    return candidate.screened_on.isoformat() if candidate.screened_on else ""


class ReminderTableModel(RowTableModel):
    """One row per notice to print: the program and, for a referral, the screening date."""

    columns = (
        Column(N_("検診"), lambda c: t(c.program_name)),
        Column(N_("受診日"), _screened, sort_key=_screened_key),
    )


def count_text(candidates: Candidates) -> str:
    return t(COUNT_TEXT).format(count=len(candidates.items), excluded=candidates.support_excluded)


class RemindersScreen(Screen):
    def __init__(
        self,
        reminders: ReminderService,
        printing_service: PrintingService,
        targets: TargetService,
        session: StaffSession,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._printing = printing_service
        self._targets = targets
        self._session = session
        self.task: BackgroundTask | None = None
        self.candidates: Candidates | None = None
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(t("通知の種類"))
        for code, name in KINDS:
            self.kind_combo.addItem(t(name), code)
        self.program_combo = QComboBox(self)
        self.program_combo.setAccessibleName(t("検診"))
        self.year_combo = QComboBox(self)
        self.year_combo.setAccessibleName(t("年度"))
        this_year = fiscal_year_of(today or date.today())
        for year in (this_year, this_year + 1):
            self.year_combo.addItem(format_fiscal_year(year), year)
        self.program_label = QLabel(t("検診(&K)"), self)
        self.program_label.setBuddy(self.program_combo)
        self.year_label = QLabel(t("年度(&Y)"), self)
        self.year_label.setBuddy(self.year_combo)
        self.show_action = widgets.screen_action(self, t("対象者を表示(&S)"), "Ctrl+E")
        self.preview_action = widgets.screen_action(self, t("プレビュー(&V)"), "Ctrl+Shift+V")
        self.print_action = widgets.screen_action(self, t("印刷(&P)"), "Ctrl+P")
        self.show_button = widgets.action_button(self, self.show_action)
        self.preview_button = widgets.action_button(self, self.preview_action)
        self.print_button = widgets.action_button(self, self.print_action)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(t("件数"))
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet(widgets.OK_STYLE)
        self.error_label = widgets.error_label(self)
        self.model = ReminderTableModel(parent=self)
        self.table = widgets.SafeTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAccessibleName(t("通知の対象"))
        self._build()
        self._show_candidates(None)
        self._on_kind_changed()
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.program_combo.currentIndexChanged.connect(self._on_criteria_changed)
        self.year_combo.currentIndexChanged.connect(self._on_criteria_changed)
        self.show_action.triggered.connect(self._on_show_triggered)
        self.preview_action.triggered.connect(self._on_preview_triggered)
        self.print_action.triggered.connect(self._on_print_triggered)

    def _build(self) -> None:
        criteria = QHBoxLayout()
        kind_label = QLabel(t("種類(&T)"), self)
        kind_label.setBuddy(self.kind_combo)
        for widget in (
            kind_label,
            self.kind_combo,
            self.program_label,
            self.program_combo,
            self.year_label,
            self.year_combo,
            self.show_button,
        ):
            criteria.addWidget(widget)
        criteria.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(widgets.heading(t("受診勧奨"), self))
        layout.addLayout(criteria)
        layout.addWidget(self.error_label)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        widgets.chain_tab_order(
            self.kind_combo,
            self.program_combo,
            self.year_combo,
            self.show_button,
            self.preview_button,
            self.print_button,
            self.table,
        )

    def refresh(self) -> None:
        if self.program_combo.count():
            return  # the programs do not change while the desk is open
        ok, programs = self.attempt(lambda: self._targets.programs(self._session))
        for code, name in programs if ok and programs else []:
            self.program_combo.addItem(t(name), code)

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    @Slot()
    def _on_kind_changed(self) -> None:
        inviting = self.kind() == "invitation"
        for widget in (self.program_label, self.program_combo, self.year_label, self.year_combo):
            widget.setVisible(inviting)
        self._on_criteria_changed()

    @Slot()
    def _on_criteria_changed(self) -> None:
        """Other criteria, other residents: what was shown must not be printed by mistake."""
        if self.task is None:
            self._show_candidates(None)

    def _show_candidates(self, candidates: Candidates | None) -> None:
        self.candidates = candidates
        self.model.set_rows(candidates.items if candidates else ())
        self.count_label.setText(count_text(candidates) if candidates else "")
        self.table.setVisible(candidates is not None)
        has_items = bool(candidates and candidates.items)
        self.preview_action.setEnabled(has_items)
        self.print_action.setEnabled(has_items)
        self.status_label.clear()

    def _running(self, running: bool) -> None:
        for widget in (self.kind_combo, self.program_combo, self.year_combo):
            widget.setEnabled(not running)
        self.show_action.setEnabled(not running)
        self.error_label.clear()
        self.status_label.setText(t(RUNNING_TEXT) if running else "")

    @Slot()
    def _on_show_triggered(self) -> None:
        if self.task is not None:
            return
        reminders, session = self._reminders, self._session
        program_code = self.program_combo.currentData()
        if self.kind() == "invitation" and program_code is None:
            self.error_label.setText(t("検診を選んでください。"))
            return
        fiscal_year = int(self.year_combo.currentData())
        inviting = self.kind() == "invitation"

        def work(_progress: Progress) -> Candidates:
            if inviting:
                return reminders.invitations(
                    session, program_code=str(program_code), fiscal_year=fiscal_year
                )
            return reminders.follow_ups(session)

        self._show_candidates(None)
        self._running(True)
        self.task = run_in_background(self, work, on_done=self._on_done, on_error=self._on_failed)

    def _on_done(self, candidates: Candidates) -> None:
        self.task = None
        self._running(False)
        self._show_candidates(candidates)
        if not candidates.items:
            self.status_label.setText(t(NONE_TEXT))

    def _on_failed(self, error: BaseException) -> None:
        self.task = None
        self._running(False)
        if isinstance(error, SessionEnded):
            self.session_ended.emit(t(error.message))
        elif isinstance(error, KenshinError):
            self.error_label.setText(t(error.message))
        else:
            raise error

    def _notices(self, candidates: Candidates) -> bytes | None:
        ok, pdf = self.attempt(
            lambda: self._reminders.print_notices(self._session, candidates=candidates)
        )
        return pdf if ok else None

    @Slot()
    def _on_preview_triggered(self) -> None:
        """The first few notices as pictures; 印刷 from the preview prints them all."""
        candidates = self.candidates
        if candidates is None or not candidates.items:
            return
        first = replace(candidates, items=candidates.items[:PREVIEW_NOTICES])
        pdf = self._notices(first)
        if pdf is None:
            return
        title = t("{kind}（先頭{count}件）").format(
            kind=self.kind_combo.currentText(), count=len(first.items)
        )
        ok, wanted = self.attempt(lambda: printing.PreviewDialog.ask(self, pdf, title))
        if ok and wanted:
            self._on_print_triggered()

    @Slot()
    def _on_print_triggered(self) -> None:
        candidates = self.candidates
        if candidates is None or not candidates.items:
            return
        pdf = self._notices(candidates)
        if pdf is None:
            return
        ids = [c.resident_id for c in candidates.items]
        ok, status = self.attempt(
            lambda: printing.print_pdf(
                self,
                self._printing,
                self._session,
                pdf,
                document_kind=candidates.kind,
                record_ids=ids,
            )
        )
        self.status_label.setText(status if ok and status else t("印刷していません。"))
