"""Administration through the central server: the admin's staff token, answers in Japanese.

On an enrolled desk the server owns staff, grants, devices and settings (SYNC.md): every
change goes there, then the desk pulls the staff/grants/settings streams so its own screens
show the result at once. A session without a staff token (logged in offline) is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.sync.pull import Puller
from app.sync.transport import ServerClient, ServerRefused, ServerUnreachable, SyncError

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

ADMIN_STREAMS = ("roles", "staff", "grants", "settings")
NEEDS_ONLINE = (
    "管理の操作にはサーバーへの接続が必要です。サーバーに接続できる状態でログインし直してください。"
)
NO_CLIENT = "この端末はサーバーに接続できません（登録の取り消し、または登録情報の欠落）。"
UNREACHABLE = "サーバーに接続できないため、管理の操作はできません。時間をおいてやり直してください。"
NEEDS_ENROLLMENT = "端末の管理は、サーバーに登録された端末からのみ行えます。"


@dataclass(frozen=True)
class EnrollmentCode:
    """A one-time code for a new workstation: shown once, never stored on the desk."""

    code: str
    workstation_name: str
    expires_at: datetime


@dataclass(frozen=True)
class DeviceView:
    id: str
    workstation_name: str
    ward: str | None
    kind: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class AdminServer:
    """Decides whether this desk administers through the server, and makes the calls."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        client_factory: Callable[[], ServerClient | None] | None,
        now: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._client_factory = client_factory
        self._now = now

    def enrolled(self) -> bool:
        if self._client_factory is None:
            return False
        with self._uow(read_only=True) as uow:
            return uow.sync.device() is not None

    @contextmanager
    def client(self, session: StaffSession) -> Iterator[ServerClient]:
        if session.staff_token is None:
            raise KenshinError(NEEDS_ONLINE)
        client = self._client_factory() if self._client_factory is not None else None
        if client is None:
            raise KenshinError(NO_CLIENT)
        try:
            yield client
        except ServerUnreachable as exc:
            raise KenshinError(UNREACHABLE) from exc
        finally:
            client.close()

    def call(self, session: StaffSession, method: str, path: str, body: Any = None) -> Any:
        """One administration call, then the admin streams pulled (the change shows at once)."""
        with self.client(session) as client:
            answer = client.request(method, path, staff_token=session.staff_token, json=body)
            self._pull(client)
            return answer

    def read(self, session: StaffSession, path: str) -> Any:
        with self.client(session) as client:
            return client.request("GET", path, staff_token=session.staff_token)

    def refresh(self, session: StaffSession) -> None:
        """Pull the admin streams before showing a list; offline the local copy is shown."""
        if session.staff_token is None or self._client_factory is None:
            return
        client = self._client_factory()
        if client is None:
            return
        try:
            self._pull(client)
        except SyncError as exc:
            log.warning("admin streams not refreshed: %s", exc.code)
        finally:
            client.close()

    def _pull(self, client: ServerClient) -> None:
        try:
            Puller(self._uow, client, self._now).pull(ADMIN_STREAMS)
        except ServerRefused:
            raise
        except SyncError as exc:  # the change is on the server; the next round brings it
            log.warning("admin streams not pulled: %s", exc.code)


def device_view(row: dict[str, Any]) -> DeviceView:
    return DeviceView(
        id=str(row["id"]),
        workstation_name=str(row["workstation_name"]),
        ward=row.get("ward"),
        kind=str(row.get("kind", "workstation")),
        enrolled_at=_time(row["enrolled_at"]),
        last_seen_at=_time(row["last_seen_at"]) if row.get("last_seen_at") else None,
        revoked_at=_time(row["revoked_at"]) if row.get("revoked_at") else None,
    )


def _time(text: str) -> datetime:
    return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
