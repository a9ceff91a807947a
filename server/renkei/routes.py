"""情報連携 for a supervisor: requests, answers waiting for a second person, the 情報提供等記録,
and an exchange on demand. Device token and staff token; the desk only shows and decides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.policy import Permission, allows
from app.sync import wire
from server import audit, errors
from server.deps import ContextDep, SessionDep, StaffDep, StaffInfo
from server.models import RenkeiAnswer, RenkeiRecord, RenkeiRequest, Resident, Staff
from server.renkei import service
from server.renkei.service import RenkeiRefused

router = APIRouter(prefix="/renkei")
LIST_LIMIT = 500


def _supervisor(staff: StaffInfo) -> StaffInfo:
    if not allows(staff.roles, Permission.RENKEI):
        raise errors.forbidden("情報連携は保護責任者だけが行えます。")
    return staff


def _in_ward(query: Any, staff: StaffInfo) -> Any:
    """A ward's desk sees its ward's residents only; a desk with no ward sees the city."""
    if staff.device.ward is None:
        return query
    return query.where(Resident.ward == staff.device.ward)


def _names(session: Session, ids: Sequence[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    return {sid: name for sid, name in rows}


def _request_out(
    row: RenkeiRequest, resident: Resident | None, names: dict[str, str]
) -> wire.RenkeiRequestOut:
    return wire.RenkeiRequestOut(
        id=row.id,
        resident_id=row.resident_id,
        resident_name=None if resident is None else resident.name,
        moved_in=None if resident is None else resident.moved_in,
        trigger="auto" if row.trigger == "auto" else "manual",
        status=row.status if row.status != "sending" else "queued",  # type: ignore[arg-type]
        requested_by=row.requested_by,
        requested_by_name=names.get(row.requested_by or ""),
        requested_at=row.requested_at,
        sent_at=row.sent_at,
        answered_at=row.answered_at,
        message=row.message,
    )


def _answer_out(
    row: RenkeiAnswer, resident: Resident | None, asked_by: str | None, names: dict[str, str]
) -> wire.RenkeiAnswerOut:
    """`asked_by`: the staff id of the answer's request (None: queued by the server)."""
    return wire.RenkeiAnswerOut(
        id=row.id,
        request_id=row.request_id,
        resident_id=row.resident_id,
        resident_name=None if resident is None else resident.name,
        birth_date=None if resident is None else resident.birth_date,
        former_city=row.former_city_name,
        received_at=row.received_at,
        items=[wire.RenkeiItem(**item) for item in row.items],
        status=row.status,  # type: ignore[arg-type]
        requested_by=asked_by,
        decided_by_name=names.get(row.decided_by or ""),
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        requested_by_name=names.get(asked_by or ""),
    )


def _done(
    session: Session,
    staff: StaffInfo,
    action: str,
    kind: str,
    target: str,
    now: Any,
    outcome: str = "ok",
    detail: str = "",
) -> None:
    audit.record(
        session,
        action,
        outcome,
        staff_id=staff.id,
        device_id=staff.device.id,
        target_kind=kind,
        target_id=target,
        detail=detail,
        now=now,
    )


@router.get("/requests", response_model=wire.RenkeiRequests)
def list_requests(context: ContextDep, session: SessionDep, staff: StaffDep) -> wire.RenkeiRequests:
    _supervisor(staff)
    query = _in_ward(
        select(RenkeiRequest, Resident)
        .outerjoin(Resident, Resident.id == RenkeiRequest.resident_id)
        .order_by(RenkeiRequest.requested_at.desc(), RenkeiRequest.id.desc())
        .limit(LIST_LIMIT),
        staff,
    )
    rows = session.execute(query).all()
    names = _names(session, [row.requested_by for row, _ in rows])
    _done(
        session,
        staff,
        "renkei_list",
        "renkei_request",
        "-",
        context.now(),
        detail=f"rows={len(rows)}",
    )
    session.commit()
    return wire.RenkeiRequests(requests=[_request_out(r, p, names) for r, p in rows])


@router.post("/requests", response_model=wire.RenkeiRequestOut)
def make_request(
    body: wire.RenkeiRequestCreate, context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RenkeiRequestOut:
    _supervisor(staff)
    now = context.now()
    resident = session.get(Resident, body.resident_id)
    try:
        if resident is not None and staff.device.ward not in (None, resident.ward):
            raise RenkeiRefused("他の区の住民は照会できません。")
        row = service.request(session, body.resident_id, staff.id, body.reason, now)
    except RenkeiRefused as exc:
        session.rollback()
        _done(
            session,
            staff,
            "renkei_request",
            "renkei_request",
            body.resident_id[:36],
            now,
            "refused",
        )
        session.commit()
        raise errors.invalid(exc.message) from exc
    service.note(
        session,
        "requested",
        now,
        resident_id=row.resident_id,
        reference=row.id,
        staff_id=staff.id,
        detail="情報照会を依頼（次回の送受信で送信）",
    )
    _done(session, staff, "renkei_request", "renkei_request", row.id, now)
    session.commit()
    return _request_out(row, resident, _names(session, [staff.id]))


@router.get("/answers", response_model=wire.RenkeiAnswers)
def list_answers(
    context: ContextDep,
    session: SessionDep,
    staff: StaffDep,
    status: str = Query("waiting", pattern="^(waiting|confirmed|rejected)$"),
) -> wire.RenkeiAnswers:
    _supervisor(staff)
    query = _in_ward(
        select(RenkeiAnswer, Resident, RenkeiRequest.requested_by)
        .outerjoin(Resident, Resident.id == RenkeiAnswer.resident_id)
        .outerjoin(RenkeiRequest, RenkeiRequest.id == RenkeiAnswer.request_id)
        .where(RenkeiAnswer.status == status)
        .order_by(RenkeiAnswer.received_at.desc(), RenkeiAnswer.id)
        .limit(LIST_LIMIT),
        staff,
    )
    rows = session.execute(query).all()
    names = _names(session, [n for row, _, asked in rows for n in (row.decided_by, asked)])
    _done(
        session,
        staff,
        "renkei_answers",
        "renkei_answer",
        status,
        context.now(),
        detail=f"rows={len(rows)}",
    )
    session.commit()
    return wire.RenkeiAnswers(answers=[_answer_out(r, p, a, names) for r, p, a in rows])


@router.post("/answers/{answer_id}/{decision}", response_model=wire.RenkeiAnswerOut)
def decide(
    answer_id: str,
    decision: Literal["confirm", "reject"],
    body: wire.RenkeiDecision,
    context: ContextDep,
    session: SessionDep,
    staff: StaffDep,
) -> wire.RenkeiAnswerOut:
    """confirm: the second person takes the answer into the history; reject: back, with a
    reason. Either way the answer leaves the list of those waiting."""
    accept = decision == "confirm"
    _supervisor(staff)
    now = context.now()
    action = "renkei_confirm" if accept else "renkei_reject"
    try:
        found = session.get(RenkeiAnswer, answer_id)
        resident = None if found is None else session.get(Resident, found.resident_id)
        if resident is not None and staff.device.ward not in (None, resident.ward):
            raise RenkeiRefused("他の区の住民の照会結果は扱えません。")
        take = service.confirm if accept else service.reject
        row = take(session, answer_id, staff.id, body.reason, now)
    except RenkeiRefused as exc:
        session.rollback()
        _done(session, staff, action, "renkei_answer", answer_id[:64], now, "refused")
        session.commit()
        raise errors.invalid(exc.message) from exc
    _done(session, staff, action, "renkei_answer", row.id, now)
    session.commit()
    asked = session.get(RenkeiRequest, row.request_id)
    asked_by = None if asked is None else asked.requested_by
    return _answer_out(row, resident, asked_by, _names(session, [row.decided_by, asked_by]))


@router.get("/provisions", response_model=wire.RenkeiProvisions)
def list_provisions(
    context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RenkeiProvisions:
    _supervisor(staff)
    query = (
        select(RenkeiRecord, Resident.name)
        .outerjoin(Resident, Resident.id == RenkeiRecord.resident_id)
        .order_by(RenkeiRecord.id.desc())
        .limit(LIST_LIMIT)
    )
    if staff.device.ward is not None:
        query = query.where(
            (Resident.ward == staff.device.ward) | RenkeiRecord.resident_id.is_(None)
        )
    rows = session.execute(query).all()
    names = _names(session, [row.staff_id for row, _ in rows])
    _done(
        session,
        staff,
        "renkei_provisions",
        "renkei_record",
        "-",
        context.now(),
        detail=f"rows={len(rows)}",
    )
    session.commit()
    return wire.RenkeiProvisions(
        provisions=[
            wire.RenkeiProvision(
                id=row.id,
                at=row.at,
                kind=row.kind,
                resident_id=row.resident_id,
                counterpart=row.counterpart_name,
                staff_name=names.get(row.staff_id or ""),
                detail=row.detail,
                resident_name=resident_name,
            )
            for row, resident_name in rows
        ]
    )


@router.post("/exchange", response_model=wire.RenkeiExchangeOut)
def run_exchange(
    context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RenkeiExchangeOut:
    _supervisor(staff)
    now = context.now()
    try:
        connection = service.connect(context.settings)
    except RenkeiRefused as exc:
        raise errors.invalid(exc.message) from exc
    session.close()
    counts = service.exchange(context.sessions, connection, now)
    with context.sessions.begin() as own:
        _done(
            own,
            staff,
            "renkei_exchange",
            "renkei",
            "-",
            now,
            detail=f"sent={counts.sent} received={counts.received} refused={counts.refused}",
        )
    return counts.as_wire()
