"""Printing is the only way out: every print is recorded; file-writing printers are refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.settings import DeskSettings
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

DOCUMENT_KINDS = {
    "voucher_postcard": "受診券（はがき）",
    "voucher_a4": "受診券（A4）",
    "invitation": "受診勧奨",
    "reminder": "精検受診勧奨",
    "result": "結果通知",
    "grants_history": "権限の発効・失効の記録",
    "statistics": "地域保健・健康増進事業報告",
}
FILE_PRINTER = (
    "このプリンターはファイルに出力するため使えません（{name}）。"
    "紙に印刷するプリンターを選んでください。"
)


class PrintingService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._guard = Guard(uow, clock)

    @requires(Permission.PRINT_ONE)
    def refuses_printer(
        self, session: StaffSession, /, *, printer_name: str, writes_file: bool
    ) -> str | None:
        """Why this printer may not be used (Japanese), or None. A printer that writes a file,
        or whose name is on the settings' list of file printers, would be a file export."""
        return file_printer_refusal(self._uow, printer_name, writes_file=writes_file)

    @requires(Permission.PRINT_ONE)
    def record_print(
        self,
        session: StaffSession,
        /,
        *,
        document_kind: str,
        record_ids: list[str],
        pages: int,
        printer_name: str,
    ) -> None:
        """The audit of one print job: kind, records (ids only), pages and printer."""
        if document_kind not in DOCUMENT_KINDS:
            raise KenshinError("印刷する文書の種類が不明です。")
        with self._uow() as uow:
            for record_id in record_ids or [""]:
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="print",
                    record_kind=document_kind,
                    record_id=record_id or None,
                    detail=f"pages={pages} printer={printer_name[:60]}",
                )
            uow.commit()


def file_printer_refusal(
    uow: UnitOfWorkFactory, printer_name: str, *, writes_file: bool
) -> str | None:
    """Why this printer would be a file export (Japanese), or None: it writes a file, has no
    name, or its name holds one of the settings' file printers."""
    with uow(read_only=True) as work:
        names = DeskSettings.from_mapping(work.settings.all()).file_printer_names
    lowered = printer_name.casefold()
    if writes_file or not printer_name.strip() or any(n.casefold() in lowered for n in names):
        return FILE_PRINTER.format(name=printer_name[:60] or "名前なし")
    return None
