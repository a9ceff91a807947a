"""Fakes of the sync and enrollment services, with the signatures the screens are built against."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.services.sync_dto import EnrollmentResult, SyncProblem, SyncReport, SyncStatus

NOT_ENROLLED = SyncStatus(
    enrolled=False,
    server_url=None,
    workstation_name=None,
    last_sync_at=None,
    pending=0,
    problems=0,
    online=None,
)
ENROLLED = SyncStatus(
    enrolled=True,
    server_url="https://kenshin.city.example.jp",
    workstation_name="hoken-center-01",
    last_sync_at=datetime(2026, 11, 26, 1, 32, tzinfo=UTC),
    pending=3,
    problems=1,
    online=True,
)
FINE = SyncReport(pulled=0, pushed=0, problems=0, online=True)
GATE_TIMEOUT_S = 5


def problem(number: int, *, status: str = "conflict", message: str = "") -> SyncProblem:
    return SyncProblem(
        id=f"problem-{number}",
        record_kind="form_entry",
        record_kind_ja="用紙の入力",
        record_id=f"0193a1b2-c3d4-7e5f-8a9b-{number:012x}",
        status=status,  # type: ignore[arg-type]
        message=message or "同じ用紙の2回目入力が別の端末で既に登録されています。",
        created_at=datetime(2026, 11, 26, 0, 15 + number, tzinfo=UTC),
        attempts=number,
    )


@dataclass
class FakeSync:
    """Status as set; rounds recorded (from a pool thread) and answered from `reports`."""

    current: SyncStatus = NOT_ENROLLED
    reports: list[SyncReport] = field(default_factory=list)
    rounds: list[StaffSession | None] = field(default_factory=list)
    open_problems: list[SyncProblem] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)
    gate: threading.Event | None = None
    failure: BaseException | None = None

    def status(self) -> SyncStatus:
        return self.current

    def sync_now(self, session: StaffSession | None) -> SyncReport:
        self.rounds.append(session)
        if self.gate is not None:
            self.gate.wait(GATE_TIMEOUT_S)
        if self.failure is not None:
            raise self.failure
        return self.reports.pop(0) if self.reports else FINE

    def problems(self, session: StaffSession, /) -> list[SyncProblem]:
        if not session.may(Permission.SYNC_PROBLEMS):
            raise PermissionDenied()
        return list(self.open_problems)

    def resolve(self, session: StaffSession, /, *, problem_id: str, action: str) -> None:
        if not session.may(Permission.SYNC_PROBLEMS):
            raise PermissionDenied()
        self.resolved.append((problem_id, action))
        self.open_problems = [p for p in self.open_problems if p.id != problem_id]


@dataclass
class FakeEnrollment:
    """Enrolls on any input it is given, unless told to refuse; `gate` holds a call in flight."""

    is_enrolled: bool = False
    calls: list[tuple[str, str, str, str]] = field(default_factory=list)
    refusal: KenshinError | None = None
    gate: threading.Event | None = None

    def enrolled(self) -> bool:
        return self.is_enrolled

    def enroll(
        self, server_url: str, code: str, ca_pem: str, workstation_name: str
    ) -> EnrollmentResult:
        self.calls.append((server_url, code, ca_pem, workstation_name))
        if self.gate is not None:
            self.gate.wait(GATE_TIMEOUT_S)
        if self.refusal is not None:
            raise self.refusal
        self.is_enrolled = True
        return EnrollmentResult(workstation_name=workstation_name, server_url=server_url, ward=None)
