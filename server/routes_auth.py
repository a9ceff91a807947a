"""Health, enrollment of a workstation, staff login, logout and password change."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.domain.passwords import PasswordPolicyError, check_new_password
from app.sync import wire
from server import audit, errors, master
from server.db import is_postgres
from server.deps import (
    ContextDep,
    DeviceDep,
    SessionDep,
    StaffDep,
    active_roles,
    desk_settings,
)
from server.models import Device, EnrollmentCode, LoginThrottle, Staff, StaffSession
from server.security import (
    login_name_hash,
    new_token,
    normalise_code,
    public_key_b64,
    sign_grant,
    token_hash,
    verify_password,
)

router = APIRouter()

LOGIN_FAILED = "IDまたはパスワードが違います。"
CODE_REFUSED = "登録コードが正しくないか、使用済みか、有効期限が切れています。"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/enroll", response_model=wire.EnrollResponse)
def enroll(
    body: wire.EnrollRequest, context: ContextDep, session: SessionDep
) -> wire.EnrollResponse:
    """A one-time, unexpired code becomes a device and its long-lived token."""
    now = context.now()
    code_hash = token_hash(context.pepper, "enroll:" + normalise_code(body.code))
    code = session.get(EnrollmentCode, code_hash)
    if code is None or code.used_at is not None or code.expires_at <= now:
        audit.record(session, "enroll", "refused", now=now)
        session.commit()
        raise errors.unauthorized(CODE_REFUSED)
    token = new_token()
    device = Device(
        workstation_name=body.workstation_name,
        ward=code.ward,
        kind=code.kind,
        token_hash=token_hash(context.pepper, token),
        enrolled_at=now,
    )
    session.add(device)
    session.flush()
    code.used_at, code.device_id = now, device.id
    audit.record(session, "enroll", device_id=device.id, target_kind=code.kind, now=now)
    session.commit()
    return wire.EnrollResponse(
        device_id=device.id,
        device_token=token,
        workstation_name=device.workstation_name,
        ward=device.ward,
        kind="integration" if device.kind == "integration" else "workstation",
        signing_key=public_key_b64(context.signing_key),
        server_time=now,
    )


def _locked_throttle(session: SessionDep, name_hash: str) -> LoginThrottle:
    """The login name's throttle row, made if new without a race (two first logins at once)
    and locked until commit, so parallel failures are all counted."""
    dialect_insert = pg_insert if is_postgres(session) else sqlite_insert
    session.execute(
        dialect_insert(LoginThrottle)
        .values(name_hash=name_hash, failures=0)
        .on_conflict_do_nothing(index_elements=[LoginThrottle.name_hash])
    )
    query = select(LoginThrottle).where(LoginThrottle.name_hash == name_hash)
    return session.scalars(query.with_for_update().execution_options(populate_existing=True)).one()


@router.post("/auth/login", response_model=wire.LoginResponse)
def login(
    body: wire.LoginRequest, context: ContextDep, session: SessionDep, device: DeviceDep
) -> wire.LoginResponse:
    """argon2id check with lock-out per login-name hash; the same answer for unknown ids."""
    now = context.now()
    settings = desk_settings(session)
    name_hash = login_name_hash(context.pepper, body.login_id)
    throttle = _locked_throttle(session, name_hash)
    if throttle.locked_until is not None and throttle.locked_until > now:
        _refuse(session, device.id, "locked", now, locked_minutes=settings.lockout_minutes)
    staff = session.scalar(select(Staff).where(Staff.login_id == body.login_id.strip()))
    ok = verify_password(
        context.hasher, staff.password_hash if staff else context.dummy_hash, body.password
    )
    if staff is None or not ok:
        throttle.failures += 1
        if throttle.failures >= settings.lockout_threshold:
            throttle.failures, throttle.locked_until = (
                0,
                now + timedelta(minutes=settings.lockout_minutes),
            )
        _refuse(session, device.id, "failure", now, staff_id=staff.id if staff else None)
    assert staff is not None
    roles = active_roles(session, staff.id, now)
    if staff.disabled or not roles:
        _refuse(session, device.id, "revoked", now, staff_id=staff.id)
    throttle.failures, throttle.locked_until = 0, None
    token = new_token()
    expires = now + timedelta(minutes=context.settings.staff_token_minutes)
    session.add(
        StaffSession(
            token_hash=token_hash(context.pepper, token),
            staff_id=staff.id,
            device_id=device.id,
            created_at=now,
            expires_at=expires,
        )
    )
    audit.record(session, "login", staff_id=staff.id, device_id=device.id, now=now)
    session.commit()
    grant = sign_grant(
        context.signing_key,
        staff_id=staff.id,
        device_id=device.id,
        roles=sorted(roles),
        now=now,
        days=settings.offline_grant_days,
    )
    return wire.LoginResponse(
        staff_id=staff.id,
        login_id=staff.login_id,
        display_name=staff.display_name,
        roles=sorted(roles),
        must_change_password=staff.must_change_password,
        staff_token=token,
        token_expires_at=expires,
        offline_grant=grant,
        password_hash=staff.password_hash,
        server_time=now,
    )


def _refuse(
    session: SessionDep,
    device_id: str,
    outcome: str,
    now: datetime,
    *,
    staff_id: str | None = None,
    locked_minutes: int = 0,
) -> None:
    audit.record(session, "login", outcome, staff_id=staff_id, device_id=device_id, now=now)
    session.commit()
    if outcome == "locked":
        raise errors.ApiError(
            401,
            "locked",
            "ログインに続けて失敗したため、このIDは一時的にロックされています。"
            f"{locked_minutes}分ほど待ってからもう一度お試しください。",
        )
    if outcome == "revoked":
        raise errors.ApiError(401, "staff_revoked", errors.STAFF_REVOKED)
    raise errors.ApiError(401, "login_failed", LOGIN_FAILED)


@router.post("/auth/logout")
def logout(context: ContextDep, session: SessionDep, staff: StaffDep) -> dict[str, str]:
    now = context.now()
    session.execute(
        update(StaffSession).where(StaffSession.token_hash == staff.token_hash).values(ended_at=now)
    )
    audit.record(session, "logout", staff_id=staff.id, device_id=staff.device.id, now=now)
    session.commit()
    return {"status": "ok"}


@router.post("/auth/password")
def change_password(
    body: wire.PasswordChangeRequest, context: ContextDep, session: SessionDep, staff: StaffDep
) -> dict[str, str]:
    """The current password, then the new one under the NIST rules; desks learn at next sync."""
    now = context.now()
    row = session.get(Staff, staff.id)
    assert row is not None
    if not verify_password(context.hasher, row.password_hash, body.current):
        audit.record(session, "password_change", "failure", staff_id=staff.id, now=now)
        session.commit()
        raise errors.invalid("現在のパスワードが違います。")
    try:
        new = check_new_password(
            body.new, login_id=row.login_id, common=context.common_passwords, current=body.current
        )
    except PasswordPolicyError as exc:
        raise errors.invalid(exc.message) from exc
    master.set_password(session, row, context.hasher.hash(new), must_change=False, now=now)
    audit.record(session, "password_change", staff_id=staff.id, device_id=staff.device.id, now=now)
    session.commit()
    return {"status": "ok"}
