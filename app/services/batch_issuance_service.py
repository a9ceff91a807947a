"""Batch issuance (一括発行): a program's targets in postal order, printed chunk by chunk;
a chunk counts as done only once printed, so a cancel or a jam resumes where it stopped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.documents.model import VoucherDocument
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.issuance_service import NoVoucherSerials, issue_voucher, voucher_document
from app.services.lookup_dto import ResidentRow
from app.services.lookup_service import row_of
from app.services.ports import Clock
from app.services.resident_facts import catalogue, eligibility_lines
from app.services.target_service import TargetService
from app.store.orm_vouchers import IssuanceRun

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm_vouchers import IssuanceItem
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

MAX_CHUNK = 1000


@dataclass(frozen=True)
class BatchRun:
    id: str
    program_code: str
    program_name: str
    fiscal_year: int
    total: int
    printed: int
    issued_unprinted: int
    support_excluded: int
    already_issued: int
    status: str


@dataclass(frozen=True)
class BatchChunk:
    run_id: str
    item_ids: tuple[str, ...]
    voucher_ids: tuple[str, ...]
    pdf: bytes = field(repr=False)
    pages: int
    first: int
    last: int


class BatchIssuanceService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock, targets: TargetService) -> None:
        self._uow = uow
        self._clock = clock
        self._targets = targets
        self._guard = Guard(uow, clock)

    @requires(Permission.BATCH_ISSUE)
    def plan_batch(
        self,
        session: StaffSession,
        /,
        *,
        program_code: str,
        fiscal_year: int,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> BatchRun:
        """The program's eligible residents, less voucher holders and support-measure residents
        (listed for the supervisor instead), in postal-code order, recorded as a run."""
        extraction = self._targets.extract(
            session,
            program_code=program_code,
            fiscal_year=fiscal_year,
            progress=progress,
            cancelled=cancelled,
        )
        eligible = set(extraction.programs[0].resident_ids)
        with self._uow() as uow:
            holders = uow.vouchers.active_holders(program_code, fiscal_year)
            order = [(rid, s) for rid, s in uow.vouchers.postal_order() if rid in eligible]
            chosen = [rid for rid, support in order if not support and rid not in holders]
            run = IssuanceRun(
                program_code=program_code,
                fiscal_year=fiscal_year,
                created_by=session.staff_id,
                created_at=self._clock.now(),
                support_excluded=sum(s for rid, s in order if rid not in holders),
                already_issued=len(eligible & holders),
                status="open" if chosen else "done",
            )
            uow.vouchers.add_run(run, chosen)
            uow.audit.record(
                staff_id=session.staff_id,
                action="batch_plan",
                record_kind="issuance_run",
                record_id=run.id,
                detail=f"program={program_code} fy={fiscal_year} count={len(chosen)}",
            )
            uow.commit()
            return _view(uow, run)

    @requires(Permission.BATCH_ISSUE)
    def runs(self, session: StaffSession, /) -> list[BatchRun]:
        with self._uow(read_only=True) as uow:
            return [_view(uow, run) for run in uow.vouchers.runs()]

    @requires(Permission.BATCH_ISSUE)
    def next_chunk(
        self, session: StaffSession, /, *, run_id: str, size: int = 200
    ) -> BatchChunk | None:
        """Vouchers for the next residents in postal order, as one PDF; the previous chunk
        again if it was issued but never confirmed printed. None when the run is through."""
        size = max(1, min(size, MAX_CHUNK))
        with self._uow() as uow:
            run = _run(uow, run_id)
            items = uow.vouchers.items(run.id, "issued", size)
            documents = [self._reprint(uow, item) for item in items]
            if not items:
                items, documents = self._issue_next(uow, session, run, size)
            if not items:
                run.status = "done"
                uow.commit()
                return None
            uow.commit()
            from app.documents.vouchers import postcards  # ReportLab loads when printing

            pdf = postcards(documents)
            return BatchChunk(
                run.id,
                tuple(i.id for i in items),
                tuple(i.voucher_id or "" for i in items),
                pdf,
                2 * len(documents),
                items[0].seq,
                items[-1].seq,
            )

    def _reprint(self, uow: SqlAlchemyUnitOfWork, item: IssuanceItem) -> VoucherDocument:
        voucher = uow.vouchers.get(item.voucher_id or "")
        resident = uow.residents.get(item.resident_id)
        assert voucher is not None and resident is not None
        return voucher_document(uow, voucher, resident, None)

    def _issue_next(
        self, uow: SqlAlchemyUnitOfWork, session: StaffSession, run: IssuanceRun, size: int
    ) -> tuple[list[IssuanceItem], list[VoucherDocument]]:
        """Issue the next pending residents; one no longer eligible (moved, died) is skipped."""
        issued: list[IssuanceItem] = []
        documents: list[VoucherDocument] = []
        while len(issued) < size:
            pending = uow.vouchers.items(run.id, "pending", size - len(issued))
            if not pending:
                break
            for item in pending:
                resident = uow.residents.get(item.resident_id)
                try:
                    if resident is None:
                        raise KenshinError("resident gone")
                    voucher, document = issue_voucher(
                        uow, self._clock.now(), session, resident, run.program_code, run.fiscal_year
                    )
                except NoVoucherSerials:
                    raise  # not this resident's ineligibility: the whole chunk waits for a sync
                except KenshinError:
                    item.status = "skipped"
                    continue
                item.status, item.voucher_id = "issued", voucher.id
                issued.append(item)
                documents.append(document)
        return issued, documents

    @requires(Permission.BATCH_ISSUE)
    def confirm_printed(
        self, session: StaffSession, /, *, run_id: str, item_ids: list[str]
    ) -> None:
        with self._uow() as uow:
            run = _run(uow, run_id)
            for item in uow.vouchers.items_by_id(run.id, item_ids):
                if item.status == "issued":
                    item.status = "printed"
            counts = uow.vouchers.item_counts(run.id)
            if not counts.get("pending") and not counts.get("issued"):
                run.status = "done"
            uow.commit()

    @requires(Permission.BATCH_ISSUE)
    def support_list(self, session: StaffSession, /, *, run_id: str) -> list[ResidentRow]:
        """The support-measure residents the run left out, each to be released by hand."""
        with self._uow() as uow:
            run = _run(uow, run_id)
            holders = uow.vouchers.active_holders(run.program_code, run.fiscal_year)
            programs = catalogue(uow)
            rows = [
                row_of(r)
                for r in uow.residents.support_measure_residents()
                if r.id not in holders
                and any(
                    line.eligible and line.program_code == run.program_code
                    for line in eligibility_lines(uow, r, run.fiscal_year, programs)
                )
            ]
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="support_list",
                record_id=run.id,
            )
            uow.commit()
            return rows


def _run(uow: SqlAlchemyUnitOfWork, run_id: str) -> IssuanceRun:
    run = uow.vouchers.run(run_id)
    if run is None:
        raise NotFound("一括発行")
    return run


def _view(uow: SqlAlchemyUnitOfWork, run: IssuanceRun) -> BatchRun:
    counts = uow.vouchers.item_counts(run.id)
    total = counts.get("pending", 0) + counts.get("issued", 0) + counts.get("printed", 0)
    return BatchRun(
        run.id,
        run.program_code,
        get_program(run.program_code).name_ja,
        run.fiscal_year,
        total,
        counts.get("printed", 0),
        counts.get("issued", 0),
        run.support_excluded,
        run.already_issued,
        run.status,
    )
