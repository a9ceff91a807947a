"""A fake central server on httpx.MockTransport: enough of docs/sync-protocol.md to test a desk.

Streams are a change log over in-memory tables; records are versioned by content hash; the
audit chain is checkpointed. Failures are injected one at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx

from app.domain.audit_chain import GENESIS, event_hash
from app.sync import wire

DEVICE_TOKEN = "device-token-0123456789abcdef0123456789abcdef"
STAFF_TOKEN = "staff-token-0123456789abcdef"
NOW = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


@dataclass
class Logged:
    seq: int
    stream: str
    op: str
    id: str
    kind: str | None


@dataclass
class FakeServer:
    ward: str | None = None  # the device's scope
    now: datetime = NOW
    tables: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=lambda: {s: {} for s in wire.STREAMS}
    )
    log: list[Logged] = field(default_factory=list)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> kind, version, data
    horizon: int = 0  # seqs at or below are compacted away
    forced: dict[str, str] = field(default_factory=dict)  # record id -> push status to answer
    cut_snapshot_after: dict[str, int] = field(default_factory=dict)  # stream -> pages served
    corrupt_next_page: set[str] = field(default_factory=set)
    errors: list[tuple[str, int, str]] = field(default_factory=list)  # path part, status, code
    audit: list[dict[str, Any]] = field(default_factory=list)
    checkpoint: tuple[int, str] = (0, GENESIS)
    next_serial: int = 1
    pushes: list[dict[str, Any]] = field(default_factory=list)
    page_rows: int | None = None  # overrides the client's page size (small pages in tests)
    requests: list[str] = field(default_factory=list)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # ------------------------------------------------------------ server-side changes

    def upsert(self, stream: str, row: dict[str, Any]) -> None:
        self.tables[stream][row["id"]] = row
        self._log(stream, "upsert", row["id"], None)

    def delete(self, stream: str, row_id: str) -> None:
        self.tables[stream].pop(row_id, None)
        self._log(stream, "delete", row_id, None)

    def purge(self, kind: str, row_id: str) -> None:
        for table in self.tables.values():
            table.pop(row_id, None)
        self._log("purges", "purge", row_id, kind)

    def put_record(self, kind: str, data: dict[str, Any], version: int = 1) -> None:
        stored = {**data, "version": version}
        self.records[data["id"]] = {"kind": kind, "version": version, "data": stored}
        self._log("records", "upsert", data["id"], kind)

    def _log(self, stream: str, op: str, row_id: str, kind: str | None) -> None:
        self.log.append(Logged(len(self.log) + 1, stream, op, row_id, kind))

    # ------------------------------------------------------------ HTTP

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(wire.API)
        self.requests.append(f"{request.method} {path}")
        for index, (part, status, code) in enumerate(self.errors):
            if part in path:
                del self.errors[index]
                if status == 0:
                    raise httpx.ConnectError("cut", request=request)
                headers = {"Retry-After": "7"} if status in (429, 503) else {}
                return self._error(status, code, headers)
        if path != "/enroll" and request.headers.get(wire.DEVICE_HEADER) != DEVICE_TOKEN:
            return self._error(401, "unauthorized")
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        body = json.loads(request.content) if request.content else None
        if path == "/enroll":
            return self._enroll(body)
        if path.startswith("/sync/") and path != "/sync/push":
            return self._pull(path.removeprefix("/sync/"), query)
        if path.startswith("/snapshot/"):
            return self._snapshot(request, path.removeprefix("/snapshot/"), query)
        if path == "/audit/checkpoint":
            return _json(wire.AuditCheckpoint(seq=self.checkpoint[0], hash=self.checkpoint[1]))
        if request.headers.get("Authorization") != f"Bearer {STAFF_TOKEN}":
            return self._error(401, "token_expired")
        if path == "/sync/push":
            return self._push(wire.PushRequest.model_validate(body))
        if path == "/vouchers/blocks":
            return self._block(wire.VoucherBlockRequest.model_validate(body))
        return self._error(404, "not_found")

    def _error(
        self, status: int, code: str, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        body = wire.ErrorBody(code=code, message=f"エラー {code}")
        return httpx.Response(status, json=body.model_dump(mode="json"), headers=headers)

    def _enroll(self, body: dict[str, Any]) -> httpx.Response:
        if body["code"] != "ENROLL-123456":
            return self._error(422, "invalid")
        return _json(
            wire.EnrollResponse(
                device_id="device-1",
                device_token=DEVICE_TOKEN,
                workstation_name=body["workstation_name"],
                ward=self.ward,
                kind="workstation",
                signing_key="c2lnbmluZy1rZXk=",
                server_time=self.now,
            )
        )

    def _scope(self) -> str:
        return wire.scope_hash(self.ward)

    def _visible(self, stream: str, row_id: str) -> bool:
        row = self.tables[stream].get(row_id)
        return not (
            stream == "residents" and row and self.ward is not None and row["ward"] != self.ward
        )

    def _row(self, entry: Logged) -> dict[str, Any] | None:
        if entry.stream == "records":
            record = self.records.get(entry.id)
            return None if record is None else record["data"]
        return self.tables[entry.stream].get(entry.id)

    def _pull(self, stream: str, query: dict[str, str]) -> httpx.Response:
        since = 0
        if "cursor" in query:
            name, scope, since = wire.decode_cursor(query["cursor"])
            if name != stream or scope != self._scope() or since < self.horizon:
                return self._error(409, "must_resnapshot")
        limit = self.page_rows or int(query.get("limit", wire.PAGE_ROWS))
        pending = [e for e in self.log if e.stream == stream and e.seq > since]
        page, last = pending[:limit], since
        changes: dict[str, wire.Change] = {}
        for entry in page:
            last = entry.seq
            if not self._visible(stream, entry.id):
                continue
            data = self._row(entry) if entry.op == "upsert" else None
            op = entry.op if data is not None or entry.op != "upsert" else "delete"
            changes.pop(entry.id, None)
            changes[entry.id] = wire.Change(
                seq=entry.seq,
                op=op,
                id=entry.id,
                kind=entry.kind,
                data=data,  # type: ignore[arg-type]
            )
        listed = list(changes.values())
        digest = wire.page_hash(listed)
        if stream in self.corrupt_next_page:
            self.corrupt_next_page.discard(stream)
            digest = "0" * 32
        return _json(
            wire.PullPage(
                stream=stream,
                cursor=wire.encode_cursor(stream, self._scope(), last),
                count=len(listed),
                hash=digest,
                has_more=len(pending) > limit,
                changes=listed,
                server_time=self.now,
            )
        )

    def _snapshot(
        self, request: httpx.Request, stream: str, query: dict[str, str]
    ) -> httpx.Response:
        served = self.cut_snapshot_after.get(stream)
        if served is not None:
            if served == 0:
                del self.cut_snapshot_after[stream]
                raise httpx.ConnectError("cut", request=request)
            self.cut_snapshot_after[stream] = served - 1
        limit = self.page_rows or int(query.get("limit", wire.SNAPSHOT_ROWS))
        after = query.get("after", "")
        cursor = query.get("cursor") or wire.encode_cursor(
            stream, self._scope(), self.log[-1].seq if self.log else 0
        )
        if stream == "records":
            everything = [
                {"id": rid, "kind": r["kind"], "data": r["data"]} for rid, r in self.records.items()
            ]
        elif stream == "purges":
            everything = []
        else:
            everything = [
                row for rid, row in self.tables[stream].items() if self._visible(stream, rid)
            ]
        rows = sorted((r for r in everything if r["id"] > after), key=lambda r: r["id"])
        page = rows[:limit]
        return _json(
            wire.SnapshotPage(
                stream=stream,
                cursor=cursor,
                after=page[-1]["id"] if page else after or None,
                count=len(page),
                hash=wire.page_hash(page),
                done=len(rows) <= limit,
                rows=page,
                server_time=self.now,
            )
        )

    def _push(self, request: wire.PushRequest) -> httpx.Response:
        self.pushes.append(request.model_dump(mode="json"))
        results = [self._push_one(record) for record in request.records]
        for event in request.audit:
            seq, head = self.checkpoint
            fields = event.model_dump()
            if event.seq != seq + 1 or event.prev_hash != head:
                break
            if event_hash(fields, head) != event.hash:
                break
            self.audit.append(fields)
            self.checkpoint = (event.seq, event.hash)
        return _json(
            wire.PushResponse(
                results=results,
                audit_seq=self.checkpoint[0],
                audit_hash=self.checkpoint[1],
                server_time=self.now,
            )
        )

    def _push_one(self, record: wire.PushRecord) -> wire.PushResult:
        if record.id in self.forced:
            status = self.forced[record.id]
            version = 1 if status in ("applied", "already_applied", "merged") else None
            if version is not None:
                self.put_record(record.kind, record.data)
            return wire.PushResult(
                id=record.id, status=status, server_version=version, message="強制"
            )  # type: ignore[arg-type]
        existing = self.records.get(record.id)
        content = {k: v for k, v in record.data.items() if k != "version"}
        if existing is None:
            if not self._parent_present(record):
                return wire.PushResult(id=record.id, status="retry_later", message="親がありません")
            if self._natural_key_taken(record):
                return wire.PushResult(
                    id=record.id, status="conflict", message="別の端末で登録済み"
                )
            self.put_record(record.kind, record.data)
            return wire.PushResult(id=record.id, status="applied", server_version=1)
        stored = {k: v for k, v in existing["data"].items() if k != "version"}
        if wire.content_hash(stored) == wire.content_hash(content):
            return wire.PushResult(
                id=record.id, status="already_applied", server_version=existing["version"]
            )
        if record.base_version == existing["version"]:
            self.put_record(record.kind, record.data, existing["version"] + 1)
            return wire.PushResult(
                id=record.id, status="applied", server_version=existing["version"] + 1
            )
        return wire.PushResult(id=record.id, status="conflict", message="他の端末の変更と競合")

    def _parent_present(self, record: wire.PushRecord) -> bool:
        parent = wire.PARENTS.get(record.kind)
        if parent is None:
            return True
        field_name, kind = parent
        value = record.data.get(field_name)
        if kind in wire.STREAM_TABLES:
            return value in self.tables[kind]
        return value in self.records

    def _natural_key_taken(self, record: wire.PushRecord) -> bool:
        key = wire.NATURAL_KEYS.get(record.kind)
        if not key:
            return False
        mine = tuple(record.data.get(c) for c in key)
        return any(
            r["kind"] == record.kind and tuple(r["data"].get(c) for c in key) == mine
            for rid, r in self.records.items()
            if rid != record.id
        )

    def _block(self, request: wire.VoucherBlockRequest) -> httpx.Response:
        first = self.next_serial
        self.next_serial += request.size
        return _json(
            wire.VoucherBlock(
                block_id=f"block-{first}",
                fiscal_year=request.fiscal_year,
                first=first,
                last=first + request.size - 1,
                expires_at=self.now + timedelta(days=30),
            )
        )


def _json(model: Any) -> httpx.Response:
    return httpx.Response(
        200, content=model.model_dump_json().encode(), headers={"content-type": "application/json"}
    )
