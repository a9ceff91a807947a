"""Issuing a voucher (受診券) at the counter: choose the program, preview, print on paper.

The voucher is recorded when 発行 is pressed; printing is a separate step the clerk may cancel
(a spoilt or unprinted voucher is reissued by a supervisor).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.domain.policy import Permission
from app.domain.wareki import format_fiscal_year
from app.services.dto import StaffSession
from app.services.issuance_service import IssuanceService, IssuedVoucher
from app.services.lookup_dto import ResidentDetail
from app.services.printing_service import PrintingService
from ui import printing
from ui.i18n import N_, t
from ui.lookup_screen import LookupScreen
from ui.screen import ScreenContext
from ui.staff_dialogs import _ServiceDialog

# program code -> the voucher just recorded
IssueVoucher = Callable[[str], IssuedVoucher]
NONE_ELIGIBLE = N_("この年度に受診券を発行できる検診はありません。")
ISSUED_TEXT = N_("受診券 {number}（{program}）を発行しました。")
NOT_PRINTED = N_("印刷していません。再発行は保護責任者が行います。")


class IssueDialog(_ServiceDialog):
    """One eligible program of the open year; `ask` gives the voucher recorded, or None."""

    def __init__(self, parent: QWidget | None, detail: ResidentDetail, issue: IssueVoucher):
        super().__init__(parent, t("受診券の発行"), t("発行(&I)"))
        self._issue = issue
        self.program_combo = QComboBox(self)
        self.program_combo.setAccessibleName(t("検診"))
        for line in detail.eligibility:
            if line.eligible:
                self.program_combo.addItem(t(line.program_name), line.program_code)
        self.submit_field = self.program_combo
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t("{name} さん").format(name=detail.row.name), self))
        form = QFormLayout()
        form.addRow(t("年度"), QLabel(format_fiscal_year(detail.fiscal_year), self))
        program_label = QLabel(t("検診(&K)"), self)
        program_label.setBuddy(self.program_combo)
        form.addRow(program_label, self.program_combo)
        layout.addLayout(form)
        self._finish(layout, self.program_combo)
        if self.program_combo.count() == 0:
            self.error_label.setText(t(NONE_ELIGIBLE))
            self.ok_button.setEnabled(False)
            self.program_combo.setEnabled(False)

    @classmethod
    def ask(
        cls, parent: QWidget | None, detail: ResidentDetail, issue: IssueVoucher
    ) -> IssuedVoucher | None:
        result: IssuedVoucher | None = cls(parent, detail, issue).run()
        return result

    def submit(self) -> None:
        code = self.program_combo.currentData()
        if code is None:
            self.error_label.setText(t(NONE_ELIGIBLE))
            return
        self._call(lambda: self._issue(str(code)))


class VoucherIssuing(QObject):
    """Issues, previews and prints vouchers for the lookup screen's detail pane."""

    def __init__(
        self,
        screen: LookupScreen,
        issuance: IssuanceService,
        printing_service: PrintingService,
        session: StaffSession,
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._issuance = issuance
        self._printing = printing_service
        self._session = session
        screen.detail.offer_issuance()
        screen.detail.issue_requested.connect(self._on_issue_requested)

    @Slot()
    def _on_issue_requested(self) -> None:
        detail = self._screen.detail.detail
        if detail is None:
            return
        issuance, session = self._issuance, self._session

        def issue(program_code: str) -> IssuedVoucher:
            return issuance.issue_one(
                session,
                resident_id=detail.row.id,
                program_code=program_code,
                fiscal_year=detail.fiscal_year,
            )

        ok, issued = self._screen.attempt(lambda: IssueDialog.ask(self._screen, detail, issue))
        if ok and issued is not None:
            self._print(issued)

    def _print(self, issued: IssuedVoucher) -> None:
        label = self._screen.detail.issue_label
        done = t(ISSUED_TEXT).format(number=issued.view.number, program=t(issued.view.program_name))
        label.setText(f"{done}{t(NOT_PRINTED)}")
        status = printing.preview_and_print_voucher(
            self._screen, self._printing, self._session, issued
        )
        if status is not None:
            label.setText(f"{done}{status}")


def with_issuance(screen: LookupScreen, context: ScreenContext) -> LookupScreen:
    """Give the lookup screen's detail its 受診券を発行 action, for counter staff who print."""
    if context.session.may(Permission.PRINT_ONE):
        VoucherIssuing(screen, context.desk.issuance, context.desk.printing, context.session)
    return screen
