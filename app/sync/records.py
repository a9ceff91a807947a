"""Applying pulled workflow records without losing local work.

A local row whose outbox entry is pending or in conflict is never overwritten: the push decides
its fate, and the pulled version is held until then. On a natural-key collision (two desks
keyed the same second entry) a local row the server refused yields; its data stays in the
outbox payload for the sync problems screen. A record whose parent is not here yet is held too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.store.orm import OutboxEntry
from app.store.sync_repository import Held
from app.sync import wire
from app.sync.codec import CodecError, TableCodec, record_codec
from app.sync.removal import remove

if TYPE_CHECKING:
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

PURGE_TABLES = {
    **wire.RECORD_TABLES,
    **wire.STREAM_TABLES,
    "resident": "residents",
}


class RecordApplier:
    def __init__(self, uow: SqlAlchemyUnitOfWork, now: datetime) -> None:
        self._uow = uow
        self._sync = uow.sync
        self._connection = uow.session.connection()
        self._now = now

    def apply_changes(self, changes: Sequence[wire.Change]) -> int:
        run: list[Held] = []  # consecutive upserts, applied together
        for change in changes:
            if change.op == "upsert" and change.kind in wire.RECORD_TABLES:
                data = change.data or {}
                version = int(data.get("version") or 0)
                run.append(Held(change.id, change.kind, change.op, version, data))
                continue
            self.apply_many(run)
            run = []
            if change.op == "purge":
                self.purge(change.kind or "", change.id)
            elif change.kind in wire.RECORD_TABLES:
                data = change.data or {}
                version = int(data.get("version") or 0)
                self.apply(Held(change.id, change.kind, change.op, version, data))
        self.apply_many(run)
        self.retry_held()
        return len(changes)

    def apply_many(self, records: Sequence[Held]) -> None:
        """Upserts in bulk: records that wait for no push, hold no natural key and whose parent
        is here go in one statement per kind (parents' kinds first); the rest one by one."""
        protected = self._sync.protected(r.record_id for r in records)
        by_kind: dict[str, list[Held]] = {}
        slow: list[Held] = []
        for record in records:
            careful = record.record_id in protected or record.kind in wire.NATURAL_KEYS
            (slow if careful else by_kind.setdefault(record.kind, [])).append(record)
        applied: list[Held] = []
        for kind in wire.RECORD_KINDS:  # parents' kinds come first
            ready, waiting = self._with_parents(kind, by_kind.get(kind, []))
            slow.extend(waiting)
            if not ready:
                continue
            try:
                with self._uow.session.begin_nested():
                    record_codec(kind).apply(self._connection, [r.data for r in ready], self._now)
            except (IntegrityError, CodecError):
                slow.extend(ready)
                continue
            applied.extend(ready)
        self._sync.set_versions((r.record_id, r.kind, r.server_version) for r in applied)
        self._sync.drop_held_many(r.record_id for r in applied)
        order = {id(record): index for index, record in enumerate(records)}
        for record in sorted(slow, key=lambda r: order[id(r)]):
            self.apply(record)

    def _with_parents(self, kind: str, records: list[Held]) -> tuple[list[Held], list[Held]]:
        parent = wire.PARENTS.get(kind)
        table = (
            None
            if parent is None
            else (wire.RECORD_TABLES.get(parent[1]) or wire.STREAM_TABLES.get(parent[1]))
        )
        if parent is None or table is None or not records:
            return records, []
        wanted = sorted({str(r.data[parent[0]]) for r in records if r.data.get(parent[0])})
        present: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f'SELECT id FROM "{table}" WHERE id IN ({marks})'  # noqa: S608
            present.update(row[0] for row in self._connection.exec_driver_sql(sql, tuple(chunk)))
        ready: list[Held] = []
        waiting: list[Held] = []
        for record in records:
            value = record.data.get(parent[0])
            (ready if not value or value in present else waiting).append(record)
        return ready, waiting

    def apply_staged(self, staging: str) -> None:
        """A records snapshot: apply every row; records the server no longer shows this desk
        (and that wait for no push) are removed."""
        rows = self._connection.exec_driver_sql(f'SELECT id, kind, data FROM "{staging}"')  # noqa: S608
        batch: list[Held] = []
        for record_id, kind, text in list(rows):
            data = json.loads(text)
            if kind in wire.RECORD_TABLES:
                batch.append(Held(record_id, kind, "upsert", int(data.get("version") or 0), data))
            if len(batch) >= 1000:
                self.apply_many(batch)
                batch = []
        self.apply_many(batch)
        known = f'SELECT id FROM "{staging}"'  # noqa: S608
        sql = f"SELECT record_id, kind FROM record_versions WHERE record_id NOT IN ({known})"  # noqa: S608
        gone = self._connection.exec_driver_sql(sql)
        for record_id, kind in list(gone):
            if kind in wire.RECORD_TABLES:
                remove(self._connection, wire.RECORD_TABLES[kind], [record_id], purge=False)
        self.retry_held()

    def purge(self, kind: str, record_id: str) -> None:
        table = PURGE_TABLES.get(kind)
        if table is not None:
            remove(self._connection, table, [record_id], purge=True)

    def retry_held(self) -> int:
        """Held records whose local row is free now; stale ones (the push moved past) go."""
        applied = 0
        for held in self._sync.held():
            seen = self._sync.versions([held.record_id]).get(held.record_id, 0)
            if held.op == "upsert" and seen >= held.server_version:
                self._sync.drop_held(held.record_id)
            elif self.apply(held):
                applied += 1
        return applied

    def apply(self, record: Held) -> bool:
        """Apply one pulled record, or hold it; True when applied."""
        codec = record_codec(record.kind)
        if self._sync.protected([record.record_id]):
            if self.own_echo(record):
                # This desk's own push, whose answer never came: the local row is as new or
                # newer; what the desk learns is the version its next push stands on.
                self._sync.set_version(record.record_id, record.kind, record.server_version)
                self._sync.drop_held(record.record_id)
                return False
            return self._hold(record)
        if record.op != "upsert":
            return self._delete(codec, record)
        if not self._natural_key_free(codec, record) or not self._parent_present(record):
            return self._hold(record)
        try:
            with self._uow.session.begin_nested():
                codec.apply(self._connection, [record.data], self._now)
        except (IntegrityError, CodecError):
            return self._hold(record)
        self._sync.set_version(record.record_id, record.kind, record.server_version)
        self._sync.drop_held(record.record_id)
        return True

    def own_echo(self, record: Held) -> bool:
        """The server's copy is exactly what this desk last sent of a record still pending
        (push.Pusher keeps it on the outbox entry before sending): the push was taken and its
        answer lost. Without this the desk's next change of the record would go up on a stale
        base and come back a conflict with itself."""
        if record.op != "upsert":
            return False
        payloads = self._uow.session.scalars(
            select(OutboxEntry.payload)
            .where(OutboxEntry.record_id == record.record_id, OutboxEntry.status == "pending")
            .order_by(OutboxEntry.seq.desc())
        )
        sent = next((payload for payload in payloads if payload), None)
        return sent is not None and _without_version(sent) == _without_version(record.data)

    def _delete(self, codec: TableCodec, record: Held) -> bool:
        try:
            with self._uow.session.begin_nested():
                codec.delete(self._connection, [record.record_id])
        except IntegrityError:
            return self._hold(record)
        self._sync.drop_held(record.record_id)
        return True

    def _hold(self, record: Held) -> bool:
        self._sync.hold(record)
        return False

    def _natural_key_free(self, codec: TableCodec, record: Held) -> bool:
        """Another local row with the same natural key yields, unless it is still pending."""
        columns = wire.NATURAL_KEYS.get(record.kind)
        if not columns or any(record.data.get(c) is None for c in columns):
            return True
        where = " AND ".join(f'"{c}" = ?' for c in columns)
        params: tuple[Any, ...] = (*(record.data[c] for c in columns), record.record_id)
        sql = f'SELECT id FROM "{codec.name}" WHERE {where} AND id != ?'  # noqa: S608
        rows = self._connection.exec_driver_sql(sql, params)
        for (other,) in list(rows):
            if "pending" in self._sync.outbox_states(other):
                return False
            try:
                with self._uow.session.begin_nested():
                    codec.delete(self._connection, [other])
            except IntegrityError:
                return False  # rows hang off the local one: wait for a supervisor
        return True

    def _parent_present(self, record: Held) -> bool:
        parent = wire.PARENTS.get(record.kind)
        if parent is None:
            return True
        field, kind = parent
        value = record.data.get(field)
        table = wire.RECORD_TABLES.get(kind) or wire.STREAM_TABLES.get(kind)
        if value is None or table is None:
            return True
        sql = f'SELECT 1 FROM "{table}" WHERE id = ?'  # noqa: S608
        found = self._connection.exec_driver_sql(sql, (value,)).first()
        return found is not None


def _without_version(data: dict[str, Any]) -> dict[str, Any]:
    """A record's fields but its version (the desk and the server count their own)."""
    return {name: value for name, value in data.items() if name != "version"}
