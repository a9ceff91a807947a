"""Keying checkup forms: batches, first and second entry (blind, two different clerks)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from app.domain.errors import KenshinError
from app.domain.forms import FormInputError, get_form, validate
from app.domain.identity import IdentityInputError, canonical_identity
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.domain.settings import DeskSettings
from app.services.dto import StaffSession
from app.services.entry_dto import BatchView, EntrySlot, IdentityMatch, SubmitOutcome
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.lookup_service import row_of
from app.services.ports import Clock
from app.services.reconcile import PROBLEMS, identify, reconcile
from app.store.orm_forms import FormBatch, FormEntry, PaperForm

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
MAX_FORMS = 5000


class EntryService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.ENTRY_KEY)
    def create_batch(
        self,
        session: StaffSession,
        /,
        *,
        program_code: str,
        clinic_code: str,
        month: str,
        received_count: int,
    ) -> str:
        """Record a clinic's batch as received; its forms are numbered 1…N on the paper."""
        program = get_program(program_code)
        code = clinic_code.strip()
        if not (len(code) == 10 and code.isascii() and code.isdigit()):
            raise KenshinError("医療機関コードは10桁の数字で入力してください。")
        if not MONTH.match(month.strip()):
            raise KenshinError("対象月は 2026-05 のように入力してください。")
        if not 1 <= received_count <= MAX_FORMS:
            raise KenshinError(f"受付枚数は1〜{MAX_FORMS}枚で入力してください。")
        with self._uow() as uow:
            batch = FormBatch(
                program_code=program.code,
                clinic_code=code,
                month=month.strip(),
                received_count=received_count,
                received_on=self._clock.now().astimezone().date(),
                created_by=session.staff_id,
            )
            uow.entries.add(batch)
            uow.sync_state.add_outbox("form_batch", batch.id, "create")
            for number in range(1, received_count + 1):
                form = PaperForm(batch_id=batch.id, form_no=number)
                uow.entries.add(form)
                uow.sync_state.add_outbox("paper_form", form.id, "create")
            uow.audit.record(
                staff_id=session.staff_id,
                action="create",
                record_kind="form_batch",
                record_id=batch.id,
                detail=f"forms={received_count}",
            )
            uow.commit()
            return batch.id

    @requires(Permission.ENTRY_KEY)
    def batches(self, session: StaffSession, /) -> list[BatchView]:
        with self._uow(read_only=True) as uow:
            settings = DeskSettings.from_mapping(uow.settings.all())
            today = self._clock.now().astimezone().date()
            return [self._view(uow, b, today, settings) for b in uow.entries.batches()]

    def _view(
        self, uow: SqlAlchemyUnitOfWork, batch: FormBatch, today: Any, settings: DeskSettings
    ) -> BatchView:
        forms = uow.entries.forms(batch.id)
        keyed = {form.id: uow.entries.entries(form.id) for form in forms}

        def missing(entry_no: int) -> tuple[int, ...]:
            return tuple(
                f.form_no
                for f in forms
                if entry_no not in keyed[f.id]
                or (keyed[f.id][entry_no].status != "submitted" and f.status != "verified")
            )

        verified = sum(f.status == "verified" for f in forms)
        overdue = verified < batch.received_count and today - batch.received_on > timedelta(
            days=settings.batch_overdue_days
        )
        return BatchView(
            batch.id,
            batch.program_code,
            get_program(batch.program_code).name_ja,
            batch.clinic_code,
            batch.month,
            batch.received_on,
            batch.received_count,
            batch.received_count - len(missing(1)),
            batch.received_count - len(missing(2)),
            verified,
            sum(f.status == "review" for f in forms),
            missing(1),
            missing(2),
            overdue,
        )

    @requires(Permission.ENTRY_KEY)
    def open_form(self, session: StaffSession, /, *, batch_id: str, form_no: int) -> EntrySlot:
        """The caller's entry of this form: a new first or second entry, or their own again.

        The same person never keys both entries, and never sees the other entry's values.
        """
        with self._uow() as uow:
            form = uow.entries.form_by_number(batch_id, form_no)
            batch = uow.entries.batch(batch_id)
            if form is None or batch is None:
                raise NotFound("用紙")
            if form.status == "verified":
                raise KenshinError(f"用紙 {form_no} は照合済みです。")
            entry = self._entry_for(uow, form, session)
            uow.commit()
            return EntrySlot(
                form.id,
                entry.id,
                entry.entry_no,
                batch_id,
                form.form_no,
                get_form(batch.program_code),
                dict(entry.identity),
                dict(entry.values),
                tuple(entry.returned_fields),
            )

    def _entry_for(
        self, uow: SqlAlchemyUnitOfWork, form: PaperForm, session: StaffSession
    ) -> FormEntry:
        entries = uow.entries.entries(form.id)
        own = [e for e in entries.values() if e.staff_id == session.staff_id]
        if own:
            if own[0].status == "submitted":
                raise KenshinError(
                    "この用紙はあなたが入力済みです。もう一方の入力は別の職員が行います。"
                )
            return own[0]
        free = [number for number in (1, 2) if number not in entries]
        if not free:
            raise KenshinError("この用紙は2人の職員が入力中または入力済みです。")
        entry = FormEntry(form_id=form.id, entry_no=free[0], staff_id=session.staff_id)
        uow.entries.add(entry)
        uow.audit.record(
            staff_id=session.staff_id,
            action="entry_start",
            record_kind="form_entry",
            record_id=entry.id,
            detail=f"entry_no={entry.entry_no}",
        )
        return entry

    @requires(Permission.ENTRY_KEY)
    def match_identity(
        self, session: StaffSession, /, *, identity: dict[str, str]
    ) -> IdentityMatch:
        """The keyed identity against the register (and the voucher, if one was keyed)."""
        canonical = canonical_identity(identity)
        with self._uow(read_only=True) as uow:
            resident_id, problem = identify(uow, canonical)
            resident = uow.residents.get(resident_id) if resident_id else None
            if resident is not None:
                return IdentityMatch("matched", row_of(resident), "住民記録と一致しました。")
        status = "many" if problem == "many_matches" else "none"
        message = PROBLEMS.get(problem or "no_match", "")
        return IdentityMatch(
            status, None, f"{message}。用紙を確認してください（保護責任者が確認します）。"
        )

    @requires(Permission.ENTRY_KEY)
    def save_draft(
        self,
        session: StaffSession,
        /,
        *,
        entry_id: str,
        identity: dict[str, str],
        values: dict[str, str],
    ) -> None:
        """Keep what is keyed so far (in the encrypted store), unvalidated."""
        with self._uow() as uow:
            entry = self._own_open_entry(uow, session, entry_id)
            entry.identity = {k: str(v)[:200] for k, v in identity.items()}
            entry.values = {k: str(v)[:1000] for k, v in values.items()}
            uow.commit()

    @requires(Permission.ENTRY_KEY)
    def submit(
        self,
        session: StaffSession,
        /,
        *,
        entry_id: str,
        identity: dict[str, str],
        values: dict[str, str],
    ) -> SubmitOutcome:
        """Validate and submit one entry; when both are in, compare them at once."""
        with self._uow() as uow:
            entry = self._own_open_entry(uow, session, entry_id)
            form = uow.entries.form(entry.form_id)
            assert form is not None
            batch = uow.entries.batch(form.batch_id)
            assert batch is not None
            canonical_values, canonical_id = _validated(batch.program_code, identity, values)
            entry.values, entry.identity = canonical_values, canonical_id
            entry.status, entry.returned_fields = "submitted", []
            entry.submitted_at, entry.version = self._clock.now(), entry.version + 1
            uow.sync_state.add_outbox("form_entry", entry.id, "submit")
            uow.audit.record(
                staff_id=session.staff_id,
                action="entry_submit",
                record_kind="form_entry",
                record_id=entry.id,
            )
            others = uow.entries.entries(form.id)
            status = "keying"
            if len(others) == 2 and all(e.status == "submitted" for e in others.values()):
                status = reconcile(uow, form, batch, session.staff_id)
            uow.commit()
        return SubmitOutcome(status, _OUTCOME[status].format(n=entry.entry_no))

    def _own_open_entry(
        self, uow: SqlAlchemyUnitOfWork, session: StaffSession, entry_id: str
    ) -> FormEntry:
        entry = uow.entries.entry(entry_id)
        if entry is None or entry.staff_id != session.staff_id:
            raise NotFound("入力")
        if entry.status == "submitted":
            raise KenshinError("この入力は登録済みです。")
        return entry


_OUTCOME = {
    "keying": "{n}回目の入力を登録しました。もう一方の入力を待っています。",
    "review": "{n}回目の入力を登録しました。照合結果は保護責任者が確認します。",
    "verified": "{n}回目の入力を登録しました。2回の入力が一致し、結果を登録しました。",
}


def _validated(
    program_code: str, identity: dict[str, str], values: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Both blocks checked together, so every problem is reported at once."""
    errors: dict[str, str] = {}
    canonical_values: dict[str, str] = {}
    canonical_id: dict[str, str] = {}
    try:
        canonical_id = canonical_identity(identity)
    except IdentityInputError as error:
        errors.update({f"identity.{k}": v for k, v in error.errors.items()})
    try:
        canonical_values = validate(get_form(program_code), values)
    except FormInputError as error:
        errors.update(error.errors)
    if errors:
        raise FormInputError(errors)
    return canonical_values, canonical_id
