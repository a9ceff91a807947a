"""Records pushed by a workstation: the rules of docs/sync-protocol.md, one record at a time.

The caller holds one transaction for the whole request (and the change-log lock, so natural
keys and versions are checked without a race); every record gets exactly one PushResult.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.sync import wire
from server import record_rules
from server.changes import Change, log_changes
from server.models import Conflict, Record, RecordHistory, Resident

NATURAL_KEY_TAKEN = {
    "form_entry": "同じ用紙の2回目入力が別の端末で既に登録されています。"
    "保護責任者の確認待ちに回しました。",
    "paper_form": "同じ束の同じ用紙番号が別の端末で既に登録されています。"
    "保護責任者の確認待ちに回しました。",
    "voucher": "この受診券番号は既に別の受診券で使われています。保護責任者の確認待ちに回しました。",
}
SAME_ID_OTHER_CONTENT = (
    "同じidで内容の異なる記録がサーバーにあります。保護責任者の確認待ちに回しました。"
)
SAME_FIELDS = "他の端末が同じ項目を先に変更しています。保護責任者の確認待ちに回しました。"
MERGED = "他の端末の変更と別の項目だったため、両方の変更を反映しました（確認用に記録しました）。"
PARENT_MISSING = "関連する記録がまだサーバーに届いていません。後で自動的に再送します。"
APPEND_ONLY = "この種類の記録は変更できません（訂正は新しい記録として登録してください）。"


@dataclass(frozen=True)
class Pusher:
    """Who is pushing: the device (and its ward, the scope of new records) and the staff."""

    session: Session
    device_id: str
    ward: str | None
    staff_id: str
    now: datetime

    def apply(self, record: wire.PushRecord) -> wire.PushResult:
        problem = record_rules.problem(record.kind, record.id, record.data)
        if problem is not None:
            return wire.PushResult(id=record.id, status="rejected", message=problem)
        pushed_hash = wire.content_hash(record.data)
        existing = self.session.get(Record, record.id)
        if existing is not None and existing.kind != record.kind:
            return _result(record, "rejected", message="同じidで別の種類の記録があります。")
        if existing is not None and self._already(existing, pushed_hash):
            return _result(record, "already_applied", existing.version)
        if record.op == "delete":
            return self._delete(record, existing)
        if existing is None:
            return self._insert(record, pushed_hash)
        return self._update(record, existing, pushed_hash)

    # ------------------------------------------------------------ cases

    def _already(self, existing: Record, pushed_hash: str) -> bool:
        if existing.content_hash == pushed_hash:
            return True
        found = self.session.scalar(
            select(RecordHistory.version).where(
                RecordHistory.id == existing.id, RecordHistory.push_hash == pushed_hash
            )
        )
        return found is not None

    def _insert(self, record: wire.PushRecord, pushed_hash: str) -> wire.PushResult:
        if not self._parent_present(record):
            return _result(record, "retry_later", message=PARENT_MISSING)
        key = record_rules.natural_key(record.kind, record.data)
        if key is not None and self._key_holder(record.kind, key, record.id) is not None:
            return self._conflict(record, NATURAL_KEY_TAKEN[record.kind])
        row = Record(
            id=record.id,
            kind=record.kind,
            version=1,
            content_hash=pushed_hash,
            data=record.data,
            ward=self.ward,
            device_id=self.device_id,
            natural_key=key,
            resident_id=_text(record.data.get("resident_id")),
            parent_id=_parent_id(record.kind, record.data),
            updated_at=self.now,
        )
        self.session.add(row)
        self._remember(row, pushed_hash)
        return _result(record, "applied", 1)

    def _update(
        self, record: wire.PushRecord, existing: Record, pushed_hash: str
    ) -> wire.PushResult:
        if record.base_version == 0:
            return self._conflict(record, SAME_ID_OTHER_CONTENT)
        if record.kind in wire.APPEND_ONLY_KINDS:
            return _result(record, "rejected", message=APPEND_ONLY)
        if record.base_version > existing.version:
            message = "サーバーにない版を元にした変更です。この記録を取得し直してください。"
            return _result(record, "rejected", message=message)
        data, message = record.data, ""
        status: wire.PushStatus = "applied"
        if record.base_version < existing.version:
            merged = self._merge(record, existing)
            if merged is None:
                return self._conflict(record, SAME_FIELDS)
            data, status, message = merged, "merged", MERGED
        if not self._parent_present(record):
            return _result(record, "retry_later", message=PARENT_MISSING)
        key = record_rules.natural_key(record.kind, data)
        if key is not None and self._key_holder(record.kind, key, record.id) is not None:
            return self._conflict(record, NATURAL_KEY_TAKEN[record.kind])
        existing.version += 1
        existing.data = data
        existing.content_hash = wire.content_hash(data)
        existing.natural_key = key
        existing.resident_id = _text(data.get("resident_id"))
        existing.parent_id = _parent_id(record.kind, data)
        existing.updated_at = self.now
        self._remember(existing, pushed_hash)
        if status == "merged":
            self._queue(record, MERGED, "flagged")
        return _result(record, status, existing.version, message)

    def _delete(self, record: wire.PushRecord, existing: Record | None) -> wire.PushResult:
        if existing is None:
            return _result(record, "already_applied")
        if record.kind in wire.APPEND_ONLY_KINDS:
            return _result(record, "rejected", message=APPEND_ONLY)
        if record.base_version != existing.version:
            return self._conflict(record, SAME_FIELDS)
        version = existing.version + 1
        self.session.delete(existing)
        self.session.flush()
        log_changes(
            self.session,
            [Change("records", record.id, "delete", record.kind, existing.ward)],
            now=self.now,
        )
        return _result(record, "applied", version)

    # ------------------------------------------------------------ helpers

    def _merge(self, record: wire.PushRecord, existing: Record) -> dict[str, Any] | None:
        """Fields this desk changed since its base, if none of them changed on the server."""
        base = self.session.get(RecordHistory, (existing.id, record.base_version))
        if base is None:
            return None
        mine = _changed(base.data, record.data)
        theirs = _changed(base.data, existing.data)
        if mine & theirs:
            return None
        merged = dict(existing.data)
        for name in mine:
            if name in record.data:
                merged[name] = record.data[name]
            else:
                merged.pop(name, None)
        return merged

    def _parent_present(self, record: wire.PushRecord) -> bool:
        parent = wire.PARENTS.get(record.kind)
        if parent is None:
            return True
        field, parent_kind = parent
        parent_id = record.data.get(field)
        if parent_kind == "residents":
            return self.session.get(Resident, parent_id) is not None
        found = self.session.get(Record, parent_id)
        return found is not None and found.kind == parent_kind

    def _key_holder(self, kind: str, key: str, record_id: str) -> str | None:
        query = select(Record.id).where(
            Record.kind == kind, Record.natural_key == key, Record.id != record_id
        )
        return self.session.scalar(query)

    def _remember(self, row: Record, pushed_hash: str) -> None:
        self.session.flush()
        self.session.execute(
            delete(RecordHistory).where(
                RecordHistory.id == row.id, RecordHistory.version == row.version
            )
        )
        self.session.add(
            RecordHistory(id=row.id, version=row.version, data=row.data, push_hash=pushed_hash)
        )
        self.session.flush()
        log_changes(self.session, [Change("records", row.id, "upsert", row.kind, row.ward)])

    def _conflict(self, record: wire.PushRecord, reason: str) -> wire.PushResult:
        self._queue(record, reason, "open")
        return _result(record, "conflict", message=reason)

    def _queue(self, record: wire.PushRecord, reason: str, status: str) -> None:
        queued = self.session.scalars(
            select(Conflict.data).where(
                Conflict.record_id == record.id,
                Conflict.device_id == self.device_id,
                Conflict.status == status,
            )
        )
        if any(data == record.data for data in queued):
            return  # the same push again: queued once
        self.session.add(
            Conflict(
                record_id=record.id,
                kind=record.kind,
                device_id=self.device_id,
                staff_id=self.staff_id,
                data=record.data,
                reason=reason,
                status=status,
                created_at=self.now,
            )
        )
        self.session.flush()


def _result(
    record: wire.PushRecord, status: wire.PushStatus, version: int | None = None, message: str = ""
) -> wire.PushResult:
    return wire.PushResult(id=record.id, status=status, server_version=version, message=message)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    names = (set(before) | set(after)) - record_rules.BOOKKEEPING
    return {name for name in names if before.get(name) != after.get(name)}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parent_id(kind: str, data: dict[str, Any]) -> str | None:
    parent = wire.PARENTS.get(kind)
    return None if parent is None else _text(data.get(parent[0]))
