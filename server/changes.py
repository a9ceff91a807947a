"""The change log: the one writer of change rows, the tombstone horizon, and compaction.

Every master-data or record change calls `log_changes` in the same transaction as the change.
On PostgreSQL it first takes a transaction-scoped advisory lock, so change rows are numbered
and committed in one order: a reader never sees seq N+1 while N is still in flight, and a
cursor never skips a change. SQLite has a single writer (every transaction here is IMMEDIATE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session, aliased

from server.models import ChangeLog, ServerState, utcnow

CHANGE_LOCK = 0x4B454E53  # pg_advisory_xact_lock key of the change log ("KENS")
HORIZON = "tombstone_horizon"
DEVICE_LOCK = 0x4B454E44  # pg_advisory_xact_lock(key, hashtext(device id)): one push per device


@dataclass(frozen=True)
class Change:
    """One change row to write: which stream, which row, what happened, who may see it."""

    stream: str
    record_id: str
    op: str = "upsert"
    kind: str | None = None
    ward: str | None = None


def lock_change_log(session: Session) -> None:
    """Take the change-log lock until this transaction ends (no-op on SQLite's single writer)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOCK})


def lock_device(session: Session, device_id: str) -> None:
    """One transaction per device at a time (its audit chain), until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key, hashtext(:device))"),
            {"key": DEVICE_LOCK, "device": device_id},
        )


def log_changes(
    session: Session,
    changes: Iterable[Change],
    *,
    now: datetime | None = None,
    locked: bool = False,
) -> int:
    """Insert the change rows, after the lock; returns how many were written."""
    stamp = now or utcnow()
    rows = [
        {
            "stream": change.stream,
            "record_id": change.record_id,
            "kind": change.kind,
            "op": change.op,
            "ward": change.ward,
            "created_at": stamp,
        }
        for change in changes
    ]
    if not rows:
        return 0
    if not locked:
        lock_change_log(session)
    session.execute(insert(ChangeLog), rows)
    return len(rows)


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))) or 0)


def horizon(session: Session) -> int:
    """The lowest seq a cursor may still hold; older cursors must resnapshot."""
    value = session.scalar(select(ServerState.value).where(ServerState.name == HORIZON))
    return int(value or 0)


def _set_horizon(session: Session, seq: int) -> None:
    row = session.get(ServerState, HORIZON)
    if row is None:
        session.add(ServerState(name=HORIZON, value=seq))
    elif seq > row.value:
        row.value = seq
    session.flush()


def compact(
    session: Session,
    *,
    keep_last_n: int | None = None,
    before_seq: int | None = None,
    older_than: datetime | None = None,
) -> tuple[int, int]:
    """Delete superseded changes and tombstones up to a cut-off; raise the horizon to it.

    The cut-off is `before_seq`, or the last seq minus `keep_last_n`, or the last seq written
    before `older_than`. Returns (rows deleted, new horizon).
    """
    lock_change_log(session)
    cut = _cut_off(session, keep_last_n, before_seq, older_than)
    if cut <= horizon(session):
        return 0, horizon(session)
    later = aliased(ChangeLog)
    superseded = (
        select(later.seq)
        .where(later.stream == ChangeLog.stream, later.record_id == ChangeLog.record_id)
        .where(later.seq > ChangeLog.seq)
        .exists()
    )
    tombstone = ChangeLog.op.in_(("delete", "purge"))
    result = session.execute(
        delete(ChangeLog).where(and_(ChangeLog.seq <= cut, or_(superseded, tombstone)))
    )
    _set_horizon(session, cut)
    return int(getattr(result, "rowcount", 0) or 0), cut


def _cut_off(
    session: Session,
    keep_last_n: int | None,
    before_seq: int | None,
    older_than: datetime | None,
) -> int:
    if before_seq is not None:
        return max(0, before_seq)
    if keep_last_n is not None:
        return max(0, last_seq(session) - keep_last_n)
    if older_than is not None:
        query = select(func.coalesce(func.max(ChangeLog.seq), 0))
        return int(session.scalar(query.where(ChangeLog.created_at < older_than)) or 0)
    raise ValueError("compact needs keep_last_n, before_seq or older_than")
