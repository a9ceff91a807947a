"""Pushing the outbox and the audit chain: device order, collapsed per record, bounded requests.

A record the server refuses is marked with its message and never blocks the rest; one whose
parent the server lacks waits with a growing backoff. The audit pointer moves with the server's
checkpoint in the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import update

from app.store.orm import OutboxEntry
from app.store.sync_repository import OutboxGroup
from app.sync import wire
from app.sync.codec import record_codec

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import AuditEvent
    from app.store.unit_of_work import SqlAlchemyUnitOfWork
    from app.sync.transport import ServerClient

AUDIT_PER_PUSH = 1000
WINDOW = 3 * wire.PUSH_MAX_RECORDS  # outbox records looked at per request (some may close)
AUDIT_BYTES = 400_000  # of the 1 MB a request may carry; records get the rest
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
SENT = ("applied", "already_applied", "merged")


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at an hour."""
    return min(BACKOFF_MAX, BACKOFF_BASE * (1 << min(12, max(0, attempts - 1))))


@dataclass
class PushTally:
    sent: int = 0
    refused: int = 0
    waiting: int = 0
    audit: int = 0


@dataclass(frozen=True)
class _Outgoing:
    group: OutboxGroup
    record: wire.PushRecord


class Pusher:
    def __init__(
        self, uow: UnitOfWorkFactory, client: ServerClient, now: Callable[[], datetime]
    ) -> None:
        self._uow = uow
        self._client = client
        self._now = now

    def push(self, staff_token: str, *, audit: bool = True) -> PushTally:
        """Requests until nothing due is left (or a request moves nothing)."""
        tally = PushTally()
        while True:
            outgoing, events, skipped = self._next_request(audit=audit)
            if not outgoing and not events:
                tally.sent += skipped
                return tally
            request = wire.PushRequest(records=[o.record for o in outgoing], audit=events)
            response = self._client.push(staff_token, request)
            with self._uow() as uow:
                uow.sync.note_server_time(response.server_time)
                self._apply(uow, outgoing, response, tally)
                moved = response.audit_seq > uow.sync.audit_pointer()
                if moved:
                    tally.audit += response.audit_seq - uow.sync.audit_pointer()
                    uow.sync.set_audit_pointer(response.audit_seq, self._now())
                uow.commit()
            tally.sent += skipped
            if not outgoing and not moved:
                return tally  # the server took none of the audit events: try next round

    def _next_request(
        self, *, audit: bool
    ) -> tuple[list[_Outgoing], list[wire.AuditEventWire], int]:
        """The next request's records and events; records with nothing to send are closed."""
        with self._uow() as uow:
            events = self._audit_events(uow) if audit else []
            budget = wire.PUSH_MAX_BYTES - sum(
                len(wire.canonical_json(e.model_dump())) for e in events
            )
            outgoing: list[_Outgoing] = []
            skipped = 0
            groups = uow.sync.pending_groups(self._now(), limit=WINDOW)
            versions = uow.sync.versions(g.record_id for g in groups)
            rows = _rows(uow, groups)
            for group in groups:
                data = rows.get((group.record_kind, group.record_id))
                record = self._record(group, data, versions.get(group.record_id, 0))
                if record is None:
                    uow.sync.settle(group.seqs, "sent", message="", payload={})
                    skipped += 1
                    continue
                size = len(wire.canonical_json(record.model_dump()))
                if outgoing and (size > budget or len(outgoing) >= wire.PUSH_MAX_RECORDS):
                    break
                outgoing.append(_Outgoing(group, record))
                budget -= size
            _remember_sent(uow, outgoing)
            uow.commit()
            return outgoing, events, skipped

    def _record(
        self, group: OutboxGroup, data: dict[str, Any] | None, base_version: int
    ) -> wire.PushRecord | None:
        """The record as its row is now; a removed row goes as a delete (or not at all, if
        the server never had it); a row that yielded goes as the data last sent."""
        op = "upsert"
        if data is None:
            if group.deleted:
                if base_version == 0:
                    return None
                op, data = "delete", {"id": group.record_id}
            elif group.payload:
                data = group.payload
            else:
                return None
        return wire.PushRecord(
            id=group.record_id,
            kind=group.record_kind,
            op=op,  # type: ignore[arg-type]
            base_version=base_version,
            data=data,
        )

    def _audit_events(self, uow: SqlAlchemyUnitOfWork) -> list[wire.AuditEventWire]:
        events: list[wire.AuditEventWire] = []
        size = 0
        for event in uow.sync.audit_events_after(uow.sync.audit_pointer(), AUDIT_PER_PUSH):
            item = _audit_wire(event)
            size += len(wire.canonical_json(item.model_dump()))
            if size > AUDIT_BYTES and events:
                break
            events.append(item)
        return events

    def _apply(
        self,
        uow: SqlAlchemyUnitOfWork,
        outgoing: list[_Outgoing],
        response: wire.PushResponse,
        tally: PushTally,
    ) -> None:
        results = {result.id: result for result in response.results}
        now = self._now()
        sent: list[list[int]] = []
        versions: list[tuple[str, str, int]] = []
        for item in outgoing:
            group, record = item.group, item.record
            result = results.get(record.id)
            if result is None or result.status == "retry_later":
                attempts = group.attempts + 1
                message = result.message if result is not None else ""
                uow.sync.back_off(
                    group.seqs, attempts=attempts, retry_at=now + backoff(attempts), message=message
                )
                tally.waiting += 1
            elif result.status in SENT:
                # Nothing to keep once the server has it: no second copy of the record lingers.
                if result.message:  # merged: the server's note stays on the entry
                    uow.sync.settle(group.seqs, "sent", message=result.message, payload={})
                else:
                    sent.append(list(group.seqs))
                if result.server_version is not None:
                    versions.append((record.id, record.kind, result.server_version))
                tally.sent += 1
            else:
                uow.sync.settle(
                    group.seqs, result.status, message=result.message, payload=record.data
                )
                tally.refused += 1
        uow.sync.settle_sent(sent)
        uow.sync.set_versions(versions)


def _remember_sent(uow: SqlAlchemyUnitOfWork, outgoing: list[_Outgoing]) -> None:
    """The data each record goes up with, kept on its last outbox entry before it leaves: if
    the answer is lost, the pull that brings the server's copy back shows it to be this desk's
    own (records.RecordApplier.own_echo), so the desk learns the version it now stands on."""
    sent = [
        {"seq": max(item.group.seqs), "payload": item.record.data}
        for item in outgoing
        if item.record.op == "upsert"
    ]
    if sent:
        uow.session.execute(update(OutboxEntry), sent)


def _rows(
    uow: SqlAlchemyUnitOfWork, groups: list[OutboxGroup]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The current rows of the window's records, one query per kind."""
    by_kind: dict[str, list[str]] = {}
    for group in groups:
        by_kind.setdefault(group.record_kind, []).append(group.record_id)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    connection = uow.session.connection()
    for kind, ids in by_kind.items():
        for record_id, data in record_codec(kind).read_many(connection, ids).items():
            rows[(kind, record_id)] = data
    return rows


def _audit_wire(event: AuditEvent) -> wire.AuditEventWire:
    fields: dict[str, Any] = {
        name: getattr(event, name) for name in wire.AuditEventWire.model_fields
    }
    return wire.AuditEventWire(**fields)
