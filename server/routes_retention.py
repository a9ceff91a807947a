"""Retention for a supervisor: candidates (counts), a group's names (on request, audited),
approval (deletion here, purge on every desk through sync). Staff token and device token."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter

from app.domain.calendar import JST
from app.domain.policy import Permission, allows
from app.sync import wire
from server import audit, errors, retention
from server.deps import ContextDep, SessionDep, StaffDep, StaffInfo

router = APIRouter(prefix="/retention")


def _supervisor(staff: StaffInfo) -> StaffInfo:
    if not allows(staff.roles, Permission.RETENTION_APPROVE):
        raise errors.forbidden("保存期間の管理は保護責任者だけが行えます。")
    return staff


def _today(now: datetime) -> date:
    return now.astimezone(JST).date()


@router.get("/candidates", response_model=wire.RetentionCandidates)
def list_candidates(
    context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RetentionCandidates:
    _supervisor(staff)
    today = _today(context.now())
    groups = [
        wire.RetentionGroup(
            program_code=c.program_code,
            fiscal_year=c.fiscal_year,
            count=c.count,
            retention_years=c.years,
            deletion_date=c.deletion_date,
        )
        for c in retention.candidates(session, today)
    ]
    return wire.RetentionCandidates(as_of=today, groups=groups)


@router.get("/candidates/{program_code}/{fiscal_year}/names", response_model=wire.RetentionNames)
def list_names(
    program_code: str, fiscal_year: int, context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RetentionNames:
    _supervisor(staff)
    try:
        found = retention.names(session, program_code, fiscal_year, _today(context.now()))
    except retention.RetentionRefused as exc:
        raise errors.invalid(str(exc)) from exc
    audit.record(
        session,
        "retention_names",
        staff_id=staff.id,
        device_id=staff.device.id,
        target_kind="retention_group",
        target_id=f"{program_code[:40]}:{fiscal_year}",
        detail=f"names={len(found)}",
        now=context.now(),
    )
    session.commit()
    return wire.RetentionNames(
        program_code=program_code,
        fiscal_year=fiscal_year,
        names=[
            wire.RetentionName(result_id=rid, resident_id=resident, name=name, screened_on=on)
            for rid, resident, name, on in found
        ],
    )


@router.post("/approve", response_model=wire.RetentionRunOut)
def approve(
    body: wire.RetentionApprove, context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.RetentionRunOut:
    _supervisor(staff)
    now = context.now()
    try:
        done = retention.approve(
            session,
            body.program_code,
            body.fiscal_year,
            approver=staff.id,
            device_id=staff.device.id,
            today=_today(now),
            expected_count=body.expected_count,
            now=now,
        )
    except retention.RetentionRefused as exc:
        session.rollback()
        audit.record(
            session,
            "retention_purge",
            "refused",
            staff_id=staff.id,
            device_id=staff.device.id,
            target_kind="retention_group",
            target_id=f"{body.program_code[:40]}:{body.fiscal_year}",
            now=now,
        )
        session.commit()
        raise errors.invalid(str(exc)) from exc
    session.commit()
    run = done.run
    return wire.RetentionRunOut(
        id=run.id,
        program_code=run.program_code,
        fiscal_year=run.fiscal_year,
        retention_years=run.retention_years,
        results=run.results,
        corrections=run.corrections,
        my_numbers_cleared=run.my_numbers_cleared,
        approved_at=run.approved_at,
    )
