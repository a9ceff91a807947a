"""Pull and snapshot: change-log pages and current rows of a stream, as plain JSON dicts.

Built by hand (Core selects, dicts, json.dumps) rather than through response models: a
1.6-million-resident snapshot must stream out in well under two minutes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Table,
    Text,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    true,
)
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
        self._set(fields, key, wire.canonical_rows(items))

    @classmethod
    def of_encoded(cls, fields: dict[str, Any], key: str, parts: list[bytes]) -> Page:
        """A page of rows that come already in their canonical JSON."""
        page = cls.__new__(cls)
        page._set(fields, key, parts)
        return page

    def _set(self, fields: dict[str, Any], key: str, parts: list[bytes]) -> None:
        self.fields = {**fields, "count": len(parts), "hash": wire.sum_hash(parts)}
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
    fields = {
        "stream": stream,
        "cursor": wire.encode_cursor(stream, wire.scope_hash(device.ward), seq),
    }
    if stream in MODELS and in_json_by_postgres(session, table_of(stream)):
        parts = _snapshot_json(session, stream, device, after, limit + 1)
        done = len(parts) <= limit
        parts = parts[:limit]
        last = parts[-1][1] if parts else after
        return Page.of_encoded(
            {**fields, "after": last, "done": done}, "rows", [p for p, _ in parts]
        )
    rows = [] if stream == "purges" else _snapshot_rows(session, stream, device, after, limit + 1)
    done = len(rows) <= limit
    rows = rows[:limit]
    return Page({**fields, "after": rows[-1]["id"] if rows else after, "done": done}, "rows", rows)


def in_json_by_postgres(session: Session, table: Table) -> bool:
    """Whether PostgreSQL can write this table's rows in their canonical JSON itself: on
    PostgreSQL, for columns of text, integer, boolean, date and UTC datetime (JSON columns
    would come out in PostgreSQL's own layout)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return all(
        isinstance(c.type, String | Integer | Boolean | Date | UtcDateTime) for c in table.columns
    )


def _canonical_value(column: Column[Any]) -> ColumnElement[Any]:
    """A column as row_to_json must see it to write what `canonical_json` writes of the
    RowWriter's value: UTC datetimes as Python's isoformat (microseconds only when there are
    some, then all six digits, and +00:00); text, numbers, booleans and dates (ISO 8601 in
    JSON whatever the DateStyle) as they are; JSON escapes are the same on both sides."""
    if not isinstance(column.type, UtcDateTime):
        return column.label(column.name)
    seconds = func.to_char(column, 'YYYY-MM-DD"T"HH24:MI:SS')
    fraction = case(
        (func.date_trunc("second", column) == column, ""), else_=func.to_char(column, ".US")
    )
    return (seconds + fraction + "+00:00").label(column.name)


def _snapshot_json(
    session: Session, stream: str, device: DeviceInfo, after: str | None, limit: int
) -> list[tuple[bytes, str]]:
    """The rows of a snapshot page in their canonical JSON (keys sorted, no spaces: what
    row_to_json writes of columns selected in name order), written by PostgreSQL, with each
    row's id: a 5,000-row page costs the server a third of building and encoding dicts."""
    table = table_of(stream)
    columns = sorted(table.columns, key=lambda column: column.name)
    inner = _scoped(select(*(_canonical_value(c) for c in columns)), table, stream, device)
    if after is not None:
        inner = inner.where(table.c.id > after)
    rows = inner.order_by(table.c.id).limit(limit).subquery("r")
    query = select(cast(func.row_to_json(literal_column("r")), Text), rows.c.id).order_by(rows.c.id)
    return [(text.encode("utf-8"), row_id) for text, row_id in session.execute(query)]


def _scoped(query: Select[Any], table: Table, stream: str, device: DeviceInfo) -> Select[Any]:
    """A master stream's rows within the device's ward (residents and their periods)."""
    if device.ward is not None and stream == "residents":
        return query.where(table.c.ward == device.ward)
    if device.ward is not None and stream in PERIOD_STREAMS:
        return query.join(Resident, Resident.id == table.c.resident_id).where(
            Resident.ward == device.ward
        )
    return query


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
    query = _scoped(select(*table.columns), table, stream, device)
    if after is not None:
        query = query.where(table.c.id > after)
    rows = session.execute(query.order_by(table.c.id).limit(limit)).all()
    return RowWriter(list(table.columns)).dicts(rows)
