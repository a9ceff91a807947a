"""A resident's vouchers (受診券) in the lookup detail, and a supervisor's actions on them:
再発行 (a new number, printed 再発行), 取消, and the release by hand of a voucher for a
resident under a support measure. Each action needs a reason; the new voucher is previewed and
printed on paper like one issued at the counter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.policy import Permission
from app.domain.wareki import format_fiscal_year
from app.services.dto import StaffSession
from app.services.issuance_service import IssuanceService, IssuedVoucher, VoucherView
from app.services.lookup_dto import ResidentDetail
from app.services.printing_service import PrintingService
from app.services.reconcile import MAX_REASON
from ui import printing, widgets
from ui.i18n import N_, t
from ui.lookup_screen import LookupScreen
from ui.resident_detail import _fit
from ui.screen import ScreenContext
from ui.staff_dialogs import _ServiceDialog
from ui.table_model import Column, RowTableModel, local_time_text

STATUS_LABELS = {"issued": N_("発行済"), "reissued": N_("再発行済"), "void": N_("取消")}
REASON_REQUIRED = N_("理由を入力してください。")
NO_PROGRAM = N_("この年度に発行できる検診はありません。")
NOT_PRINTED = N_("印刷していません。")
# (program code or None, reason) -> what the service returns
VoucherCall = Callable[[str | None, str], Any]


def status_text(view: VoucherView) -> str:
    shown = t(STATUS_LABELS.get(view.status, view.status))
    return (
        t("{status}（再発行）").format(status=shown)
        if view.reissue and view.status == "issued"
        else shown
    )


class VoucherTableModel(RowTableModel):
    """A resident's vouchers, as the service lists them."""

    columns = (
        Column(N_("番号"), lambda v: v.number),
        Column(N_("検診"), lambda v: t(v.program_name)),
        Column(
            N_("年度"),
            lambda v: format_fiscal_year(v.fiscal_year),
            sort_key=lambda v: v.fiscal_year,
        ),
        Column(N_("状態"), status_text),
        Column(
            N_("発行日時"),
            lambda v: local_time_text(v.issued_at),
            sort_key=lambda v: v.issued_at.isoformat(),
        ),
    )


class ReasonDialog(_ServiceDialog):
    """A required reason (and, to release a voucher, the program); `ask` gives the result."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        intro: str,
        call: VoucherCall,
        programs: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(parent, title, t("実行する(&O)"))
        self._call_with = call
        self.program_combo: QComboBox | None = None
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setAccessibleName(t("理由"))
        self.submit_field = self.reason_edit
        layout = QVBoxLayout(self)
        intro_label = QLabel(intro, self)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        form = QFormLayout()
        fields: list[QWidget] = []
        if programs is not None:
            self.program_combo = QComboBox(self)
            self.program_combo.setAccessibleName(t("検診"))
            for code, name in programs:
                self.program_combo.addItem(t(name), code)
            program_label = QLabel(t("検診(&K)"), self)
            program_label.setBuddy(self.program_combo)
            form.addRow(program_label, self.program_combo)
            fields.append(self.program_combo)
        reason_label = QLabel(t("理由(&R)（必須）"), self)
        reason_label.setBuddy(self.reason_edit)
        form.addRow(reason_label, self.reason_edit)
        layout.addLayout(form)
        self._finish(layout, *fields, self.reason_edit)
        if programs is not None and not programs:
            self.error_label.setText(t(NO_PROGRAM))
            self.ok_button.setEnabled(False)

    def submit(self) -> None:
        code = None
        if self.program_combo is not None:
            code = self.program_combo.currentData()
            if code is None:
                self.error_label.setText(t(NO_PROGRAM))
                return
        reason = self.reason_edit.text()
        if not reason.strip():
            self.error_label.setText(t(REASON_REQUIRED))
            self.reason_edit.setFocus()
            return
        self._call(lambda: self._call_with(code, reason))


class VoucherActions(QObject):
    """Fills the detail pane's voucher area; the actions are built for supervisors only."""

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
        area = screen.detail.voucher_area
        self.model = VoucherTableModel(parent=area)
        # Built like the pane's other tables: no scroll bars, 検診 takes the width left.
        self.table = screen.detail._table(self.model, t("受診券"), 1)  # type: ignore[arg-type]
        self.none_label = QLabel(t("発行した受診券はありません。"), area)
        self.status_label = QLabel(area)
        self.status_label.setStyleSheet(widgets.OK_STYLE)
        self.status_label.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        supervisor = session.may(Permission.APPROVE)
        self.reissue_button = self._button(area, t("再発行…"), self._on_reissue, supervisor)
        self.void_button = self._button(area, t("取消…"), self._on_void, supervisor)
        self.release_button = self._button(
            area, t("支援措置対象者へ個別発行…"), self._on_release, supervisor
        )
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addWidget(self.status_label, 1)
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widgets.heading(t("受診券"), area, scale=1.1))
        layout.addWidget(self.none_label)
        layout.addWidget(self.table)
        layout.addLayout(row)
        area.show()
        screen.detail.shown.connect(self._on_shown)
        # Connected after the counter's 受診券を発行, so the list is read once that is done.
        screen.detail.issue_requested.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self._on_shown(screen.detail.detail)

    def _button(
        self, parent: QWidget, text: str, slot: Callable[[], None], offered: bool
    ) -> QPushButton:
        button = QPushButton(text, parent)
        button.setAutoDefault(False)
        button.setEnabled(False)
        button.setVisible(offered)
        button.clicked.connect(slot)
        if offered:
            self.buttons.append(button)
        return button

    @Slot(object)
    def _on_shown(self, _detail: ResidentDetail | None) -> None:
        self.status_label.clear()
        self.reload()

    @Slot()
    def reload(self) -> None:
        detail = self._screen.detail.detail
        vouchers: list[VoucherView] = []
        if detail is not None:
            ok, found = self._screen.attempt(
                lambda: self._issuance.vouchers_of(self._session, resident_id=detail.row.id)
            )
            vouchers = found if ok and found else []
        self.model.set_rows(vouchers)
        self.table.setVisible(bool(vouchers))
        self.none_label.setVisible(not vouchers)
        _fit(self.table)
        support = detail is not None and detail.row.support_measure
        self.release_button.setVisible(support and self.release_button in self.buttons)
        self.release_button.setEnabled(support)
        self._update_actions()

    def selected(self) -> VoucherView | None:
        """The voucher under the cursor, if it still counts (only those can be changed)."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        view: VoucherView = self.model.row_at(index.row())
        return view if view.status == "issued" else None

    @Slot()
    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.reissue_button.setEnabled(chosen)
        self.void_button.setEnabled(chosen)

    @Slot()
    def _on_reissue(self) -> None:
        view = self.selected()
        if view is None:
            return
        issuance, session = self._issuance, self._session
        intro = t("受診券 {number}（{program}）を無効にし、新しい番号で再発行します。").format(
            number=view.number, program=t(view.program_name)
        )
        ok, issued = self._ask(
            t("受診券の再発行"),
            intro,
            lambda _code, reason: issuance.reissue(session, voucher_id=view.id, reason=reason),
        )
        if ok and issued is not None:
            self._print(
                issued, t("受診券 {number} を再発行しました。").format(number=issued.view.number)
            )

    @Slot()
    def _on_void(self) -> None:
        view = self.selected()
        if view is None:
            return
        issuance, session = self._issuance, self._session
        intro = t("受診券 {number}（{program}）を取り消します。").format(
            number=view.number, program=t(view.program_name)
        )

        def void(_code: str | None, reason: str) -> bool:
            issuance.void(session, voucher_id=view.id, reason=reason)
            return True

        ok, done = self._ask(t("受診券の取消"), intro, void)
        if ok and done:
            self.status_label.setText(
                t("受診券 {number} を取り消しました。").format(number=view.number)
            )

    @Slot()
    def _on_release(self) -> None:
        detail = self._screen.detail.detail
        if detail is None or not detail.row.support_measure:
            return
        issuance, session = self._issuance, self._session
        programs = [(e.program_code, t(e.program_name)) for e in detail.eligibility if e.eligible]
        intro = t(
            "{name} さんは支援措置の対象者です。住所を確かめたうえで、"
            "{year}の受診券を個別に発行します。"
        ).format(name=detail.row.name, year=format_fiscal_year(detail.fiscal_year))

        def release(code: str | None, reason: str) -> IssuedVoucher:
            return issuance.release_support(
                session,
                resident_id=detail.row.id,
                program_code=str(code),
                fiscal_year=detail.fiscal_year,
                reason=reason,
            )

        ok, issued = self._ask(t("支援措置対象者への個別発行"), intro, release, programs)
        if ok and issued is not None:
            self._print(
                issued,
                t("受診券 {number} を個別に発行しました。").format(number=issued.view.number),
            )

    def _ask(
        self,
        title: str,
        intro: str,
        call: VoucherCall,
        programs: list[tuple[str, str]] | None = None,
    ) -> tuple[bool, Any]:
        """The reason dialog; the list is read again whatever was done (or refused)."""
        try:
            return self._screen.attempt(
                lambda: ReasonDialog(self._screen, title, intro, call, programs).run()
            )
        finally:
            self.reload()

    def _print(self, issued: IssuedVoucher, done: str) -> None:
        self.status_label.setText(f"{done}{t(NOT_PRINTED)}")
        status = printing.preview_and_print_voucher(
            self._screen, self._printing, self._session, issued
        )
        if status is not None:
            self.status_label.setText(f"{done}{status}")


def with_voucher_actions(screen: LookupScreen, context: ScreenContext) -> LookupScreen:
    """Show a resident's vouchers in the lookup detail; supervisors may reissue, void and
    release one for a resident under a support measure."""
    if context.session.may(Permission.RESIDENT_VIEW):
        VoucherActions(screen, context.desk.issuance, context.desk.printing, context.session)
    return screen
