"""Use cases decided on the server: each call goes there with the session's staff token."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.guard import Guard
from app.services.ports import Clock
from app.sync.transport import ServerClient

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.services.sync_dto import SyncReport


class StaffServerService:
    """A service whose work is the server's (retention, 情報連携): a session logged in offline
    or a desk not enrolled is refused with the service's own Japanese message."""

    NOT_ONLINE: ClassVar[str]
    NOT_ENROLLED: ClassVar[str]

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        clock: Clock,
        client_factory: Callable[[], ServerClient | None],
        sync_now: Callable[[StaffSession], SyncReport] | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._client_factory = client_factory
        self._sync_now = sync_now
        self._guard = Guard(uow, clock)

    def _call(self, session: StaffSession, method: str, path: str, body: Any = None) -> Any:
        if not session.staff_token:
            raise KenshinError(self.NOT_ONLINE)
        client = self._client_factory()
        if client is None:
            raise KenshinError(self.NOT_ENROLLED)
        try:
            return client.request(method, path, staff_token=session.staff_token, json=body)
        finally:
            client.close()

    def _audit(
        self,
        session: StaffSession,
        *,
        action: str,
        record_kind: str,
        record_id: str | None = None,
        detail: str = "",
        outcome: str = "ok",
    ) -> None:
        """This desk's audit event of a call (the server keeps its own): ids and counts only."""
        with self._uow() as uow:
            uow.audit.record(
                staff_id=session.staff_id,
                action=action,
                outcome=outcome,
                record_kind=record_kind,
                record_id=record_id,
                detail=detail,
            )
            uow.commit()

    def _synced(self, session: StaffSession, pending: str) -> tuple[bool, str]:
        """After a change made on the server: a sync round so this desk shows it at once;
        (whether it went, its message), or (False, `pending`) on a desk without sync."""
        if self._sync_now is None:
            return False, pending
        report = self._sync_now(session)
        return report.online, report.message
