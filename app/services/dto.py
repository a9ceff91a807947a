"""Frozen results the services hand to screens; ORM rows never leave a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.domain.policy import Permission, Role, permissions_of


@dataclass(frozen=True)
class StaffSession:
    """Who is at the desk: the logged-in staff member, their roles and the workstation."""

    staff_id: str
    login_id: str
    display_name: str
    roles: frozenset[Role]
    must_change_password: bool
    workstation: str
    started_at: datetime
    # The server's short-lived staff token after an online login; None offline or standalone.
    staff_token: str | None = field(default=None, repr=False, compare=False)
    online: bool = False

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.roles)

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


class GrantState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class GrantView:
    """A grant and its state now, decided by the service on its clock."""

    id: str
    role: Role
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    revoked_at: datetime | None
    state: GrantState

    @property
    def active(self) -> bool:
        return self.state is GrantState.ACTIVE


@dataclass(frozen=True)
class StaffView:
    id: str
    login_id: str
    display_name: str
    disabled: bool
    must_change_password: bool
    locked_until: datetime | None  # set only while the ID is locked now
    grants: tuple[GrantView, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AuditEventView:
    seq: int
    at: str
    staff_login: str | None
    workstation: str
    action: str
    record_kind: str | None
    record_id: str | None
    outcome: str
    detail: str


@dataclass(frozen=True)
class DeskStatus:
    """The status bar: user, workstation, fiscal year, last sync and pending uploads."""

    display_name: str
    workstation: str
    fiscal_year: int
    last_sync: datetime | None
    pending_uploads: int


@dataclass(frozen=True)
class HomeSummary:
    """The role's work queue on the home screen."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DraftView:
    screen: str
    payload: dict[str, Any]
    saved_at: datetime
