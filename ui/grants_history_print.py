"""権限の発効・失効の記録 printed by the admin: the PDF, and the printing path it goes through
(checked and recorded by the admin service: an admin may print this history and nothing else)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.documents.grants_history import GrantLine, grants_history
from app.domain.errors import KenshinError
from app.domain.policy import ROLE_NAMES_JA
from app.services.admin_service import AdminService, GrantRecord
from app.services.dto import StaffSession
from ui import printing, widgets
from ui.i18n import N_, t

HISTORY_TITLE = N_("権限の発効・失効の記録")


def history_lines(records: list[GrantRecord]) -> list[GrantLine]:
    now = datetime.now(UTC)

    def state(record: GrantRecord) -> str:
        if record.revoked_at is not None:
            return "取消済"
        if record.valid_until is not None and record.valid_until <= now:
            return "期限切れ"
        return "有効"

    return [
        GrantLine(
            staff_login=r.staff_login,
            staff_name=r.staff_name,
            role_name=ROLE_NAMES_JA[r.role],
            valid_from=r.valid_from,
            valid_until=r.valid_until,
            issued_at=r.issued_at,
            issued_by=r.issued_by,
            revoked_at=r.revoked_at,
            revoked_by=r.revoked_by,
            state=state(r),
        )
        for r in records
    ]


def history_pdf(admin: AdminService, session: StaffSession) -> bytes:
    records = admin.grants_history(session)
    return grants_history(
        history_lines(records),
        printed_at=datetime.now(UTC),
        printed_by=f"{session.display_name}（{session.login_id}）",
    )


def print_history(
    parent: QWidget, admin: AdminService, session: StaffSession, pdf: bytes
) -> str | None:
    """The printing path of ui.printing, checked and recorded by the admin service (an admin
    may print this history and nothing else)."""
    printer = printing.choose_printer(parent)
    if printer is None:
        return None
    writes_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat or bool(
        printer.outputFileName()
    )
    reason = admin.refuses_printer(
        session, printer_name=printer.printerName(), writes_file=writes_file
    )
    if reason is not None:
        widgets.show_error(parent, t(reason))
        return None
    printer.setDocName("kenshin-grants_history")
    document = printing.load_pdf(pdf)
    try:
        pages = paint_history(printer, document)
    finally:
        document.deleteLater()
    name = printer.printerName()
    admin.record_print(
        session, document_kind="grants_history", record_ids=[], pages=pages, printer_name=name
    )
    return printing.sent_text(pages, name)


def paint_history(printer: QPrinter, document: QPdfDocument) -> int:
    """The pages onto the printer (landscape A4, as the document says). Tests replace this."""
    printing.fit_printer_to(printer, document)
    painter = QPainter()
    if not painter.begin(printer):
        raise KenshinError(t(printing.NOT_STARTED))
    try:
        dpi = min(printer.resolution(), printing.MAX_PRINT_DPI)
        return printing.paint_pages(document, painter, printer.newPage, dpi)
    finally:
        painter.end()
