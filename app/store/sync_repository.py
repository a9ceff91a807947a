"""The sync state repository: device, offline grants, cursors, outbox drain, versions, blocks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.store.orm import AuditEvent, AuditHead, OutboxEntry, SyncCursor
from app.store.orm_sync import (
    HeldRecord,
    OfflineGrantRow,
    RecordVersion,
    SyncDevice,
    VoucherBlockRow,
)

AUDIT_POINTER = "audit:pushed"  # reserved sync_cursors name: last audit seq the server holds
PROTECTING = ("pending", "conflict")  # outbox states that keep a pulled record off a local row
UNSYNCED = ("pending", "conflict", "rejected")  # data that exists on this desk only


@dataclass(frozen=True)
class DeviceState:
    """This workstation's enrollment (no token: that lives in the keyring)."""

    device_id: str
    server_url: str
    ca_pem: str
    signing_key: str
    workstation_name: str
    ward: str | None
    enrolled_at: datetime
    last_server_time: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class OutboxGroup:
    """Every pending outbox entry of one record, collapsed: pushed once, as its current row."""

    record_kind: str
    record_id: str
    seqs: tuple[int, ...]
    deleted: bool  # the last write removed the row
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Held:
    record_id: str
    kind: str
    op: str
    server_version: int
    data: dict[str, Any]


class SqlAlchemySyncRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # ------------------------------------------------------------ device and grants

    def device(self) -> DeviceState | None:
        row = self._session.get(SyncDevice, "this")
        if row is None:
            return None
        return DeviceState(
            row.device_id,
            row.server_url,
            row.ca_pem,
            row.signing_key,
            row.workstation_name,
            row.ward,
            row.enrolled_at,
            row.last_server_time,
            row.revoked_at,
        )

    def save_device(self, state: DeviceState) -> None:
        row = self._session.get(SyncDevice, "this") or SyncDevice(name="this")
        for name in DeviceState.__dataclass_fields__:
            setattr(row, name, getattr(state, name))
        self._session.add(row)
        self._session.flush()

    def note_server_time(self, at: datetime) -> None:
        """The latest server time seen: offline login refuses a clock set behind it."""
        row = self._session.get(SyncDevice, "this")
        if row is not None and (row.last_server_time is None or at > row.last_server_time):
            row.last_server_time = at
            self._session.flush()

    def mark_revoked(self, at: datetime) -> None:
        row = self._session.get(SyncDevice, "this")
        if row is not None and row.revoked_at is None:
            row.revoked_at = at
            self._session.flush()

    def save_grant(self, staff_id: str, signed_grant: str, expires_at: datetime) -> None:
        """Keep a staff member's signed offline grant (wire.SignedGrant as JSON)."""
        row = self._session.get(OfflineGrantRow, staff_id) or OfflineGrantRow(staff_id=staff_id)
        row.signed_grant, row.expires_at = signed_grant, expires_at
        self._session.add(row)
        self._session.flush()

    def grant(self, staff_id: str) -> str | None:
        """The signed grant JSON as the server gave it, or None."""
        row = self._session.get(OfflineGrantRow, staff_id)
        return None if row is None else row.signed_grant

    def drop_grant(self, staff_id: str) -> None:
        """No offline login for this staff member any more (revoked at the server)."""
        self._session.execute(delete(OfflineGrantRow).where(OfflineGrantRow.staff_id == staff_id))

    # ------------------------------------------------------------ cursors

    def cursor(self, name: str) -> str | None:
        row = self._session.get(SyncCursor, name)
        return None if row is None else row.cursor

    def set_cursor(self, name: str, value: str, at: datetime) -> None:
        row = self._session.get(SyncCursor, name) or SyncCursor(stream=name)
        row.cursor, row.synced_at = value, at
        self._session.add(row)
        self._session.flush()

    def clear_cursor(self, name: str) -> None:
        self._session.execute(delete(SyncCursor).where(SyncCursor.stream == name))

    # ------------------------------------------------------------ outbox

    def pending_groups(self, now: datetime, limit: int | None = None) -> list[OutboxGroup]:
        """Pending records due now, in device order (each at its first entry's place); the
        first `limit` of them when given (a push takes a window, not the whole queue)."""
        query = select(OutboxEntry).where(OutboxEntry.status == "pending").order_by(OutboxEntry.seq)
        if limit is not None:
            latest = func.max(OutboxEntry.next_attempt_at)
            window = (
                select(OutboxEntry.record_id)
                .where(OutboxEntry.status == "pending")
                .group_by(OutboxEntry.record_id)
                .having((latest.is_(None)) | (latest <= now))
                .order_by(func.min(OutboxEntry.seq))
                .limit(limit)
            )
            query = query.where(OutboxEntry.record_id.in_(window.scalar_subquery()))
        groups: dict[str, list[OutboxEntry]] = {}
        for entry in self._session.scalars(query):
            groups.setdefault(entry.record_id, []).append(entry)
        due = []
        for entries in groups.values():
            waits = [e.next_attempt_at for e in entries if e.next_attempt_at is not None]
            if waits and max(waits) > now:
                continue
            first = entries[0]
            due.append(
                OutboxGroup(
                    first.record_kind,
                    first.record_id,
                    tuple(e.seq for e in entries),
                    entries[-1].operation == "delete",
                    next((e.payload for e in reversed(entries) if e.payload), {}),
                    max(e.attempts for e in entries),
                )
            )
        return due

    def settle(
        self, seqs: Iterable[int], status: str, *, message: str, payload: dict[str, Any]
    ) -> None:
        """The server's answer for a collapsed record: kept on its first entry, others gone."""
        first, *rest = sorted(seqs)
        if rest:
            self._session.execute(delete(OutboxEntry).where(OutboxEntry.seq.in_(rest)))
        self._session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == first)
            .values(status=status, server_message=message or None, payload=payload)
        )

    def settle_sent(self, groups: Iterable[Iterable[int]]) -> None:
        """Many records the server took, at once: each first entry kept as sent, emptied of its
        payload (no second copy of the record lingers), the collapsed others gone."""
        firsts, rest = [], []
        for seqs in groups:
            first, *others = sorted(seqs)
            firsts.append(first)
            rest.extend(others)
        for start in range(0, max(len(firsts), len(rest)), 500):
            if rest[start : start + 500]:
                chunk = rest[start : start + 500]
                self._session.execute(delete(OutboxEntry).where(OutboxEntry.seq.in_(chunk)))
            if firsts[start : start + 500]:
                self._session.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.seq.in_(firsts[start : start + 500]))
                    .values(status="sent", server_message=None, payload={})
                )

    def set_versions(self, versions: Iterable[tuple[str, str, int]]) -> None:
        """(record id, kind, server version) of many records, in one statement."""
        rows = [{"record_id": r, "kind": k, "server_version": v} for r, k, v in versions]
        if not rows:
            return
        statement = sqlite_insert(RecordVersion)
        self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[RecordVersion.record_id],
                set_={
                    "kind": statement.excluded.kind,
                    "server_version": statement.excluded.server_version,
                },
            ),
            rows,
        )

    def back_off(
        self, seqs: Iterable[int], *, attempts: int, retry_at: datetime, message: str
    ) -> None:
        self._session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(list(seqs)))
            .values(attempts=attempts, next_attempt_at=retry_at, server_message=message or None)
        )

    def outbox_entry(self, seq: int) -> OutboxEntry | None:
        return self._session.get(OutboxEntry, seq)

    def problems(self) -> list[OutboxEntry]:
        query = select(OutboxEntry).where(OutboxEntry.status.in_(("conflict", "rejected")))
        return list(self._session.scalars(query.order_by(OutboxEntry.seq)))

    def count(self, *statuses: str) -> int:
        query = select(func.count()).where(OutboxEntry.status.in_(statuses))
        return int(self._session.scalar(query) or 0)

    def protected(self, record_ids: Iterable[str]) -> set[str]:
        """Records whose local row a pull must not overwrite: the push decides their fate."""
        ids = list(record_ids)
        if not ids:
            return set()
        query = select(OutboxEntry.record_id).where(
            OutboxEntry.record_id.in_(ids), OutboxEntry.status.in_(PROTECTING)
        )
        return set(self._session.scalars(query))

    def outbox_states(self, record_id: str) -> set[str]:
        query = select(OutboxEntry.status).where(OutboxEntry.record_id == record_id)
        return set(self._session.scalars(query))

    def forget_records(self, record_ids: Iterable[str]) -> None:
        """A statutory purge: the records' outbox entries (payloads), versions and held copies."""
        ids = list(record_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for model, column in (
                (OutboxEntry, OutboxEntry.record_id),
                (RecordVersion, RecordVersion.record_id),
                (HeldRecord, HeldRecord.record_id),
            ):
                self._session.execute(delete(model).where(column.in_(chunk)))

    # ------------------------------------------------------------ record versions, held

    def versions(self, record_ids: Iterable[str]) -> dict[str, int]:
        ids = list(record_ids)
        query = select(RecordVersion.record_id, RecordVersion.server_version).where(
            RecordVersion.record_id.in_(ids)
        )
        return {rid: int(v) for rid, v in self._session.execute(query)}

    def set_version(self, record_id: str, kind: str, server_version: int) -> None:
        row = self._session.get(RecordVersion, record_id) or RecordVersion(record_id=record_id)
        row.kind, row.server_version = kind, server_version
        self._session.add(row)
        self._session.flush()

    def hold(self, held: Held) -> None:
        row = self._session.get(HeldRecord, held.record_id) or HeldRecord(record_id=held.record_id)
        row.kind, row.op, row.server_version, row.data = (
            held.kind,
            held.op,
            held.server_version,
            held.data,
        )
        self._session.add(row)
        self._session.flush()

    def held(self) -> list[Held]:
        rows = self._session.scalars(select(HeldRecord).order_by(HeldRecord.record_id))
        return [Held(r.record_id, r.kind, r.op, r.server_version, dict(r.data)) for r in rows]

    def drop_held(self, record_id: str) -> None:
        self._session.execute(delete(HeldRecord).where(HeldRecord.record_id == record_id))

    def drop_held_many(self, record_ids: Iterable[str]) -> None:
        ids = list(record_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            self._session.execute(delete(HeldRecord).where(HeldRecord.record_id.in_(chunk)))

    # ------------------------------------------------------------ voucher blocks

    def free_serials(self, fiscal_year: int, now: datetime) -> int:
        query = select(
            func.coalesce(
                func.sum(VoucherBlockRow.last_serial - VoucherBlockRow.next_serial + 1), 0
            )
        ).where(
            VoucherBlockRow.fiscal_year == fiscal_year,
            VoucherBlockRow.expires_at > now,
            VoucherBlockRow.next_serial <= VoucherBlockRow.last_serial,
        )
        return int(self._session.scalar(query) or 0)

    def add_block(
        self, block_id: str, fiscal_year: int, first: int, last: int, expires_at: datetime
    ) -> None:
        self._session.add(
            VoucherBlockRow(
                block_id=block_id,
                fiscal_year=fiscal_year,
                next_serial=first,
                last_serial=last,
                expires_at=expires_at,
            )
        )
        self._session.flush()

    def drop_spent_blocks(self, now: datetime) -> int:
        """Expired reservations and used-up blocks; their serials are the server's again."""
        result = self._session.execute(
            delete(VoucherBlockRow).where(
                (VoucherBlockRow.expires_at <= now)
                | (VoucherBlockRow.next_serial > VoucherBlockRow.last_serial)
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def take_serial(self, fiscal_year: int, now: datetime) -> int | None:
        """The next serial of the block that expires first (the caller holds the write lock)."""
        query = (
            select(VoucherBlockRow)
            .where(
                VoucherBlockRow.fiscal_year == fiscal_year,
                VoucherBlockRow.expires_at > now,
                VoucherBlockRow.next_serial <= VoucherBlockRow.last_serial,
            )
            .order_by(VoucherBlockRow.expires_at, VoucherBlockRow.next_serial)
        )
        block = self._session.scalars(query).first()
        if block is None:
            return None
        serial = block.next_serial
        block.next_serial += 1
        self._session.flush()
        return serial

    # ------------------------------------------------------------ audit push pointer

    def audit_pointer(self) -> int:
        return int(self.cursor(AUDIT_POINTER) or 0)

    def set_audit_pointer(self, seq: int, at: datetime) -> None:
        self.set_cursor(AUDIT_POINTER, str(seq), at)

    def audit_head_seq(self) -> int:
        head = self._session.get(AuditHead, "local")
        return 0 if head is None else head.seq

    def audit_unpushed(self) -> int:
        return max(0, self.audit_head_seq() - self.audit_pointer())

    def audit_hash_at(self, seq: int) -> str | None:
        return self._session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))

    def audit_events_after(self, seq: int, limit: int) -> list[AuditEvent]:
        query = select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)
        return list(self._session.scalars(query.limit(limit)))
