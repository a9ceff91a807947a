"""Audit review: the supervisor reads recent events and verifies the hash chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.audit_chain import ChainReport, verify_chain
from app.domain.policy import Permission
from app.services.dto import AuditEventView, StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory


class AuditService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._guard = Guard(uow, clock)

    @requires(Permission.AUDIT_REVIEW)
    def verify(self, session: StaffSession, /) -> ChainReport:
        """Recompute the whole chain against the recorded head; the check itself is audited."""
        with self._uow() as uow:
            report = verify_chain(uow.audit.events(), uow.audit.head())
            uow.audit.record(
                staff_id=session.staff_id,
                action="audit_verify",
                outcome="ok" if report.ok else "broken",
                detail="" if report.ok else f"first_bad_seq={report.first_bad_seq}",
            )
            uow.commit()
            return report

    @requires(Permission.AUDIT_REVIEW)
    def recent(self, session: StaffSession, /, *, limit: int = 200) -> list[AuditEventView]:
        with self._uow() as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            views = [
                AuditEventView(
                    seq=event.seq,
                    at=event.at,
                    staff_login=logins.get(event.staff_id or ""),
                    workstation=event.workstation,
                    action=event.action,
                    record_kind=event.record_kind,
                    record_id=event.record_id,
                    outcome=event.outcome,
                    detail=event.detail,
                )
                for event in uow.audit.recent(max(1, min(limit, 5000)))
            ]
            uow.audit.record(staff_id=session.staff_id, action="view", record_kind="audit_log")
            uow.commit()
            return views
