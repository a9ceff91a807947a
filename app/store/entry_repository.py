"""Batches, paper forms, entries and adjudications of the double-entry workflow."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store.orm import ScreeningResult
from app.store.orm_forms import Adjudication, CorrectionRequest, FormBatch, FormEntry, PaperForm
from app.store.orm_vouchers import Voucher


class SqlAlchemyEntryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, row: object) -> None:
        self._session.add(row)
        self._session.flush()

    def batch(self, batch_id: str) -> FormBatch | None:
        return self._session.get(FormBatch, batch_id)

    def batches(self) -> list[FormBatch]:
        query = select(FormBatch).order_by(FormBatch.month.desc(), FormBatch.clinic_code)
        return list(self._session.scalars(query))

    def form(self, form_id: str) -> PaperForm | None:
        return self._session.get(PaperForm, form_id)

    def form_by_number(self, batch_id: str, form_no: int) -> PaperForm | None:
        query = select(PaperForm).where(
            PaperForm.batch_id == batch_id, PaperForm.form_no == form_no
        )
        return self._session.scalars(query).first()

    def forms(self, batch_id: str) -> list[PaperForm]:
        query = select(PaperForm).where(PaperForm.batch_id == batch_id).order_by(PaperForm.form_no)
        return list(self._session.scalars(query))

    def forms_with_status(self, *statuses: str) -> list[PaperForm]:
        query = select(PaperForm).where(PaperForm.status.in_(statuses)).order_by(PaperForm.id)
        return list(self._session.scalars(query))

    def entry(self, entry_id: str) -> FormEntry | None:
        return self._session.get(FormEntry, entry_id)

    def entries(self, form_id: str) -> dict[int, FormEntry]:
        rows = self._session.scalars(select(FormEntry).where(FormEntry.form_id == form_id))
        return {row.entry_no: row for row in rows}

    def entry_counts(self, batch_id: str) -> dict[tuple[int, str], int]:
        """(entry number, status) → count, for the batch's reconciliation."""
        query = (
            select(FormEntry.entry_no, FormEntry.status, func.count())
            .join(PaperForm, PaperForm.id == FormEntry.form_id)
            .where(PaperForm.batch_id == batch_id)
            .group_by(FormEntry.entry_no, FormEntry.status)
        )
        return {(no, status): int(n) for no, status, n in self._session.execute(query)}

    def adjudications(self, form_id: str) -> dict[str, Adjudication]:
        """The form's current adjudications by field; returned ones stay on record, not here."""
        query = select(Adjudication).where(
            Adjudication.form_id == form_id, Adjudication.decision != "returned"
        )
        return {row.field: row for row in self._session.scalars(query)}

    def settled_adjudications(self) -> list[Adjudication]:
        query = select(Adjudication).where(Adjudication.decision == "accepted")
        return list(self._session.scalars(query))

    def keyed_entries(self) -> list[tuple[str, str, str, str]]:
        """(staff id, program, month, form id) of every submitted entry."""
        query = (
            select(FormEntry.staff_id, FormBatch.program_code, FormBatch.month, FormEntry.form_id)
            .join(PaperForm, PaperForm.id == FormEntry.form_id)
            .join(FormBatch, FormBatch.id == PaperForm.batch_id)
            .where(FormEntry.status == "submitted")
        )
        return [tuple(row) for row in self._session.execute(query)]  # type: ignore[misc]

    def result(self, result_id: str) -> ScreeningResult | None:
        return self._session.get(ScreeningResult, result_id)

    def delete_result(self, result: ScreeningResult) -> None:
        self._session.delete(result)
        self._session.flush()

    def correction(self, request_id: str) -> CorrectionRequest | None:
        return self._session.get(CorrectionRequest, request_id)

    def pending_corrections(self) -> list[CorrectionRequest]:
        query = select(CorrectionRequest).where(CorrectionRequest.status == "pending")
        return list(self._session.scalars(query.order_by(CorrectionRequest.requested_at)))

    def work_counts(self, staff_id: str) -> dict[str, int]:
        """The home screen's queue: forms waiting for a first or second entry, in review,
        this clerk's returned entries, and corrections waiting for approval."""
        entries = select(FormEntry.form_id, FormEntry.entry_no).where(
            FormEntry.status == "submitted"
        )
        done = {(form_id, no) for form_id, no in self._session.execute(entries)}
        open_forms = list(
            self._session.scalars(select(PaperForm.id).where(PaperForm.status == "keying"))
        )
        returned = select(func.count()).where(
            FormEntry.staff_id == staff_id, FormEntry.status == "returned"
        )
        return {
            "first": sum((form_id, 1) not in done for form_id in open_forms),
            "second": sum((form_id, 2) not in done for form_id in open_forms),
            "review": len(self.forms_with_status("review")),
            "returned_to_me": int(self._session.scalar(returned) or 0),
            "corrections": len(self.pending_corrections()),
        }

    def voucher(self, number: str) -> Voucher | None:
        return self._session.scalars(select(Voucher).where(Voucher.number == number)).first()
