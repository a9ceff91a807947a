"""Repositories: all SQL of the workstation store lives here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.domain.audit_chain import GENESIS, event_hash
from app.domain.ids import new_id
from app.store.orm import (
    AuditEvent,
    AuditHead,
    Draft,
    Grant,
    LoginThrottle,
    OutboxEntry,
    Role,
    Setting,
    Staff,
    SyncCursor,
)


def _in_force(now: datetime) -> ColumnElement[bool]:
    """A grant in force at `now`: not revoked, begun, not yet ended."""
    return and_(
        Grant.revoked_at.is_(None),
        Grant.valid_from <= now,
        or_(Grant.valid_until.is_(None), Grant.valid_until > now),
    )


class SqlAlchemyStaffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, staff_id: str) -> Staff | None:
        return self._session.get(Staff, staff_id)

    def get_by_login(self, login_id: str) -> Staff | None:
        return self._session.scalars(select(Staff).where(Staff.login_id == login_id)).first()

    def all(self) -> list[Staff]:
        return list(self._session.scalars(select(Staff).order_by(Staff.login_id)))

    def add(self, staff: Staff) -> None:
        self._session.add(staff)
        self._session.flush()

    def active_roles(self, staff_id: str, now: datetime) -> set[str]:
        query = select(Grant.role_code).where(Grant.staff_id == staff_id, _in_force(now))
        return set(self._session.scalars(query))

    def access(self, staff_id: str, now: datetime) -> tuple[bool, bool, set[str]] | None:
        """(disabled, must change password, live roles) of a staff member in one statement,
        or None if there is no such person: the check that runs before every service call."""
        query = (
            select(Staff.disabled, Staff.must_change_password, Grant.role_code)
            .outerjoin(Grant, and_(Grant.staff_id == Staff.id, _in_force(now)))
            .where(Staff.id == staff_id)
        )
        rows = self._session.execute(query).all()
        if not rows:
            return None
        disabled, must_change = bool(rows[0][0]), bool(rows[0][1])
        return disabled, must_change, {role for _, _, role in rows if role is not None}

    def grants(self, staff_id: str) -> list[Grant]:
        query = select(Grant).where(Grant.staff_id == staff_id).order_by(Grant.issued_at)
        return list(self._session.scalars(query))

    def get_grant(self, grant_id: str) -> Grant | None:
        return self._session.get(Grant, grant_id)

    def add_grant(self, grant: Grant) -> None:
        self._session.add(grant)
        self._session.flush()

    def roles(self) -> list[Role]:
        return list(self._session.scalars(select(Role).order_by(Role.code)))

    def add_role(self, role: Role) -> None:
        self._session.add(role)
        self._session.flush()


class SqlAlchemyThrottleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, name_hash: str) -> LoginThrottle:
        row = self._session.get(LoginThrottle, name_hash)
        if row is None:
            row = LoginThrottle(name_hash=name_hash, failures=0, locked_until=None)
            self._session.add(row)
        return row

    def peek(self, name_hash: str) -> LoginThrottle | None:
        return self._session.get(LoginThrottle, name_hash)

    def clear(self, name_hash: str) -> None:
        self._session.execute(delete(LoginThrottle).where(LoginThrottle.name_hash == name_hash))


class SqlAlchemyAuditLog:
    """Appends hash-chained events; the head row moves in the same transaction."""

    HEAD = "local"

    def __init__(self, session: Session, workstation: str, now: Callable[[], datetime]) -> None:
        self._session = session
        self._workstation = workstation
        self._now = now

    def record(
        self,
        *,
        staff_id: str | None,
        action: str,
        outcome: str = "ok",
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: str = "",
    ) -> int:
        head = self._session.get(AuditHead, self.HEAD)
        seq, prev_hash = (head.seq + 1, head.hash) if head else (1, GENESIS)
        event = AuditEvent(
            seq=seq,
            at=self._now().isoformat(timespec="microseconds"),
            staff_id=staff_id,
            workstation=self._workstation,
            action=action,
            record_kind=record_kind,
            record_id=record_id,
            outcome=outcome,
            detail=detail[:200],
            prev_hash=prev_hash,
        )
        event.id = new_id()  # needed now: the id is part of the hash
        event.hash = event_hash(_chained(event), prev_hash)
        self._session.add(event)
        if head is None:
            self._session.add(AuditHead(name=self.HEAD, seq=seq, hash=event.hash))
        else:
            head.seq, head.hash = seq, event.hash
        self._session.flush()
        return seq

    def head(self) -> tuple[int, str] | None:
        head = self._session.get(AuditHead, self.HEAD)
        return None if head is None else (head.seq, head.hash)

    def events(self) -> Iterator[dict[str, Any]]:
        query = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
        for event in self._session.scalars(query):
            yield {**_chained(event), "prev_hash": event.prev_hash, "hash": event.hash}

    def recent(self, limit: int) -> list[AuditEvent]:
        query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
        return list(self._session.scalars(query))

    def count(self, *, action: str | None = None, outcome: str | None = None) -> int:
        query = select(func.count()).select_from(AuditEvent)
        if action is not None:
            query = query.where(AuditEvent.action == action)
        if outcome is not None:
            query = query.where(AuditEvent.outcome == outcome)
        return int(self._session.scalar(query) or 0)


def _chained(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "id": event.id,
        "at": event.at,
        "staff_id": event.staff_id,
        "workstation": event.workstation,
        "action": event.action,
        "record_kind": event.record_kind,
        "record_id": event.record_id,
        "outcome": event.outcome,
        "detail": event.detail,
    }


class SqlAlchemySettingsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self) -> dict[str, Any]:
        return {row.key: row.value for row in self._session.scalars(select(Setting))}

    def get(self, key: str) -> Any:
        row = self._session.scalars(select(Setting).where(Setting.key == key)).first()
        return None if row is None else row.value

    def put(self, key: str, value: Any) -> None:
        row = self._session.scalars(select(Setting).where(Setting.key == key)).first()
        if row is None:
            self._session.add(Setting(key=key, value=value))
        else:
            row.value = value
            row.version += 1
        self._session.flush()


class SqlAlchemyDraftRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def save(self, staff_id: str, screen: str, payload: dict[str, Any]) -> None:
        self._session.execute(
            delete(Draft).where(Draft.staff_id == staff_id, Draft.screen == screen)
        )
        self._session.add(Draft(staff_id=staff_id, screen=screen, payload=payload))
        self._session.flush()

    def take(self, staff_id: str) -> list[Draft]:
        drafts = list(self._session.scalars(select(Draft).where(Draft.staff_id == staff_id)))
        for draft in drafts:
            self._session.delete(draft)
        self._session.flush()
        return drafts


class SqlAlchemySyncStateRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def pending_uploads(self) -> int:
        query = select(func.count()).select_from(OutboxEntry)
        return int(self._session.scalar(query.where(OutboxEntry.status == "pending")) or 0)

    def last_sync(self) -> datetime | None:
        return self._session.scalar(select(func.max(SyncCursor.synced_at)))

    def add_outbox(
        self, record_kind: str, record_id: str, operation: str, payload: Any = None
    ) -> None:
        """A workflow record changed: it goes up at the next push, as its row is then (the
        payload is filled with the data actually sent)."""
        self._session.add(
            OutboxEntry(
                record_kind=record_kind,
                record_id=record_id,
                operation=operation,
                payload=payload or {},
                status="pending",
                attempts=0,
            )
        )
