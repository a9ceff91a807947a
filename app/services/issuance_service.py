"""Issuing vouchers (受診券): one at the counter, reissue with a reason, void; never automatic
for a resident under a support measure (DV等支援措置) — a supervisor releases each by hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from app.documents.model import Addressee, Office, VoucherDocument, VoucherLine
from app.domain import voucher_number
from app.domain.calendar import fiscal_year_bounds
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.domain.settings import DeskSettings
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.lookup_dto import EligibilityLine
from app.services.ports import Clock
from app.services.reconcile import digest, required_reason
from app.services.resident_facts import catalogue, eligibility_lines
from app.store.orm import Resident
from app.store.orm_vouchers import Voucher

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork


class NoVoucherSerials(KenshinError):
    """The desk's reserved voucher numbers are used up: nothing can be issued until a sync."""

    def __init__(self) -> None:
        super().__init__("受診券番号の在庫がありません。サーバーに接続して同期してください。")


SUPPORT_MEASURE = (
    "支援措置の対象者です。受診券は自動では発行できません。保護責任者が確認のうえ、"
    "現住所あてに個別に発行します。"
)


@dataclass(frozen=True)
class VoucherView:
    id: str
    number: str
    program_name: str
    fiscal_year: int
    status: str
    issued_at: datetime
    reissue: bool


@dataclass(frozen=True)
class IssuedVoucher:
    """A voucher just recorded, its document, and that document as a postcard PDF (bytes in
    memory: it goes to the preview and a printer, never to a file)."""

    view: VoucherView
    document: VoucherDocument
    pdf: bytes = field(repr=False)


class IssuanceService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.PRINT_ONE)
    def issue_one(
        self, session: StaffSession, /, *, resident_id: str, program_code: str, fiscal_year: int
    ) -> IssuedVoucher:
        """A voucher for one eligible resident and program, numbered here."""
        with self._uow() as uow:
            resident = _resident(uow, resident_id)
            if resident.support_measure:
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="issue_refused",
                    record_kind="resident",
                    record_id=resident.id,
                    outcome="denied",
                    detail="support_measure",
                )
                uow.commit()
                raise KenshinError(SUPPORT_MEASURE)
            issued = self._issue(uow, session, resident, program_code, fiscal_year, None, "")
            uow.commit()
            return issued

    @requires(Permission.APPROVE)
    def release_support(
        self,
        session: StaffSession,
        /,
        *,
        resident_id: str,
        program_code: str,
        fiscal_year: int,
        reason: str,
    ) -> IssuedVoucher:
        """A supervisor's release, by hand, of one document for a support-measure resident."""
        text = required_reason(reason)
        with self._uow() as uow:
            resident = _resident(uow, resident_id)
            issued = self._issue(uow, session, resident, program_code, fiscal_year, None, text)
            uow.audit.record(
                staff_id=session.staff_id,
                action="support_release",
                record_kind="voucher",
                record_id=issued.view.id,
                detail=f"sha={digest(text)}",
            )
            uow.commit()
            return issued

    @requires(Permission.APPROVE)
    def reissue(self, session: StaffSession, /, *, voucher_id: str, reason: str) -> IssuedVoucher:
        """A new number for a lost or spoilt voucher; the old one stops counting. Prints 再発行."""
        text = required_reason(reason)
        with self._uow() as uow:
            old = _issued(uow, voucher_id)
            old.status, old.version = "reissued", old.version + 1
            uow.sync_state.add_outbox("voucher", old.id, "update")
            resident = _resident(uow, old.resident_id)
            issued = self._issue(
                uow, session, resident, old.program_code, old.fiscal_year, old.id, text
            )
            uow.commit()
            return issued

    @requires(Permission.APPROVE)
    def void(self, session: StaffSession, /, *, voucher_id: str, reason: str) -> None:
        text = required_reason(reason)
        with self._uow() as uow:
            voucher = _issued(uow, voucher_id)
            voucher.status, voucher.reason = "void", text
            voucher.version += 1
            uow.sync_state.add_outbox("voucher", voucher.id, "update")
            uow.audit.record(
                staff_id=session.staff_id,
                action="voucher_void",
                record_kind="voucher",
                record_id=voucher.id,
                detail=f"sha={digest(text)}",
            )
            uow.commit()

    @requires(Permission.RESIDENT_VIEW)
    def vouchers_of(self, session: StaffSession, /, *, resident_id: str) -> list[VoucherView]:
        with self._uow(read_only=True) as uow:
            return [_view(v) for v in uow.vouchers.of_resident(resident_id)]

    def _issue(
        self,
        uow: SqlAlchemyUnitOfWork,
        session: StaffSession,
        resident: Resident,
        program_code: str,
        fiscal_year: int,
        reissue_of: str | None,
        reason: str,
    ) -> IssuedVoucher:
        voucher, document = issue_voucher(
            uow,
            self._clock.now(),
            session,
            resident,
            program_code,
            fiscal_year,
            reissue_of=reissue_of,
            reason=reason,
        )
        from app.documents.vouchers import postcard_voucher  # ReportLab loads when printing

        return IssuedVoucher(_view(voucher), document, postcard_voucher(document))


def issue_voucher(
    uow: SqlAlchemyUnitOfWork,
    now: datetime,
    session: StaffSession,
    resident: Resident,
    program_code: str,
    fiscal_year: int,
    *,
    reissue_of: str | None = None,
    reason: str = "",
) -> tuple[Voucher, VoucherDocument]:
    """Check, number, record and audit one voucher; its document to print."""
    program = get_program(program_code, catalogue(uow))
    line = _line(uow, resident, program.code, fiscal_year)
    if not line.eligible:
        raise KenshinError(f"{program.name_ja}: {line.message}")
    if reissue_of is None and uow.vouchers.active(resident.id, program.code, fiscal_year):
        raise KenshinError(
            f"{program.name_ja}の受診券は発行済みです。再発行は保護責任者が行います。"
        )
    voucher = Voucher(
        number=_next_number(uow, fiscal_year, now),
        resident_id=resident.id,
        program_code=program.code,
        fiscal_year=fiscal_year,
        issued_at=now,
        issued_by=session.staff_id,
        reissue_of=reissue_of,
        reason=reason,
    )
    uow.vouchers.add(voucher)
    uow.sync_state.add_outbox("voucher", voucher.id, "create")
    uow.audit.record(
        staff_id=session.staff_id,
        action="voucher_reissue" if reissue_of else "voucher_issue",
        record_kind="voucher",
        record_id=voucher.id,
    )
    return voucher, voucher_document(uow, voucher, resident, line)


def voucher_document(
    uow: SqlAlchemyUnitOfWork, voucher: Voucher, resident: Resident, line: EligibilityLine | None
) -> VoucherDocument:
    """The printable voucher, from the record and the register's current address."""
    line = line or _line(uow, resident, voucher.program_code, voucher.fiscal_year)
    settings = DeskSettings.from_mapping(uow.settings.all())
    first, last = fiscal_year_bounds(voucher.fiscal_year)
    return VoucherDocument(
        number=voucher.number,
        fiscal_year=voucher.fiscal_year,
        programs=(VoucherLine(line.program_name, _fee(line.fee_exempt), line.coupon),),
        addressee=Addressee(resident.name, resident.kana, resident.postal_code, resident.address),
        birth_date=resident.birth_date,
        sex=resident.sex,
        valid_from=max(voucher.issued_at.astimezone().date(), first),
        valid_until=last,
        reissue=voucher.reissue_of is not None,
        office=_office(settings),
    )


def _line(
    uow: SqlAlchemyUnitOfWork, resident: Resident, program_code: str, fiscal_year: int
) -> EligibilityLine:
    lines = eligibility_lines(uow, resident, fiscal_year, catalogue(uow))
    return next(ln for ln in lines if ln.program_code == program_code)


def _next_number(uow: SqlAlchemyUnitOfWork, fiscal_year: int, now: datetime) -> str:
    """An enrolled desk numbers from the blocks the server reserved for it (the server keeps
    numbers unique across desks); a standalone desk counts on from its own last number."""
    if uow.sync.device() is not None:
        serial = uow.sync.take_serial(fiscal_year, now)
        if serial is None:
            raise NoVoucherSerials()
        return voucher_number.make(fiscal_year, serial)
    prefix = f"{fiscal_year % 100:02d}"
    last = uow.vouchers.last_number(prefix)
    serial = int(last[2:10]) + 1 if last else 1
    return voucher_number.make(fiscal_year, serial)


def _fee(exempt: bool) -> str:
    return "自己負担なし（免除）" if exempt else "自己負担あり（金額は同封のご案内のとおり）"


def _office(settings: DeskSettings) -> Office:
    return Office(
        settings.office_name, settings.office_address, settings.office_phone, settings.office_hours
    )


def _view(voucher: Voucher) -> VoucherView:
    name = get_program(voucher.program_code).name_ja
    return VoucherView(
        voucher.id,
        voucher.number,
        name,
        voucher.fiscal_year,
        voucher.status,
        voucher.issued_at,
        voucher.reissue_of is not None,
    )


def _resident(uow: SqlAlchemyUnitOfWork, resident_id: str) -> Resident:
    resident = uow.residents.get(resident_id)
    if resident is None:
        raise NotFound("住民")
    return resident


def _issued(uow: SqlAlchemyUnitOfWork, voucher_id: str) -> Voucher:
    voucher = uow.vouchers.get(voucher_id)
    if voucher is None or voucher.status != "issued":
        raise NotFound("有効な受診券")
    return voucher
