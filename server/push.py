"""Records pushed by a workstation: the rules of docs/sync-protocol.md, one record at a time.

The caller holds one transaction for the whole request; every record gets exactly one
PushResult. The records pushed are locked (FOR UPDATE) as they are read, so versions are
checked without a race; a natural key or a new id taken by a concurrent push shows as a unique
violation, and the caller then runs the request again under the change-log lock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Executable, Result, Table, bindparam, delete, insert, select
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
    "followup": "この検診結果の精検結果は別の端末で既に登録されています。"
    "保護責任者の確認待ちに回しました。",
}
SAME_ID_OTHER_CONTENT = (
    "同じidで内容の異なる記録がサーバーにあります。保護責任者の確認待ちに回しました。"
)
SAME_FIELDS = "他の端末が同じ項目を先に変更しています。保護責任者の確認待ちに回しました。"
MERGED = "他の端末の変更と別の項目だったため、両方の変更を反映しました（確認用に記録しました）。"
PARENT_MISSING = "関連する記録がまだサーバーに届いていません。後で自動的に再送します。"
APPEND_ONLY = "この種類の記録は変更できません（訂正は新しい記録として登録してください）。"
FOLLOWS_LOST_ENTRY = (
    "この用紙の入力が別の端末の入力と競合したため、この端末での照合の結果も"
    "保護責任者の確認待ちに回しました。"
)


def _table(model: type[Record | RecordHistory]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


RECORD_COLUMNS = tuple(column.name for column in _table(Record).columns)
INSERT_RECORDS = insert(_table(Record))  # Core: no unit of work for rows just made
INSERT_HISTORY = insert(_table(RecordHistory))
# prepare()'s statements, built once (one made per call is compiled from a new cache key).
_IDS: BindParameter[str] = bindparam("ids", expanding=True)
PUSHED_RECORDS = select(Record).where(Record.id.in_(_IDS)).order_by(Record.id).with_for_update()
PARENT_RECORDS = select(Record).where(Record.id.in_(_IDS))
LEFTOVERS = select(RecordHistory.id).where(RecordHistory.id.in_(_IDS)).distinct()
RESIDENTS = select(Resident.id).where(Resident.id.in_(_IDS))
KEY_HOLDERS = select(Record.kind, Record.natural_key, Record.id).where(
    Record.natural_key.in_(bindparam("keys", expanding=True))
)
# Kinds that follow from a form's entries (the comparison made at the desk that keyed the
# second one), with the field naming their form; a paper form is its own form.
FORM_OF = {"form_entry": "form_id", "adjudication": "form_id", "screening_result": "form_id"}


@dataclass(frozen=True)
class Pusher:
    """Who is pushing: the device (and its ward, the scope of new records) and the staff."""

    session: Session
    device_id: str
    ward: str | None
    staff_id: str
    now: datetime
    # What the request's records ask about, loaded in a few queries by prepare(): the records
    # by id (None: not on the server), the residents present, the holders of natural keys.
    records: dict[str, Record | None] = field(default_factory=dict)
    residents: set[str] = field(default_factory=set)
    keys: dict[tuple[str, str], str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)  # ids with history but no record: deleted
    # Forms whose entry in this request was a conflict (two desks keyed the same second entry
    # offline): what the desk derived from that entry, later in the request, is one too.
    lost_forms: set[str] = field(default_factory=set)
    # New records and their first history rows, written by finish() with one INSERT each (the
    # ORM's unit of work took a tenth of the server's CPU). Not for an id the request holds
    # twice: its later record reads and changes the row as written (through the ORM).
    repeated: set[str] = field(default_factory=set)
    new_rows: list[Record] = field(default_factory=list)
    new_history: list[dict[str, Any]] = field(default_factory=list)

    def prepare(self, records: list[wire.PushRecord]) -> None:
        """Load at once what apply() will look up, so a request of 100 records costs a few
        queries instead of several per record."""
        wanted = {r.id for r in records}
        residents: set[str] = set()
        keys: set[str] = set()
        for record in records:
            parent = wire.PARENTS.get(record.kind)
            value = record.data.get(parent[0]) if parent else None
            if parent is not None and isinstance(value, str):
                (residents if parent[1] == "residents" else wanted).add(value)
            key = record_rules.natural_key(record.kind, record.data)
            if key is not None:
                keys.add(key)
        self._load_records({r.id for r in records}, wanted)
        counted = Counter(r.id for r in records)
        self.repeated.update(i for i, n in counted.items() if n > 1)
        missing = sorted(i for i in {r.id for r in records} if self.records.get(i) is None)
        for chunk in _chunks(missing):
            self.gone.update(self._core(LEFTOVERS, ids=chunk).scalars())
        for chunk in _chunks(sorted(residents)):
            self.residents.update(self._core(RESIDENTS, ids=chunk).scalars())
        for chunk in _chunks(sorted(keys)):
            for kind, key, holder in self._core(KEY_HOLDERS, keys=chunk):
                if key is not None:
                    self.keys[(kind, key)] = holder

    def _core(
        self, statement: Executable, rows: list[dict[str, Any]] | None = None, **values: Any
    ) -> Result[*tuple[Any, ...]]:
        """A Core statement on the session's connection (no ORM execution steps; nothing
        pending in the session is flushed first: these read or write only what it never
        holds, or rows of this request's own)."""
        return self.session.connection().execute(statement, rows if rows is not None else values)

    def _load_records(self, pushed: set[str], wanted: set[str]) -> None:
        """The records pushed, locked in id order until the commit (a concurrent push of the
        same records waits, then reads the versions this one wrote; one order, no deadlock),
        and the parents they name, read without a lock."""
        self.records.update(dict.fromkeys(wanted))
        for chunk in _chunks(sorted(pushed)):
            for row in self.session.scalars(PUSHED_RECORDS, {"ids": chunk}):
                self.records[row.id] = row
        for chunk in _chunks(sorted(wanted - pushed)):
            for row in self.session.scalars(PARENT_RECORDS, {"ids": chunk}):
                self.records[row.id] = row

    def finish(self) -> None:
        """The change-log rows of every applied record, in order: the records are written
        first, then the change-log lock is taken with the change rows (held until the commit)."""
        if self.new_rows:
            rows = [{name: getattr(row, name) for name in RECORD_COLUMNS} for row in self.new_rows]
            self._core(INSERT_RECORDS, rows)
        if self.new_history:
            self._core(INSERT_HISTORY, self.new_history)
        self.new_rows.clear()
        self.new_history.clear()
        log_changes(self.session, self.changes, now=self.now)
        self.changes.clear()

    def _record(self, record_id: Any) -> Record | None:
        if not isinstance(record_id, str):
            return None
        if record_id not in self.records:
            self.records[record_id] = self.session.get(Record, record_id)
        return self.records[record_id]

    def apply(self, record: wire.PushRecord) -> wire.PushResult:
        result = self._apply(record)
        if record.kind == "form_entry" and result.status == "conflict":
            self.lost_forms.add(str(record.data.get("form_id")))
        return result

    def _apply(self, record: wire.PushRecord) -> wire.PushResult:
        # A delete carries only the id: its kind and id are checked, not the fields.
        data = record.data if record.op != "delete" else {"id": record.id}
        problem = record_rules.problem(record.kind, record.id, data, complete=record.op != "delete")
        if problem is not None:
            return wire.PushResult(id=record.id, status="rejected", message=problem)
        pushed_hash = wire.content_hash(record.data)
        existing = self._record(record.id)
        if existing is not None and existing.kind != record.kind:
            return _result(record, "rejected", message="同じidで別の種類の記録があります。")
        if record.op == "delete":
            return self._delete(record, existing)
        if existing is not None and self._already(existing, pushed_hash):
            return _result(record, "already_applied", existing.version)
        if self._form_of(record) in self.lost_forms:
            return self._conflict(record, FOLLOWS_LOST_ENTRY)
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
        if row.id not in self.repeated:
            self.new_rows.append(row)
        else:
            self.session.add(row)
        self.records[row.id] = row
        if key is not None:
            self.keys[(record.kind, key)] = row.id
        self._remember(row, pushed_hash, new=True)
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
        if existing.natural_key is not None:
            self.keys.pop((record.kind, existing.natural_key), None)
        if key is not None:
            self.keys[(record.kind, key)] = existing.id
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
        self.records[record.id] = None
        if existing.natural_key is not None:
            self.keys.pop((record.kind, existing.natural_key), None)
        self.changes.append(Change("records", record.id, "delete", record.kind, existing.ward))
        return _result(record, "applied", version)

    # ------------------------------------------------------------ helpers

    def _form_of(self, record: wire.PushRecord) -> str | None:
        if record.kind == "paper_form":
            return record.id
        name = FORM_OF.get(record.kind)
        return None if name is None else _text(record.data.get(name))

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
            if not isinstance(parent_id, str):
                return False
            if (
                parent_id not in self.residents
                and self.session.get(Resident, parent_id) is not None
            ):
                self.residents.add(parent_id)
            return parent_id in self.residents
        found = self._record(parent_id)
        return found is not None and found.kind == parent_kind

    def _key_holder(self, kind: str, key: str, record_id: str) -> str | None:
        if (kind, key) not in self.keys:
            query = select(Record.id).where(Record.kind == kind, Record.natural_key == key)
            holder = self.session.scalar(query)
            if holder is None:
                return None
            self.keys[(kind, key)] = holder
        holder = self.keys[(kind, key)]
        return None if holder == record_id else holder

    def _remember(self, row: Record, pushed_hash: str, *, new: bool = False) -> None:
        if new and row.id in self.gone:  # deleted once: its old history is not this record's
            self.session.flush()
            self.session.execute(delete(RecordHistory).where(RecordHistory.id == row.id))
        elif not new:  # an update: a deleted-and-made-again record may have left this behind
            self.session.flush()
            self.session.execute(
                delete(RecordHistory).where(
                    RecordHistory.id == row.id, RecordHistory.version == row.version
                )
            )
        history = {"id": row.id, "version": row.version, "data": row.data, "push_hash": pushed_hash}
        if new and row.id not in self.repeated:
            self.new_history.append(history)
        else:
            self.session.add(RecordHistory(**history))
        self.changes.append(Change("records", row.id, "upsert", row.kind, row.ward))

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


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parent_id(kind: str, data: dict[str, Any]) -> str | None:
    parent = wire.PARENTS.get(kind)
    return None if parent is None else _text(data.get(parent[0]))
