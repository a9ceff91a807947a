"""A device's audit events as they come up: they must continue the chain the server holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.domain.audit_chain import GENESIS, event_hash
from app.sync import wire
from server import errors
from server.models import AuditCheckpoint, AuditEvent

GENESIS_CHECKPOINT = wire.AuditCheckpoint(seq=0, hash=GENESIS)
LIMITS = {"id": 36, "at": 32, "staff_id": 36, "workstation": 64, "action": 40}
LIMITS |= {"record_kind": 40, "record_id": 64, "outcome": 20, "detail": 200}


def _broken(seq: int, why: str) -> errors.ApiError:
    return errors.invalid(
        f"監査記録のつながりが途切れています（連番 {seq}: {why}）。"
        "この端末の監査記録が改変・欠落した可能性があります。システム管理者に連絡してください。"
    )


def checkpoint(session: Session, device_id: str) -> wire.AuditCheckpoint:
    row = session.get(AuditCheckpoint, device_id)
    return GENESIS_CHECKPOINT if row is None else wire.AuditCheckpoint(seq=row.seq, hash=row.hash)


def store_events(
    session: Session, device_id: str, events: list[wire.AuditEventWire], now: datetime
) -> wire.AuditCheckpoint:
    """Append the events that continue the chain; events already held (a resent push) are
    skipped; any break raises 422 and the caller's transaction stores none of them."""
    row = session.get(AuditCheckpoint, device_id)  # kept: read once
    head = GENESIS_CHECKPOINT if row is None else wire.AuditCheckpoint(seq=row.seq, hash=row.hash)
    seq, prev = head.seq, head.hash
    for event in sorted(events, key=lambda e: e.seq):
        fields = event.model_dump()
        if event.seq <= seq:
            stored = session.get(AuditEvent, (device_id, event.seq))
            if stored is None or any(getattr(stored, k) != v for k, v in fields.items()):
                raise _broken(event.seq, "サーバーが記録済みの内容と異なります")
            continue
        if event.seq != seq + 1:
            raise _broken(event.seq, f"連番 {seq + 1} が必要です")
        if event.prev_hash != prev:
            raise _broken(event.seq, "直前の記録とのつながりが一致しません")
        if event_hash(fields, prev) != event.hash:
            raise _broken(event.seq, "記録の内容がハッシュと一致しません")
        too_long = [name for name, limit in LIMITS.items() if len(fields[name] or "") > limit]
        if too_long:
            raise errors.invalid(f"監査記録の項目「{too_long[0]}」が長すぎます。")
        session.add(AuditEvent(device_id=device_id, received_at=now, **fields))
        seq, prev = event.seq, event.hash
    if seq != head.seq:
        if row is None:
            session.add(AuditCheckpoint(device_id=device_id, seq=seq, hash=prev, updated_at=now))
        else:
            row.seq, row.hash, row.updated_at = seq, prev, now
        session.flush()
    return wire.AuditCheckpoint(seq=seq, hash=prev)
