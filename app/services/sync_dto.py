"""What the sync and enrollment services hand the screens: no rows, no personal values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ProblemAction = Literal["retry", "discard"]


@dataclass(frozen=True)
class SyncStatus:
    """The status bar's line: enrolled or not, when the last sync ended, what waits to go up."""

    enrolled: bool
    server_url: str | None
    workstation_name: str | None
    last_sync_at: datetime | None
    pending: int  # outbox records and audit events not yet accepted by the server
    problems: int  # records the server refused or sent to a supervisor
    online: bool | None  # None: not tried since start
    message: str = ""  # the last sync's trouble, in Japanese ("" when fine)
    needs_online_login: bool = False  # records wait for a staff token (the session is offline)


@dataclass(frozen=True)
class SyncReport:
    """One sync round, for the background runner."""

    pulled: int
    pushed: int
    problems: int
    online: bool
    session_revoked: bool = False  # the current staff member is revoked: end the session now
    device_revoked: bool = False  # this workstation is revoked: stop syncing
    message: str = ""


@dataclass(frozen=True)
class SyncProblem:
    """A record the server did not take, with its reason, for a supervisor to act on."""

    id: str
    record_kind: str
    record_kind_ja: str
    record_id: str
    status: Literal["conflict", "rejected"]
    message: str
    created_at: datetime
    attempts: int


@dataclass(frozen=True)
class EnrollmentResult:
    workstation_name: str
    server_url: str
    ward: str | None
