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

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session, aliased

from app.sync import wire
from server.models import ChangeLog, ServerState, UtcDateTime, utcnow

CHANGE_LOCK = 0x4B454E53  # pg_advisory_xact_lock key of the change log ("KENS")
HORIZON = "tombstone_horizon"
SEQ_HIGH = "change_log_seq"  # SQLite: the largest seq ever given (see _next_seqs)
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
    """Insert the change rows, after the lock; returns how many were written.

    On PostgreSQL the lock and the insert are one statement (`_LOCKED_INSERT`), so a writer
    holds the lock for two round trips (this one and its COMMIT); the caller's own rows are
    flushed before it, outside the lock. `locked` says the lock is already held (taken again,
    an advisory lock counts)."""
    stamp = now or utcnow()
    rows: list[dict[str, object]] = [
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
    if session.get_bind().dialect.name == "postgresql":
        session.flush()
        columns = {name: [row[name] for row in rows] for name in _ARRAYS}
        values = {**columns, "key": CHANGE_LOCK, "created_at": stamp}
        session.connection().execute(_LOCKED_INSERT, values)
        return len(rows)
    if not locked:
        lock_change_log(session)
    if session.get_bind().dialect.name == "sqlite":
        first = _next_seqs(session, len(rows))
        for offset, row in enumerate(rows):
            row["seq"] = first + offset
    session.execute(insert(ChangeLog), rows)
    return len(rows)


_ARRAYS = ("stream", "record_id", "kind", "op", "ward")
# The lock, then the rows in the order given: every seq (the column's nextval) is drawn after
# the lock is held, since each row joins the lock's one row (a volatile CTE runs once, first).
_LOCKED_INSERT = text(
    "WITH lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(:key)) "
    "INSERT INTO change_log (stream, record_id, kind, op, ward, created_at) "
    "SELECT c.stream, c.record_id, c.kind, c.op, c.ward, :created_at "
    "FROM lock, unnest(CAST(:stream AS text[]), CAST(:record_id AS text[]), "
    "CAST(:kind AS text[]), CAST(:op AS text[]), CAST(:ward AS text[])) "
    "WITH ORDINALITY AS c(stream, record_id, kind, op, ward, n) ORDER BY c.n"
).bindparams(bindparam("created_at", type_=UtcDateTime()))


def _next_seqs(session: Session, count: int) -> int:
    """The first of `count` new sequence numbers on SQLite, which hands out the largest rowid
    again once its row is deleted (a purge, or a compaction up to the head of the log, removes
    the newest rows): a desk whose cursor stood there would skip the next change, a statutory
    purge among them. The largest seq ever given is kept beside the log and never given again
    (PostgreSQL's sequence never goes back)."""
    row = session.get(ServerState, SEQ_HIGH)
    first = max(last_seq(session), row.value if row is not None else 0) + 1
    if row is None:
        session.add(ServerState(name=SEQ_HIGH, value=first + count - 1))
    else:
        row.value = first + count - 1
    session.flush()
    return first


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(ChangeLog.seq), 0))) or 0)


def horizon(session: Session, stream: str | None = None) -> int:
    """The lowest seq a cursor of `stream` may still hold: below it a change of that stream
    was compacted away, so the cursor must resnapshot. A stream nothing was compacted from
    keeps its cursors, however old (a desk's quiet streams are not rebuilt for another's
    changes). Without a stream: the cut-off of the last compaction."""
    names = [HORIZON] if stream is None else [_stream_horizon(stream), HORIZON]
    query = select(ServerState.name, ServerState.value).where(ServerState.name.in_(names))
    found = {name: value for name, value in session.execute(query)}
    # A log compacted before horizons were kept per stream: its cut-off holds for every one.
    return int(found.get(names[0], found.get(HORIZON)) or 0)


def _stream_horizon(stream: str) -> str:
    return f"{HORIZON}:{stream}"


def _set_horizon(session: Session, name: str, seq: int) -> None:
    row = session.get(ServerState, name)
    if row is None:
        session.add(ServerState(name=name, value=seq))
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
    before `older_than`. Each stream's horizon rises to the last seq deleted from it (a cursor
    below that may have missed a change); the overall one, reported, to the cut-off. Returns
    (rows deleted, new horizon).
    """
    lock_change_log(session)
    cut = _cut_off(session, keep_last_n, before_seq, older_than)
    previous = horizon(session)
    if cut <= previous:
        return 0, previous
    later = aliased(ChangeLog)
    superseded = (
        select(later.seq)
        .where(later.stream == ChangeLog.stream, later.record_id == ChangeLog.record_id)
        .where(later.seq > ChangeLog.seq)
        .exists()
    )
    tombstone = ChangeLog.op.in_(("delete", "purge"))
    doomed = and_(ChangeLog.seq <= cut, or_(superseded, tombstone))
    per_stream = select(ChangeLog.stream, func.max(ChangeLog.seq)).where(doomed)
    deleted_up_to = {
        stream: int(seq) for stream, seq in session.execute(per_stream.group_by(ChangeLog.stream))
    }
    streams = set(wire.STREAMS) | set(deleted_up_to)
    kept = {stream: horizon(session, stream) for stream in streams}  # before the overall moves
    result = session.execute(delete(ChangeLog).where(doomed))
    for stream in sorted(streams):
        _set_horizon(
            session, _stream_horizon(stream), max(kept[stream], deleted_up_to.get(stream, 0))
        )
    _set_horizon(session, HORIZON, cut)
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
