"""Pull and snapshot: change-log pages and current rows of a stream, as plain JSON dicts.

Built by hand (Core selects, dicts, json.dumps) rather than through response models: a
1.6-million-resident snapshot must stream out in well under two minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, Date, Select, Table, or_, select, true
from sqlalchemy.orm import Session

from app.sync import wire
from server import errors
from server.changes import horizon, last_seq
from server.deps import DeviceInfo
from server.models import (
    Base,
    ChangeLog,
    Grant,
    NhiPeriod,
    Program,
    Record,
    Resident,
    Role,
    Setting,
    Staff,
    UtcDateTime,
    WelfarePeriod,
)

MODELS: dict[str, type[Base]] = {
    "roles": Role,
    "staff": Staff,
    "grants": Grant,
    "programs": Program,
    "settings": Setting,
    "residents": Resident,
    "welfare": WelfarePeriod,
    "nhi": NhiPeriod,
}
PERIOD_STREAMS = frozenset({"welfare", "nhi"})


def table_of(stream: str) -> Table:
    table = MODELS[stream].__table__
    assert isinstance(table, Table)
    return table


class RowWriter:
    """Turns selected rows into JSON-ready dicts: dates and datetimes as ISO 8601 text."""

    def __init__(self, columns: Sequence[Column[Any]]) -> None:
        self.names = [column.name for column in columns]
        self.temporal = [
            column.name for column in columns if isinstance(column.type, Date | UtcDateTime)
        ]

    def dicts(self, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
        names, temporal, out = self.names, self.temporal, []
        for row in rows:
            values = dict(zip(names, row, strict=True))
            for name in temporal:
                value = values[name]
                if value is not None:
                    values[name] = value.isoformat()
            out.append(values)
        return out


class Page:
    """A page's fields, and its list of rows or changes already encoded once: the same
    canonical JSON bytes make the page hash and the body (a 1.6-million-row snapshot)."""

    def __init__(self, fields: dict[str, Any], key: str, items: list[dict[str, Any]]) -> None:
        parts = wire.canonical_rows(items)
        self.fields = {**fields, "count": len(items), "hash": wire.sum_hash(parts)}
        self.key = key
        self.encoded = b"[" + b",".join(parts) + b"]"

    def body(self, **extra: Any) -> bytes:
        head = json.dumps({**self.fields, **extra}, ensure_ascii=False, separators=(",", ":"))
        return head[:-1].encode("utf-8") + f',"{self.key}":'.encode() + self.encoded + b"}"


def check_stream(stream: str) -> None:
    if stream not in wire.STREAMS:
        raise errors.not_found(f"同期の種類「{stream[:40]}」はありません。")


def read_cursor(session: Session, stream: str, device: DeviceInfo, cursor: str | None) -> int:
    """The seq of a cursor this device may continue from, or 409 must_resnapshot."""
    seq = 0
    if cursor:
        try:
            cursor_stream, scope, seq = wire.decode_cursor(cursor)
        except ValueError as exc:
            message = "同期位置を読み取れません。最初から取得し直してください。"
            raise errors.must_resnapshot(message) from exc
        if cursor_stream != stream or scope != wire.scope_hash(device.ward):
            raise errors.must_resnapshot()
    if seq < horizon(session, stream):
        raise errors.must_resnapshot()
    return seq


def _ward_filter(column: Any, device: DeviceInfo) -> ColumnElement[bool]:
    if device.ward is None:
        return true()
    return or_(column.is_(None), column == device.ward)


def pull(session: Session, stream: str, device: DeviceInfo, cursor: str | None, limit: int) -> Page:
    """A PullPage of up to `limit` changes after the cursor, collapsed per row."""
    seq = read_cursor(session, stream, device, cursor)
    query = (
        select(ChangeLog.seq, ChangeLog.record_id, ChangeLog.op, ChangeLog.kind)
        .where(ChangeLog.stream == stream, ChangeLog.seq > seq)
        .where(_ward_filter(ChangeLog.ward, device))
        .order_by(ChangeLog.seq)
        .limit(limit + 1)
    )
    fetched = session.execute(query).all()
    has_more = len(fetched) > limit
    fetched = fetched[:limit]
    latest: dict[str, tuple[int, str, str | None]] = {}
    for row_seq, record_id, op, kind in fetched:
        latest.pop(record_id, None)  # re-inserted so the order is the order of the last change
        latest[record_id] = (row_seq, op, kind)
    upserts = [record_id for record_id, (_, op, _) in latest.items() if op == "upsert"]
    current = _current_rows(session, stream, upserts)
    changes = []
    for record_id, (row_seq, op, kind) in latest.items():
        data = current.get(record_id) if op == "upsert" else None
        if op == "upsert" and data is None:
            op = "delete"  # gone since (deleted or purged): its later change says so
        if stream == "records" and data is not None:
            kind, data = data["kind"], data["data"]
        changes.append({"seq": row_seq, "op": op, "id": record_id, "kind": kind, "data": data})
    next_seq = fetched[-1][0] if fetched else seq
    fields = {
        "stream": stream,
        "cursor": wire.encode_cursor(stream, wire.scope_hash(device.ward), next_seq),
        "has_more": has_more,
    }
    return Page(fields, "changes", changes)


def _current_rows(session: Session, stream: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        if stream == "records":
            query = select(Record.id, Record.kind, Record.version, Record.data)
            for rid, kind, version, data in session.execute(query.where(Record.id.in_(chunk))):
                found[rid] = {"kind": kind, "data": record_data(data, version)}
        elif stream in MODELS:
            table = table_of(stream)
            writer = RowWriter(list(table.columns))
            rows = session.execute(select(*table.columns).where(table.c.id.in_(chunk))).all()
            found.update((row["id"], row) for row in writer.dicts(rows))
    return found


def record_data(data: dict[str, Any], version: int) -> dict[str, Any]:
    """A record as the desks receive it: the pushed fields with the server's version."""
    return {**data, "version": version}


def snapshot(
    session: Session,
    stream: str,
    device: DeviceInfo,
    *,
    after: str | None,
    cursor: str | None,
    limit: int,
) -> Page:
    """A SnapshotPage: current rows in id order after `after`."""
    if after is None:
        seq = last_seq(session)  # read before the rows: later changes are replayed by pull
        seq = max(seq, horizon(session, stream))
    elif not cursor:
        raise errors.invalid("続きの取得には最初のページの同期位置（cursor）が必要です。")
    else:
        seq = read_cursor(session, stream, device, cursor)
    rows = [] if stream == "purges" else _snapshot_rows(session, stream, device, after, limit + 1)
    done = len(rows) <= limit
    rows = rows[:limit]
    fields = {
        "stream": stream,
        "cursor": wire.encode_cursor(stream, wire.scope_hash(device.ward), seq),
        "after": rows[-1]["id"] if rows else after,
        "done": done,
    }
    return Page(fields, "rows", rows)


def _snapshot_rows(
    session: Session, stream: str, device: DeviceInfo, after: str | None, limit: int
) -> list[dict[str, Any]]:
    if stream == "records":
        query: Select[Any] = select(Record.id, Record.kind, Record.version, Record.data)
        query = query.where(_ward_filter(Record.ward, device))
        if after is not None:
            query = query.where(Record.id > after)
        rows = session.execute(query.order_by(Record.id).limit(limit)).all()
        return [
            {"id": rid, "kind": kind, "version": version, "data": record_data(data, version)}
            for rid, kind, version, data in rows
        ]
    table = table_of(stream)
    query = select(*table.columns)
    if device.ward is not None and stream == "residents":
        query = query.where(table.c.ward == device.ward)
    elif device.ward is not None and stream in PERIOD_STREAMS:
        query = query.join(Resident, Resident.id == table.c.resident_id).where(
            Resident.ward == device.ward
        )
    if after is not None:
        query = query.where(table.c.id > after)
    rows = session.execute(query.order_by(table.c.id).limit(limit)).all()
    return RowWriter(list(table.columns)).dicts(rows)
