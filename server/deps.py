"""The request context and the credential dependencies: device, staff, admin, integration."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Header, Request
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement
from starlette.concurrency import run_in_threadpool

from app.domain.policy import Role
from app.domain.settings import DeskSettings
from app.sync import wire
from server import errors
from server.config import ServerSettings
from server.models import Device, Grant, Setting, Staff, StaffSession, UtcDateTime
from server.security import token_hash

SEEN_EVERY = timedelta(seconds=60)  # last_seen_at is written at most once a minute per device
PASSWORD_ROUTES = frozenset({"/auth/password", "/auth/logout"})


@dataclass(frozen=True)
class Context:
    """What every request needs; built once by create_app. No state that matters lives here."""

    settings: ServerSettings
    sessions: sessionmaker[Session]
    signing_key: Ed25519PrivateKey
    hasher: PasswordHasher
    dummy_hash: str
    common_passwords: frozenset[str]
    clock: Callable[[], datetime]

    @property
    def pepper(self) -> bytes:
        return self.settings.pepper()

    def now(self) -> datetime:
        return self.clock()


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    workstation_name: str
    ward: str | None
    kind: str


@dataclass(frozen=True)
class StaffInfo:
    id: str
    login_id: str
    roles: frozenset[str]
    device: DeviceInfo
    token_hash: str
    must_change_password: bool


async def get_context(request: Request) -> Context:
    """Async (no I/O): FastAPI runs a plain `def` dependency on a worker thread, a hop each."""
    context: Context = request.app.state.context
    return context


ContextDep = Annotated[Context, Depends(get_context)]


async def get_session(context: ContextDep) -> AsyncIterator[Session]:
    """A session for the request; made on the event loop (no I/O until first used) and
    closed on a worker thread only if it still holds a connection (its ROLLBACK is I/O)."""
    session = context.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def desk_settings(session: Session) -> DeskSettings:
    rows = session.execute(select(Setting.key, Setting.value)).all()
    return DeskSettings.from_mapping({key: value for key, value in rows})


def active_roles(session: Session, staff_id: str, now: datetime) -> frozenset[str]:
    query = select(Grant.role_code).where(Grant.staff_id == staff_id, in_force(now))
    return frozenset(session.scalars(query))


def in_force(now: Any) -> ColumnElement[bool]:
    """A grant in force at `now` (a datetime, or a bound parameter): not revoked, begun, not
    yet ended."""
    return and_(
        Grant.revoked_at.is_(None),
        Grant.valid_from <= now,
        (Grant.valid_until.is_(None)) | (Grant.valid_until > now),
    )


# The statements of every request's credentials, built once (a statement made per call is
# compiled from its cache key, computed anew each time), run on the session's connection
# (Core rows: the ORM's execution steps cost more than the query).
DEVICE = (
    select(Device.id, Device.workstation_name, Device.ward, Device.kind, Device.revoked_at)
    .add_columns(Device.last_seen_at)
    .where(Device.token_hash == bindparam("token"))
)
_NOW = bindparam("now", type_=UtcDateTime())
STAFF = (
    select(StaffSession.device_id, StaffSession.ended_at, StaffSession.expires_at)
    .add_columns(Staff.id, Staff.login_id, Staff.disabled, Staff.must_change_password)
    .add_columns(Grant.role_code)
    .outerjoin(Staff, Staff.id == StaffSession.staff_id)
    .outerjoin(Grant, and_(Grant.staff_id == Staff.id, in_force(_NOW)))
    .where(StaffSession.token_hash == bindparam("token"))
)


def _device(context: Context, session: Session, token: str | None) -> DeviceInfo:
    if not token:
        raise errors.unauthorized()
    hashed = token_hash(context.pepper, token)
    found = session.connection().execute(DEVICE, {"token": hashed}).one_or_none()
    if found is None:
        raise errors.unauthorized()
    device_id, name, ward, kind, revoked_at, last_seen_at = found
    if revoked_at is not None:
        raise errors.ApiError(401, "device_revoked", errors.DEVICE_REVOKED)
    now = context.now()
    if last_seen_at is None or now - last_seen_at > SEEN_EVERY:
        session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))
        session.commit()
    return DeviceInfo(device_id, name, ward, kind)


def workstation(context: Context, session: Session, token: str | None) -> DeviceInfo:
    """An enrolled, unrevoked workstation (the integration account may only ingest)."""
    device = _device(context, session, token)
    if device.kind != "workstation":
        raise errors.forbidden("連携用アカウントはデータの取り込み以外には使えません。")
    return device


DeviceHeader = Annotated[str | None, Header(alias=wire.DEVICE_HEADER)]
AuthorizationHeader = Annotated[str | None, Header(alias="Authorization")]


def device_auth(context: ContextDep, session: SessionDep, token: DeviceHeader = None) -> DeviceInfo:
    """An enrolled, unrevoked workstation (the integration account may only ingest)."""
    return workstation(context, session, token)


def integration_auth(
    context: ContextDep, session: SessionDep, token: DeviceHeader = None
) -> DeviceInfo:
    device = _device(context, session, token)
    if device.kind != "integration":
        raise errors.forbidden("データの取り込みは連携用アカウントだけが行えます。")
    return device


DeviceDep = Annotated[DeviceInfo, Depends(device_auth)]
IntegrationDep = Annotated[DeviceInfo, Depends(integration_auth)]


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != wire.STAFF_SCHEME.lower() or not token.strip():
        raise errors.unauthorized("ログインしていません。ログインしてください。")
    return token.strip()


def staff_auth(
    request: Request,
    context: ContextDep,
    session: SessionDep,
    device: DeviceDep,
    authorization: AuthorizationHeader = None,
) -> StaffInfo:
    route = request.url.path.removeprefix(wire.API)
    return staff_of(context, session, device, authorization, route)


def staff_of(
    context: Context, session: Session, device: DeviceInfo, authorization: str | None, route: str
) -> StaffInfo:
    """A staff token of this device, not ended; staff enabled with a grant; not expired.

    One query: the token's session, its staff and their grants in force (a row per grant)."""
    hashed = token_hash(context.pepper, _bearer(authorization))
    now = context.now()
    rows = session.connection().execute(STAFF, {"token": hashed, "now": now}).all()
    if not rows or rows[0].device_id != device.id:
        raise errors.unauthorized("ログインしていません。ログインしてください。")
    row = rows[0]
    roles = frozenset(r.role_code for r in rows if r.role_code is not None)
    if row.id is None or row.disabled or not roles:  # said even after the token was ended
        raise errors.ApiError(401, "staff_revoked", errors.STAFF_REVOKED)
    if row.ended_at is not None:
        raise errors.unauthorized("ログアウト済みです。もう一度ログインしてください。")
    if row.expires_at <= now:
        raise errors.ApiError(401, "token_expired", errors.TOKEN_EXPIRED)
    if row.must_change_password and route not in PASSWORD_ROUTES:
        raise errors.ApiError(
            403,
            "password_change_required",
            "初期パスワードのままです。パスワードを変更してから操作してください。",
        )
    return StaffInfo(row.id, row.login_id, roles, device, hashed, row.must_change_password)


StaffDep = Annotated[StaffInfo, Depends(staff_auth)]


def admin_auth(staff: StaffDep) -> StaffInfo:
    if Role.ADMIN.value not in staff.roles:
        raise errors.forbidden("システム管理者だけが行える操作です。")
    return staff


AdminDep = Annotated[StaffInfo, Depends(admin_auth)]
