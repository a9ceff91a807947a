"""Push of records and audit events, and voucher-number blocks."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.sync import wire
from server import audit_chain, errors
from server.changes import lock_change_log, lock_device
from server.deps import (
    AuthorizationHeader,
    Context,
    ContextDep,
    DeviceHeader,
    SessionDep,
    StaffDep,
    StaffInfo,
    staff_of,
    workstation,
)
from server.models import VoucherBlock, VoucherCounter
from server.push import Pusher

router = APIRouter()
MAX_SERIAL = 10**8 - 1
DESK_ROLES = frozenset({"clerk", "supervisor"})
# SQLSTATEs of a push that raced another: unique_violation, serialization_failure, deadlock.
RACES = frozenset({"23505", "40001", "40P01"})
RUNS = 3  # a push's runs at most: without the lock, then twice with it
RECORDS_NEED_DESK_ROLE = (
    "業務の記録は事務担当・保護責任者のログイン中に送信されます（端末に保存されています）。"
)


@router.post("/sync/push", response_model=wire.PushResponse)
async def push(
    request: Request,
    context: ContextDep,
    device_token: DeviceHeader = None,
    authorization: AuthorizationHeader = None,
) -> Response:
    """The body is read on the event loop; the rest (credentials first, as for every route)
    on one worker thread with one session: a hop per request, not one per dependency."""
    raw = await request.body()
    route = request.url.path.removeprefix(wire.API)
    credentials = (device_token, authorization, route)
    return await run_in_threadpool(_push, context, credentials, raw)


def _push(context: Context, credentials: tuple[str | None, ...], raw: bytes) -> Response:
    device_token, authorization, route = credentials
    with context.sessions() as session:
        device = workstation(context, session, device_token)
        staff = staff_of(context, session, device, authorization, route or "")
        if len(raw) > wire.PUSH_MAX_BYTES + 64_000:  # records ≤ 1 MB, plus the audit events
            raise errors.ApiError(
                413, "too_large", f"一度に送れるのは{wire.PUSH_MAX_RECORDS}件・1MBまでです。"
            )
        try:
            body = wire.PushRequest.model_validate_json(raw)
        except ValidationError as exc:
            places = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})[:5]
            raise errors.invalid(f"{errors.INVALID}（項目: {'、'.join(places)}）") from exc
        response = _apply(context, session, staff, body)
    return Response(response.model_dump_json(), media_type="application/json")


def _apply(
    context: Context, session: Session, staff: StaffInfo, body: wire.PushRequest
) -> wire.PushResponse:
    """Without the change-log lock until the change rows (PostgreSQL): pushes of other desks
    run side by side. A push that raced another for a new id or a natural key (a unique
    violation) or a row (a deadlock) is run again, with the lock from its start, as one; a
    rerun can still meet a push that holds rows and waits for that lock (PostgreSQL ends one
    of the two as a deadlock), so it is rerun once more before the error goes to the desk."""
    if session.get_bind().dialect.name != "postgresql":
        return _apply_once(context, session, staff, body)  # SQLite: one writer at a time
    for attempt in range(RUNS):
        try:
            return _apply_once(context, session, staff, body, lock_first=attempt > 0)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in RACES or attempt == RUNS - 1:
                raise
            session.rollback()
    raise AssertionError("unreachable")


def _apply_once(
    context: Context,
    session: Session,
    staff: StaffInfo,
    body: wire.PushRequest,
    *,
    lock_first: bool = False,
) -> wire.PushResponse:
    """One transaction: the audit chain first (a break refuses the whole request), then records."""
    now = context.now()
    lock_device(session, staff.device.id)  # this device's audit chain, outside the city's lock
    head = audit_chain.store_events(session, staff.device.id, list(body.audit), now)
    if not staff.roles & DESK_ROLES:
        # An administrator's token carries the desk's audit up, never health records: they
        # wait on the desk (not refused, not lost) for the next clerk's or supervisor's session.
        session.commit()
        waiting = [
            wire.PushResult(id=r.id, status="retry_later", message=RECORDS_NEED_DESK_ROLE)
            for r in body.records
        ]
        return wire.PushResponse(
            results=waiting, audit_seq=head.seq, audit_hash=head.hash, server_time=now
        )
    if lock_first:
        lock_change_log(session)  # the retry of a race: pushes one at a time
    pusher = Pusher(session, staff.device.id, staff.device.ward, staff.id, now)
    pusher.prepare(list(body.records))
    results = [pusher.apply(record) for record in body.records]
    pusher.finish()
    session.commit()
    return wire.PushResponse(
        results=results, audit_seq=head.seq, audit_hash=head.hash, server_time=now
    )


@router.post("/vouchers/blocks", response_model=wire.VoucherBlock)
def voucher_block(
    body: wire.VoucherBlockRequest, context: ContextDep, session: SessionDep, staff: StaffDep
) -> wire.VoucherBlock:
    if not staff.roles & DESK_ROLES:
        raise errors.forbidden()
    """The next `size` serials of the fiscal year: an atomic counter, never overlapping."""
    now = context.now()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(VoucherCounter)
        .values(fiscal_year=body.fiscal_year, next_serial=1)
        .on_conflict_do_nothing(index_elements=["fiscal_year"])
    )
    after = session.scalar(
        update(VoucherCounter)
        .where(VoucherCounter.fiscal_year == body.fiscal_year)
        .values(next_serial=VoucherCounter.next_serial + body.size)
        .returning(VoucherCounter.next_serial)
    )
    assert after is not None
    first, last = after - body.size, after - 1
    if last > MAX_SERIAL:
        session.rollback()
        raise errors.invalid(
            "この年度の受診券番号を使い切りました。システム管理者に連絡してください。"
        )
    block = VoucherBlock(
        device_id=staff.device.id,
        fiscal_year=body.fiscal_year,
        first=first,
        last=last,
        created_at=now,
        expires_at=now + timedelta(days=context.settings.voucher_block_days),
    )
    session.add(block)
    session.commit()
    return wire.VoucherBlock(
        block_id=block.block_id,
        fiscal_year=block.fiscal_year,
        first=first,
        last=last,
        expires_at=block.expires_at,
    )
