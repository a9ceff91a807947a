"""Changing or deleting a verified result: a request, then a second person's approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.forms import FieldInputError, FieldSpec, canonical, get_form
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.services.reconcile import digest, required_reason
from app.store.orm import ScreeningResult
from app.store.orm_forms import CorrectionRequest

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class CorrectionView:
    """A pending request as the approver sees it: which fields, not the requested values —
    the approver keys each from the paper, and it must agree with the request."""

    id: str
    kind: str
    program_code: str
    program_name: str
    screened_on: date
    fields: tuple[tuple[str, str], ...]  # (code, label)
    reason: str
    requested_by: str
    requested_at: datetime


class CorrectionService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.ENTRY_KEY)
    def request_change(
        self, session: StaffSession, /, *, result_id: str, changes: dict[str, str], reason: str
    ) -> str:
        if not changes:
            raise KenshinError("訂正する項目を一つ以上入力してください。")
        return self._request(session, result_id, "change", changes, reason)

    @requires(Permission.ENTRY_KEY)
    def request_delete(self, session: StaffSession, /, *, result_id: str, reason: str) -> str:
        return self._request(session, result_id, "delete", {}, reason)

    def _request(
        self,
        session: StaffSession,
        result_id: str,
        kind: str,
        changes: dict[str, str],
        reason: str,
    ) -> str:
        text = required_reason(reason)
        with self._uow() as uow:
            result = _result(uow, result_id)
            if any(r.result_id == result.id for r in uow.entries.pending_corrections()):
                raise KenshinError(
                    "この結果には承認待ちの申請があります。先にそちらを承認または却下してください。"
                )
            spec = get_form(result.program_code)
            canonical_changes = {
                field: _value(spec.field(field), value) for field, value in changes.items()
            }
            request = CorrectionRequest(
                result_id=result.id,
                kind=kind,
                changes=canonical_changes,
                reason=text,
                requested_by=session.staff_id,
                requested_at=self._clock.now(),
            )
            uow.entries.add(request)
            uow.sync_state.add_outbox("correction_request", request.id, "create")
            uow.audit.record(
                staff_id=session.staff_id,
                action=f"correction_request_{kind}",
                record_kind="screening_result",
                record_id=result.id,
                detail=f"request={request.id} sha={digest(canonical_changes, text)}",
            )
            uow.commit()
            return request.id

    @requires(Permission.APPROVE)
    def pending(self, session: StaffSession, /) -> list[CorrectionView]:
        with self._uow(read_only=True) as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            views = []
            for request in uow.entries.pending_corrections():
                result = _result(uow, request.result_id)
                spec = get_form(result.program_code)
                views.append(
                    CorrectionView(
                        request.id,
                        request.kind,
                        result.program_code,
                        get_program(result.program_code).name_ja,
                        result.screened_on,
                        tuple((code, spec.field(code).label) for code in request.changes),
                        request.reason,
                        logins.get(request.requested_by, "?"),
                        request.requested_at,
                    )
                )
            return views

    @requires(Permission.APPROVE)
    def approve(
        self,
        session: StaffSession,
        /,
        *,
        request_id: str,
        reverified: dict[str, str],
        reason: str,
    ) -> None:
        """Apply the request. Each changed field is keyed again by the approver from the paper
        and must agree with the request; nothing is changed when one does not."""
        text = required_reason(reason)
        with self._uow() as uow:
            request = self._open(uow, session, request_id)
            result = _result(uow, request.result_id)
            spec = get_form(result.program_code)
            keyed = {f: _value(spec.field(f), reverified.get(f, "")) for f in request.changes}
            differing = [f for f, v in keyed.items() if v != request.changes[f]]
            if differing:
                labels = "、".join(spec.field(f).label for f in differing)
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="correction_mismatch",
                    record_kind="correction_request",
                    record_id=request.id,
                    outcome="denied",
                )
                uow.commit()
                raise KenshinError(f"再入力した値が訂正内容と一致しません: {labels}")
            self._apply(uow, request, result)
            self._decide(uow, session, request, "approved", text)
            uow.commit()

    @requires(Permission.APPROVE)
    def reject(self, session: StaffSession, /, *, request_id: str, reason: str) -> None:
        text = required_reason(reason)
        with self._uow() as uow:
            request = self._open(uow, session, request_id)
            self._decide(uow, session, request, "rejected", text)
            uow.commit()

    def _open(
        self, uow: SqlAlchemyUnitOfWork, session: StaffSession, request_id: str
    ) -> CorrectionRequest:
        request = uow.entries.correction(request_id)
        if request is None or request.status != "pending":
            raise NotFound("承認待ちの訂正")
        if request.requested_by == session.staff_id:
            raise KenshinError("自分が申請した訂正は承認できません。別の職員が確認します。")
        return request

    def _apply(
        self, uow: SqlAlchemyUnitOfWork, request: CorrectionRequest, result: ScreeningResult
    ) -> None:
        if request.kind == "delete":
            uow.sync_state.add_outbox("screening_result", result.id, "delete")
            uow.entries.delete_result(result)
            return
        values = {**(result.values or {}), **request.changes}
        spec = get_form(result.program_code)
        result.values = values
        result.screened_on = date.fromisoformat(values["screening_date"])
        result.fiscal_year = fiscal_year_of(result.screened_on)
        result.judgement = dict(spec.field("judgement").choices).get(values["judgement"], "")
        result.first_time = values.get("first_time") == "1"
        result.version += 1
        uow.sync_state.add_outbox("screening_result", result.id, "update")

    def _decide(
        self,
        uow: SqlAlchemyUnitOfWork,
        session: StaffSession,
        request: CorrectionRequest,
        status: str,
        reason: str,
    ) -> None:
        request.status, request.decided_by = status, session.staff_id
        request.decided_at, request.decision_reason = self._clock.now(), reason
        request.version += 1
        uow.sync_state.add_outbox("correction_request", request.id, "update")
        uow.audit.record(
            staff_id=session.staff_id,
            action=f"correction_{status}",
            record_kind="correction_request",
            record_id=request.id,
            detail=f"result={request.result_id}",
        )


def _value(field: FieldSpec, raw: str) -> str:
    try:
        return canonical(field, raw)
    except FieldInputError as error:
        raise KenshinError(error.message) from error


def _result(uow: SqlAlchemyUnitOfWork, result_id: str) -> ScreeningResult:
    result = uow.entries.result(result_id)
    if result is None or result.source != "verified" or not result.values:
        raise NotFound("照合済みの結果")
    return result
