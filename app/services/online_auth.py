"""Login through the central server, and the offline checks when it cannot be reached.

Online, the server decides (password, lock-out, grants) and answers a staff token and a signed
offline grant; the desk keeps the grant and the argon2id hash for the next offline login.
Offline, the local hash decides the password and the grant decides whether this desk may let
the staff member in without the server (SYNC.md, Identity).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.services.dto import StaffSession
from app.services.errors import AuthenticationFailed
from app.store.orm import Staff
from app.sync import offline_grant
from app.sync.transport import (
    ServerBusy,
    ServerClient,
    ServerRefused,
    ServerUnreachable,
    SyncError,
)

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork
    from app.sync import wire

MAX_TEXT = 1024  # as the login form: a longer paste is cut, never sent whole
ROLE_CODES = frozenset(role.value for role in Role)
NEEDS_SERVER = (
    "パスワードの変更にはサーバーへの接続が必要です。接続を確認してからもう一度お試しください。"
)
REVOKED = "このIDは利用停止中か、有効な権限がありません。システム管理者に連絡してください。"


def refused_message(exc: ServerRefused) -> str:
    """The server's words for a refused login; revocation said the way the desk says it."""
    if exc.code in {"staff_revoked", "forbidden"}:
        return REVOKED
    return exc.message


def keep_online_login(uow: SqlAlchemyUnitOfWork, answer: wire.LoginResponse) -> None:
    """Store what the next offline login needs: the hash, the grant, the server's time."""
    uow.sync.note_server_time(answer.server_time)
    staff = uow.staff.get(answer.staff_id)
    if staff is None:
        staff = Staff(
            id=answer.staff_id,
            login_id=answer.login_id,
            display_name=answer.display_name,
            password_hash=answer.password_hash,
            must_change_password=answer.must_change_password,
        )
        uow.staff.add(staff)
    else:
        staff.password_hash = answer.password_hash
        staff.must_change_password = answer.must_change_password
        staff.display_name = answer.display_name
    uow.sync.save_grant(
        answer.staff_id,
        answer.offline_grant.model_dump_json(),
        answer.offline_grant.grant.expires_at,
    )


def online_session(answer: wire.LoginResponse, workstation: str, now: datetime) -> StaffSession:
    return StaffSession(
        staff_id=answer.staff_id,
        login_id=answer.login_id,
        display_name=answer.display_name,
        roles=frozenset(Role(role) for role in answer.roles if role in ROLE_CODES),
        must_change_password=answer.must_change_password,
        workstation=workstation,
        started_at=now,
        staff_token=answer.staff_token,
        online=True,
    )


def check_offline(uow: SqlAlchemyUnitOfWork, staff: Staff, now: datetime) -> None:
    """On an enrolled desk, refuse an offline login the server's grant does not cover."""
    device = uow.sync.device()
    if device is None:  # standalone store (tests, development): the local grants decide
        return
    verdict = offline_grant.verify(
        uow.sync.grant(staff.id),
        signing_key=device.signing_key,
        staff_id=staff.id,
        device_id=device.device_id,
        now=now,
        last_server_time=device.last_server_time,
    )
    if not verdict.ok:
        uow.audit.record(staff_id=staff.id, action="login_offline", outcome="denied")
        uow.commit()
        raise AuthenticationFailed(verdict.message)


def change_on_server(
    server: Callable[[], ServerClient | None],
    uow: UnitOfWorkFactory,
    session: StaffSession,
    current: str,
    new: str,
) -> None:
    """On an enrolled desk the server holds the password: it changes there first."""
    client = server()
    if client is None:
        return
    try:
        if session.staff_token is None:
            raise KenshinError(NEEDS_SERVER)
        client.change_password(session.staff_token, current[:MAX_TEXT], new[:MAX_TEXT])
    except (ServerUnreachable, ServerBusy) as exc:
        raise KenshinError(NEEDS_SERVER) from exc
    except ServerRefused as exc:
        with uow() as work:
            work.audit.record(
                staff_id=session.staff_id, action="password_change", outcome="failure"
            )
            work.commit()
        raise KenshinError(exc.message) from exc
    finally:
        client.close()


def end_on_server(server: Callable[[], ServerClient | None], session: StaffSession) -> None:
    """Logout ends the staff token too (best effort: it expires within the half hour)."""
    client = server() if session.staff_token else None
    if client is None:
        return
    try:
        with contextlib.suppress(SyncError):
            client.logout(session.staff_token or "")
    finally:
        client.close()
