"""Sync for the screens: the status bar's line, a sync round, and the sync problems screen."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.services.sync_dto import ProblemAction, SyncProblem, SyncReport, SyncStatus
from app.sync.engine import (
    AUDIT_ROLLBACK,
    DEVICE_REVOKED,
    ROLLBACK_MARK,
    KeyHolder,
    SyncEngine,
    round_summary,
)
from app.sync.pull import Puller
from app.sync.records import RecordApplier
from app.sync.removal import remove
from app.sync.transport import ServerClient
from app.sync.wire import RECORD_TABLES

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import OutboxEntry
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

log = logging.getLogger(__name__)

KIND_LABELS = {
    "form_batch": "用紙の束",
    "paper_form": "用紙",
    "form_entry": "入力",
    "adjudication": "判定",
    "screening_result": "検診結果",
    "correction_request": "訂正申請",
    "voucher": "受診券",
    "followup": "精検結果",
    "statistics_report": "統計",
}
IDENTITY_STREAMS = ("roles", "staff", "grants")
NOT_ENROLLED = "この端末はまだサーバーに登録されていません。"
NO_DEVICE_KEY = "端末の登録情報が資格情報ストアに見つかりません。システム管理者に連絡してください。"


class SyncService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        clock: Clock,
        client_factory: Callable[[], ServerClient | None],
        keys: KeyHolder | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._client_factory = client_factory
        self._keys = keys
        self._data_dir = data_dir
        self._guard = Guard(uow, clock)
        self._lock = threading.Lock()
        self._online: bool | None = None
        self._message = ""
        self._needs_login = False
        self._last_sync: datetime | None = None

    def status(self) -> SyncStatus:
        """Counts and names only: shown before a login, so no personal data."""
        with self._uow(read_only=True) as uow:
            device = uow.sync.device()
            pending = uow.sync.count("pending") + uow.sync.audit_unpushed()
            problems = uow.sync.count("conflict", "rejected")
            rolled_back = uow.sync.cursor(ROLLBACK_MARK) is not None
            last = self._last_sync or uow.sync_state.last_sync()
        message = self._message
        if device is not None and device.revoked_at is not None:
            message = DEVICE_REVOKED
        elif rolled_back and not message:
            message = AUDIT_ROLLBACK
        return SyncStatus(
            enrolled=device is not None,
            server_url=device.server_url if device else None,
            workstation_name=device.workstation_name if device else None,
            last_sync_at=last,
            pending=pending,
            problems=problems,
            online=self._online,
            message=message,
            needs_online_login=self._needs_login and pending > 0,
        )

    def sync_now(self, session: StaffSession | None) -> SyncReport:
        """One round: pull always, push with the session's staff token. Never raises on
        network trouble; two rounds never overlap."""
        with self._lock:
            report = self._round(session)
        self._online, self._message = report.online, report.message
        if report.online and not report.device_revoked:
            self._last_sync = self._clock.now()
        return report

    def _round(self, session: StaffSession | None) -> SyncReport:
        with self._uow(read_only=True) as uow:
            device = uow.sync.device()
        if device is None:
            return SyncReport(0, 0, self._problem_count(), online=False, message=NOT_ENROLLED)
        if device.revoked_at is not None:
            return SyncReport(
                0, 0, self._problem_count(), False, device_revoked=True, message=DEVICE_REVOKED
            )
        client = self._client_factory()
        if client is None:
            return SyncReport(0, 0, self._problem_count(), online=False, message=NO_DEVICE_KEY)
        token = getattr(session, "staff_token", None) if session is not None else None
        try:
            engine = SyncEngine(
                self._uow, self._clock, client, keys=self._keys, data_dir=self._data_dir
            )
            result = engine.run(token, session.staff_id if session is not None else None)
        finally:
            client.close()
        log.info("sync round: %s", round_summary(result))
        self._needs_login = result.needs_online_login
        return SyncReport(
            pulled=result.pulled,
            pushed=result.pushed,
            problems=self._problem_count(),
            online=result.online,
            session_revoked=result.session_revoked,
            device_revoked=result.device_revoked,
            message=result.message,
        )

    def pull_identity(self) -> None:
        """After an online login: the roles, staff and grants streams (returns nothing).

        Skipped while a round runs (that round pulls them); a SyncError is the caller's.
        """
        if not self._lock.acquire(blocking=False):
            return
        try:
            client = self._client_factory()
            if client is None:
                return
            try:
                Puller(self._uow, client, self._clock.now).pull(IDENTITY_STREAMS)
            finally:
                client.close()
        finally:
            self._lock.release()

    def _problem_count(self) -> int:
        with self._uow(read_only=True) as uow:
            return uow.sync.count("conflict", "rejected")

    @requires(Permission.SYNC_PROBLEMS)
    def problems(self, session: StaffSession, /) -> list[SyncProblem]:
        """Records the server refused or sent to a supervisor: kinds, ids and its message."""
        with self._uow() as uow:
            found = [_problem(entry) for entry in uow.sync.problems()]
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="sync_problems",
                detail=f"count={len(found)}",
            )
            uow.commit()
            return found

    @requires(Permission.SYNC_PROBLEMS)
    def resolve(self, session: StaffSession, /, *, problem_id: str, action: ProblemAction) -> None:
        """Send the record again ('retry', over the server's newer version if one came down),
        or give up on it ('discard': the server's version, when held, replaces the row)."""
        if action not in ("retry", "discard"):
            raise KenshinError("操作は「再送」か「破棄」を選んでください。")
        with self._lock, self._uow() as uow:
            entry = uow.sync.outbox_entry(int(problem_id)) if problem_id.isdigit() else None
            if entry is None or entry.status not in ("conflict", "rejected"):
                raise NotFound("同期の問題")
            held = {h.record_id: h for h in uow.sync.held()}.get(entry.record_id)
            if action == "retry":
                entry.status, entry.attempts, entry.next_attempt_at = "pending", 0, None
                if held is not None and held.op == "upsert":
                    uow.sync.set_version(entry.record_id, entry.record_kind, held.server_version)
                    uow.sync.drop_held(entry.record_id)
            else:
                entry.status = "discarded"
                uow.session.flush()
                if held is None and _never_sent(uow, entry.record_id):
                    # Born here and refused: given up, the row goes (its data stays in the
                    # outbox entry); otherwise it would stay on this desk alone for good.
                    table = RECORD_TABLES[entry.record_kind]
                    remove(uow.session.connection(), table, [entry.record_id], purge=False)
                RecordApplier(uow, self._clock.now()).retry_held()
            uow.audit.record(
                staff_id=session.staff_id,
                action=f"sync_problem_{action}",
                record_kind=entry.record_kind,
                record_id=entry.record_id,
                detail=f"outbox={entry.seq}",
            )
            uow.commit()


def _never_sent(uow: SqlAlchemyUnitOfWork, record_id: str) -> bool:
    """The server never took this record: no version of it came back, no entry went up."""
    if uow.sync.versions([record_id]):
        return False
    return "sent" not in uow.sync.outbox_states(record_id)


def _problem(entry: OutboxEntry) -> SyncProblem:
    return SyncProblem(
        id=str(entry.seq),
        record_kind=entry.record_kind,
        record_kind_ja=KIND_LABELS.get(entry.record_kind, entry.record_kind),
        record_id=entry.record_id,
        status="conflict" if entry.status == "conflict" else "rejected",
        message=entry.server_message or "",
        created_at=entry.created_at,
        attempts=entry.attempts,
    )
