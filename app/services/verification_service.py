"""The supervisor's verification: key each differing field from the paper, then decide."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.forms import FieldInputError, FormSpec, canonical, get_form
from app.domain.identity import IDENTITY_LABELS, canonical_identity_field
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.services.dto import StaffSession
from app.services.entry_dto import Case, FieldComparison, FieldToSettle, QueueItem
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.lookup_dto import ResidentRow
from app.services.lookup_service import row_of
from app.services.ports import Clock
from app.services.reconcile import (
    IDENTITY_PREFIX,
    PROBLEMS,
    digest,
    queue_adjudication,
    required_reason,
    verify,
)

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm_forms import Adjudication, FormBatch, PaperForm
    from app.store.unit_of_work import SqlAlchemyUnitOfWork


class VerificationService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.ADJUDICATE)
    def queue(self, session: StaffSession, /) -> list[QueueItem]:
        """Forms with differences or identity problems, oldest first."""
        with self._uow(read_only=True) as uow:
            items = []
            for form in uow.entries.forms_with_status("review"):
                batch = uow.entries.batch(form.batch_id)
                assert batch is not None
                pending = [
                    a
                    for a in uow.entries.adjudications(form.id).values()
                    if a.decision == "pending"
                ]
                items.append(
                    QueueItem(
                        form.id,
                        f"{batch.clinic_code} {batch.month}",
                        form.form_no,
                        batch.program_code,
                        get_program(batch.program_code).name_ja,
                        len(pending),
                        PROBLEMS.get(form.identity_problem or ""),
                    )
                )
            return items

    @requires(Permission.ADJUDICATE)
    def open_case(self, session: StaffSession, /, *, form_id: str) -> Case:
        """The fields to settle by name only: the supervisor keys each from the paper first."""
        with self._uow() as uow:
            form, batch = self._form(uow, session, form_id)
            spec = get_form(batch.program_code)
            fields = tuple(
                FieldToSettle(
                    a.field,
                    _label(spec, a.field),
                    _hint(spec, a.field),
                    a.blind_value is not None,
                    a.decision,
                )
                for a in uow.entries.adjudications(form.id).values()
                if a.decision == "pending"
            )
            candidates: tuple[ResidentRow, ...] = ()
            if form.identity_problem:
                # Same birth date and sex as keyed: the kana on the paper may be what is wrong.
                identity = uow.entries.entries(form.id)[1].identity
                found = uow.residents.search(
                    birth_date=date.fromisoformat(identity["birth_date"]),
                    sex=identity["sex"],
                    limit=50,
                )
                candidates = tuple(row_of(r) for r in found)
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="paper_form",
                record_id=form.id,
            )
            uow.commit()
            return Case(
                form.id,
                form.form_no,
                batch.program_code,
                get_program(batch.program_code).name_ja,
                fields,
                PROBLEMS.get(form.identity_problem or ""),
                candidates,
            )

    @requires(Permission.ADJUDICATE)
    def key_from_paper(
        self, session: StaffSession, /, *, form_id: str, field: str, value: str
    ) -> FieldComparison:
        """Record the supervisor's blind value; only then are both entries shown."""
        with self._uow() as uow:
            form, batch = self._form(uow, session, form_id)
            row = self._pending(uow, form, field)
            blind = _canonical(batch.program_code, field, value)
            row.blind_value = blind
            row.supervisor_id = session.staff_id
            row.version += 1
            queue_adjudication(uow, row)
            uow.audit.record(
                staff_id=session.staff_id,
                action="blind_value",
                record_kind="adjudication",
                record_id=row.id,
                detail=f"field={field}",
            )
            uow.commit()
            return FieldComparison(
                field,
                row.first_value,
                row.second_value,
                blind,
                row.first_value == blind,
                row.second_value == blind,
            )

    @requires(Permission.ADJUDICATE)
    def settle(
        self,
        session: StaffSession,
        /,
        *,
        form_id: str,
        field: str,
        decision: str,
        reason: str,
        final_value: str | None = None,
    ) -> str:
        """Accept a final value ("accept") or send the field back to both clerks ("return").

        A reason is required. When nothing is left to settle the form is verified (or, if any
        field went back, returned for re-keying of those fields only). Returns the form status.
        """
        reason = required_reason(reason)
        if decision not in ("accept", "return"):
            raise KenshinError("判断は「採用」か「差し戻し」を選んでください。")
        with self._uow() as uow:
            form, batch = self._form(uow, session, form_id)
            row = self._pending(uow, form, field)
            if row.blind_value is None:
                raise KenshinError("先に用紙の値を入力してください。")
            final = _canonical(batch.program_code, field, final_value or row.blind_value)
            row.decision = "accepted" if decision == "accept" else "return_pending"
            row.final_value = final if decision == "accept" else None
            row.reason, row.decided_at = reason, self._clock.now()
            row.version += 1
            queue_adjudication(uow, row)
            uow.audit.record(
                staff_id=session.staff_id,
                action="adjudicate",
                record_kind="adjudication",
                record_id=row.id,
                detail=f"field={field} decision={row.decision} sha={_sha(row)}",
            )
            status = self._advance(uow, form, batch, session.staff_id)
            uow.commit()
            return status

    @requires(Permission.ADJUDICATE)
    def resolve_identity(
        self, session: StaffSession, /, *, form_id: str, resident_id: str, reason: str
    ) -> str:
        """Name the resident the form belongs to, when the register gave none or several."""
        reason = required_reason(reason)
        with self._uow() as uow:
            form, batch = self._form(uow, session, form_id)
            if uow.residents.get(resident_id) is None:
                raise NotFound("住民")
            form.resident_id, form.identity_problem = resident_id, None
            uow.sync_state.add_outbox("paper_form", form.id, "update")
            uow.audit.record(
                staff_id=session.staff_id,
                action="identity_resolve",
                record_kind="paper_form",
                record_id=form.id,
                detail=f"sha={digest(resident_id, reason)}",
            )
            status = self._advance(uow, form, batch, session.staff_id)
            uow.commit()
            return status

    def _advance(
        self, uow: SqlAlchemyUnitOfWork, form: PaperForm, batch: FormBatch, staff_id: str
    ) -> str:
        rows = uow.entries.adjudications(form.id).values()
        if any(a.decision == "pending" for a in rows) or form.identity_problem:
            return form.status
        returned = [a for a in rows if a.decision == "return_pending"]
        if returned:
            fields = [a.field for a in returned]
            for row in returned:
                row.decision = "returned"  # kept on record; the re-keyed values come anew
                row.version += 1
                queue_adjudication(uow, row)
            for entry in uow.entries.entries(form.id).values():
                entry.status, entry.returned_fields = "returned", fields
                entry.values = {k: v for k, v in entry.values.items() if k not in fields}
                entry.version += 1
                uow.sync_state.add_outbox("form_entry", entry.id, "update")
            form.status = "keying"
        elif form.resident_id is None:
            form.identity_problem = "no_match"
            uow.sync_state.add_outbox("paper_form", form.id, "update")
            return form.status
        else:
            verify(uow, form, batch, staff_id)
        form.version += 1
        uow.sync_state.add_outbox("paper_form", form.id, "update")
        return form.status

    def _form(
        self, uow: SqlAlchemyUnitOfWork, session: StaffSession, form_id: str
    ) -> tuple[PaperForm, FormBatch]:
        form = uow.entries.form(form_id)
        if form is None:
            raise NotFound("用紙")
        if any(e.staff_id == session.staff_id for e in uow.entries.entries(form.id).values()):
            raise KenshinError("自分が入力した用紙は確認できません。別の保護責任者が確認します。")
        if form.status != "review":
            raise KenshinError("この用紙は確認待ちではありません。")
        batch = uow.entries.batch(form.batch_id)
        assert batch is not None
        return form, batch

    @staticmethod
    def _pending(uow: SqlAlchemyUnitOfWork, form: PaperForm, field: str) -> Adjudication:
        row = uow.entries.adjudications(form.id).get(field)
        if row is None or row.decision != "pending":
            raise NotFound("確認する項目")
        return row


def _canonical(program_code: str, field: str, value: str) -> str:
    try:
        if field.startswith(IDENTITY_PREFIX):
            return canonical_identity_field(field.removeprefix(IDENTITY_PREFIX), value)
        return canonical(get_form(program_code).field(field), value)
    except (ValueError, FieldInputError) as error:
        raise KenshinError(str(getattr(error, "message", error))) from error


def _sha(row: Adjudication) -> str:
    """The audit names the field and decision; values are covered by this digest only."""
    return digest(
        row.field,
        row.first_value,
        row.second_value,
        row.blind_value,
        row.final_value,
        row.reason,
        row.first_staff_id,
        row.second_staff_id,
        row.supervisor_id,
    )


def _label(spec: FormSpec, field: str) -> str:
    if field.startswith(IDENTITY_PREFIX):
        return IDENTITY_LABELS[field.removeprefix(IDENTITY_PREFIX)]
    return spec.field(field).label


def _hint(spec: FormSpec, field: str) -> str:
    return "" if field.startswith(IDENTITY_PREFIX) else spec.field(field).hint
