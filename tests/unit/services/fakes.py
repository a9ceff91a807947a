"""In-memory fakes of the store's repositories and unit of work, for millisecond service tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any

from app.domain.audit_chain import GENESIS
from app.store.orm import Grant, LoginThrottle, Staff


class FakeStaffRepository:
    def __init__(self) -> None:
        self.rows: dict[str, Staff] = {}
        self.grant_rows: list[Grant] = []

    def get(self, staff_id: str) -> Staff | None:
        return self.rows.get(staff_id)

    def get_by_login(self, login_id: str) -> Staff | None:
        return next((s for s in self.rows.values() if s.login_id == login_id), None)

    def all(self) -> list[Staff]:
        return sorted(self.rows.values(), key=lambda s: s.login_id)

    def add(self, staff: Staff) -> None:
        staff.id = staff.id or f"staff-{len(self.rows) + 1}"
        staff.version = staff.version or 1
        self.rows[staff.id] = staff

    def access(self, staff_id: str, now: datetime) -> tuple[bool, bool, set[str]] | None:
        staff = self.rows.get(staff_id)
        if staff is None:
            return None
        roles = self.active_roles(staff_id, now)
        return bool(staff.disabled), bool(staff.must_change_password), roles

    def active_roles(self, staff_id: str, now: datetime) -> set[str]:
        return {
            g.role_code
            for g in self.grant_rows
            if g.staff_id == staff_id
            and g.revoked_at is None
            and g.valid_from <= now
            and (g.valid_until is None or g.valid_until > now)
        }


class FakeThrottleRepository:
    def __init__(self) -> None:
        self.rows: dict[str, LoginThrottle] = {}

    def get(self, name_hash: str) -> LoginThrottle:
        return self.rows.setdefault(
            name_hash, LoginThrottle(name_hash=name_hash, failures=0, locked_until=None)
        )

    def peek(self, name_hash: str) -> LoginThrottle | None:
        return self.rows.get(name_hash)

    def clear(self, name_hash: str) -> None:
        self.rows.pop(name_hash, None)


class FakeAuditLog:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def record(self, **fields: Any) -> int:
        self.events.append(fields)
        return len(self.events)

    def head(self) -> tuple[int, str] | None:
        return (len(self.events), GENESIS) if self.events else None


class FakeSettingsRepository:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def all(self) -> dict[str, Any]:
        return dict(self.values)


class FakeSyncRepository:
    """A standalone desk: not enrolled, so the local grants decide every login."""

    def device(self) -> None:
        return None


class FakeUnitOfWork:
    """One shared in-memory state; commit() counts, leaving without it discards nothing (tests
    assert on `committed` instead, since the fakes hold plain objects)."""

    def __init__(self) -> None:
        self.staff = FakeStaffRepository()
        self.throttle = FakeThrottleRepository()
        self.audit = FakeAuditLog()
        self.settings = FakeSettingsRepository()
        self.sync = FakeSyncRepository()
        self.committed = 0

    def __call__(self, read_only: bool = False) -> FakeUnitOfWork:
        return self

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.committed += 1


def add_staff(
    uow: FakeUnitOfWork, login_id: str, password_hash: str, roles: list[str], now: datetime
) -> Staff:
    staff = Staff(
        id=f"id-{login_id}",
        login_id=login_id,
        display_name=login_id,
        password_hash=password_hash,
        must_change_password=False,
        disabled=False,
        version=1,
    )
    uow.staff.add(staff)
    for role in roles:
        uow.staff.grant_rows.append(
            Grant(
                staff_id=staff.id, role_code=role, valid_from=now, valid_until=None, revoked_at=None
            )
        )
    return staff


Factory = Callable[[], FakeUnitOfWork]
