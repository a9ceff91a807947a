"""Changes to master rows made by the server itself, each with its change-log row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from server.changes import Change, log_changes
from server.models import Staff, StaffSession, SyncedMixin


def added(session: Session, row: SyncedMixin, stream: str, now: datetime) -> None:
    """A new row: flushed (so it has its id) and logged."""
    row.updated_at = now
    session.add(row)
    session.flush()
    log_changes(session, [Change(stream, row.id)], now=now)


def touched(session: Session, row: SyncedMixin, stream: str, now: datetime) -> None:
    """A changed row: next version, new stamp, logged."""
    row.version += 1
    row.updated_at = now
    session.flush()
    log_changes(session, [Change(stream, row.id)], now=now)


def set_password(
    session: Session, staff: Staff, password_hash: str, *, must_change: bool, now: datetime
) -> None:
    staff.password_hash = password_hash
    staff.must_change_password = must_change
    staff.password_changed_at = now
    touched(session, staff, "staff", now)


def end_sessions(session: Session, staff_id: str, now: datetime) -> None:
    """Every open staff token of this person stops working (disable, password reset)."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now)
    )
