"""Statutory purge (消去) of a resident: their rows and records go, a `purge` change tells
every desk to delete its copies. No payload travels, and no trace of the values stays."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server import audit
from server.changes import Change, log_changes
from server.models import (
    ChangeLog,
    Conflict,
    NhiPeriod,
    Record,
    RecordHistory,
    Resident,
    WelfarePeriod,
    utcnow,
)
from server.renkei import service as renkei


def purge_resident(
    session: Session, resident_id: str, actor: str, *, now: datetime | None = None
) -> int:
    """Delete the resident, their periods and every record hanging from them; returns how many
    rows went. The caller commits. Raises LookupError for an unknown id."""
    stamp = now or utcnow()
    if session.get(Resident, resident_id) is None:
        raise LookupError("指定された住民が見つかりません。")
    changes: list[Change] = []
    for stream, model in (("welfare", WelfarePeriod), ("nhi", NhiPeriod)):
        ids = list(session.scalars(select(model.id).where(model.resident_id == resident_id)))
        changes += [Change("purges", pid, "purge", stream) for pid in ids]
        session.execute(delete(model).where(model.resident_id == resident_id))
    records = _records_of(session, resident_id)
    changes += [Change("purges", rid, "purge", kind) for rid, kind in records]
    record_ids = [rid for rid, _ in records]
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        session.execute(delete(RecordHistory).where(RecordHistory.id.in_(chunk)))
        session.execute(delete(Conflict).where(Conflict.record_id.in_(chunk)))
        session.execute(delete(Record).where(Record.id.in_(chunk)))
    session.execute(delete(Resident).where(Resident.id == resident_id))
    renkei.forget_resident(session, resident_id)
    changes.append(Change("purges", resident_id, "purge", "residents"))
    gone = [change.record_id for change in changes]
    for start in range(0, len(gone), 500):
        # Earlier changes of these rows point at nothing now; the purge change replaces them.
        session.execute(delete(ChangeLog).where(ChangeLog.record_id.in_(gone[start : start + 500])))
    log_changes(session, changes, now=stamp)
    audit.record(
        session,
        "purge_resident",
        target_kind="resident",
        target_id=resident_id,
        detail=f"actor={actor[:40]} rows={len(changes)}",
        now=stamp,
    )
    return len(changes)


def _records_of(session: Session, resident_id: str) -> list[tuple[str, str]]:
    """Records naming the resident, and their descendants through PARENTS (entries of a form)."""
    query = select(Record.id, Record.kind).where(Record.resident_id == resident_id)
    found: list[tuple[str, str]] = [(rid, kind) for rid, kind in session.execute(query)]
    frontier = [rid for rid, _ in found]
    seen = set(frontier)
    while frontier:
        children = session.execute(
            select(Record.id, Record.kind).where(Record.parent_id.in_(frontier[:500]))
        ).all()
        frontier = frontier[500:]
        for rid, kind in children:
            if rid not in seen:
                seen.add(rid)
                found.append((rid, kind))
                frontier.append(rid)
    return found
