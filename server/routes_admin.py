"""Administration: staff, grants, enrollment codes, devices, settings. Never resident data."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.passwords import PasswordPolicyError, check_new_password
from app.domain.settings import DeskSettings
from app.sync import wire
from server import audit, errors, master
from server.deps import AdminDep, ContextDep, SessionDep, StaffInfo
from server.models import Device, EnrollmentCode, Grant, LoginThrottle, Role, Setting, Staff
from server.security import login_name_hash, new_enrollment_code, normalise_code, token_hash

router = APIRouter(prefix="/admin")
SETTING_KEY = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
DESK_DEFAULTS = {f.name: getattr(DeskSettings(), f.name) for f in fields(DeskSettings)}


def staff_out(row: Staff) -> wire.StaffOut:
    return wire.StaffOut(
        id=row.id,
        login_id=row.login_id,
        display_name=row.display_name,
        disabled=row.disabled,
        must_change_password=row.must_change_password,
    )


def grant_out(row: Grant) -> wire.GrantOut:
    return wire.GrantOut(
        id=row.id,
        staff_id=row.staff_id,
        role_code=row.role_code,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


def device_out(row: Device) -> wire.DeviceOut:
    return wire.DeviceOut(
        id=row.id,
        workstation_name=row.workstation_name,
        ward=row.ward,
        kind=row.kind,
        enrolled_at=row.enrolled_at,
        last_seen_at=row.last_seen_at,
        revoked_at=row.revoked_at,
    )


def _staff(session: Session, staff_id: str) -> Staff:
    row = session.get(Staff, staff_id)
    if row is None:
        raise errors.not_found("指定された職員が見つかりません。")
    return row


def _password(context: ContextDep, password: str, login_id: str) -> str:
    try:
        new = check_new_password(password, login_id=login_id, common=context.common_passwords)
    except PasswordPolicyError as exc:
        raise errors.invalid(exc.message) from exc
    return context.hasher.hash(new)


def _done(session: Session, admin: StaffInfo, action: str, kind: str, target: str | None) -> None:
    audit.record(
        session,
        action,
        staff_id=admin.id,
        device_id=admin.device.id,
        target_kind=kind,
        target_id=target,
    )
    session.commit()


@router.get("/staff", response_model=list[wire.StaffOut])
def list_staff(session: SessionDep, admin: AdminDep) -> list[wire.StaffOut]:
    return [staff_out(row) for row in session.scalars(select(Staff).order_by(Staff.login_id))]


@router.post("/staff", response_model=wire.StaffOut)
def create_staff(
    body: wire.StaffCreate, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.StaffOut:
    login_id = body.login_id.strip()
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,40}", login_id):
        raise errors.invalid("職員IDは半角英数字と . _ - で40文字以内にしてください。")
    if session.scalar(select(Staff.id).where(Staff.login_id == login_id)) is not None:
        raise errors.invalid("この職員IDは既に使われています。")
    row = Staff(
        login_id=login_id,
        display_name=body.display_name.strip(),
        password_hash=_password(context, body.initial_password, login_id),
        must_change_password=True,
    )
    master.added(session, row, "staff", context.now())
    _done(session, admin, "staff_create", "staff", row.id)
    return staff_out(row)


@router.post("/staff/{staff_id}/disable", response_model=wire.StaffOut)
def disable_staff(
    staff_id: str, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.StaffOut:
    if staff_id == admin.id:
        raise errors.invalid("自分自身のIDは利用停止にできません。")
    row = _staff(session, staff_id)
    now = context.now()
    if not row.disabled:
        row.disabled = True
        master.touched(session, row, "staff", now)
    master.end_sessions(session, row.id, now)
    _done(session, admin, "staff_disable", "staff", row.id)
    return staff_out(row)


@router.post("/staff/{staff_id}/enable", response_model=wire.StaffOut)
def enable_staff(
    staff_id: str, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.StaffOut:
    row = _staff(session, staff_id)
    if row.disabled:
        row.disabled = False
        master.touched(session, row, "staff", context.now())
    _done(session, admin, "staff_enable", "staff", row.id)
    return staff_out(row)


@router.post("/staff/{staff_id}/password", response_model=wire.StaffOut)
def reset_password(
    staff_id: str,
    body: wire.PasswordReset,
    context: ContextDep,
    session: SessionDep,
    admin: AdminDep,
) -> wire.StaffOut:
    row = _staff(session, staff_id)
    now = context.now()
    hashed = _password(context, body.new_password, row.login_id)
    master.set_password(session, row, hashed, must_change=True, now=now)
    master.end_sessions(session, row.id, now)
    _done(session, admin, "password_reset", "staff", row.id)
    return staff_out(row)


@router.post("/staff/{staff_id}/unlock", response_model=wire.StaffOut)
def unlock_staff(
    staff_id: str, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.StaffOut:
    """End a lock-out after repeated failures (the failures are forgotten too)."""
    row = _staff(session, staff_id)
    throttle = session.get(LoginThrottle, login_name_hash(context.pepper, row.login_id))
    if throttle is not None:
        throttle.failures, throttle.locked_until = 0, None
    _done(session, admin, "account_unlock", "staff", row.id)
    return staff_out(row)


@router.get("/staff/{staff_id}/grants", response_model=list[wire.GrantOut])
def list_grants(staff_id: str, session: SessionDep, admin: AdminDep) -> list[wire.GrantOut]:
    _staff(session, staff_id)
    rows = session.scalars(select(Grant).where(Grant.staff_id == staff_id).order_by(Grant.id))
    return [grant_out(row) for row in rows]


@router.post("/staff/{staff_id}/grants", response_model=wire.GrantOut)
def create_grant(
    staff_id: str, body: wire.GrantCreate, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.GrantOut:
    _staff(session, staff_id)
    if session.scalar(select(Role.code).where(Role.code == body.role_code)) is None:
        raise errors.invalid("指定された権限はありません。")
    if body.valid_from.tzinfo is None or (body.valid_until and body.valid_until.tzinfo is None):
        raise errors.invalid("有効期間は時差（タイムゾーン）付きで指定してください。")
    if body.valid_until is not None and body.valid_until <= body.valid_from:
        raise errors.invalid("有効期限は開始日時より後にしてください。")
    now = context.now()
    row = Grant(
        staff_id=staff_id,
        role_code=body.role_code,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        issued_at=now,
        issued_by=admin.id,
    )
    master.added(session, row, "grants", now)
    _done(session, admin, "grant_create", "grant", row.id)
    return grant_out(row)


@router.post("/grants/{grant_id}/revoke", response_model=wire.GrantOut)
def revoke_grant(
    grant_id: str, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.GrantOut:
    row = session.get(Grant, grant_id)
    if row is None:
        raise errors.not_found("指定された権限付与が見つかりません。")
    if row.revoked_at is None:
        now = context.now()
        row.revoked_at, row.revoked_by = now, admin.id
        master.touched(session, row, "grants", now)
    _done(session, admin, "grant_revoke", "grant", row.id)
    return grant_out(row)


@router.post("/enrollment-codes", response_model=wire.EnrollmentCodeOut)
def create_enrollment_code(
    body: wire.EnrollmentCodeCreate, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.EnrollmentCodeOut:
    code, expires = issue_enrollment_code(
        session, context.pepper, body, context.now(), context.settings.enrollment_code_hours
    )
    _done(session, admin, "enrollment_code", body.kind, None)
    return wire.EnrollmentCodeOut(
        code=code, workstation_name=body.workstation_name, expires_at=expires
    )


def issue_enrollment_code(
    session: Session, pepper: bytes, body: wire.EnrollmentCodeCreate, now: datetime, hours: int
) -> tuple[str, datetime]:
    """A new one-time code (stored hashed); the caller commits. Also used by the CLI."""
    code = new_enrollment_code()
    expires = now + timedelta(hours=hours)
    session.add(
        EnrollmentCode(
            code_hash=token_hash(pepper, "enroll:" + normalise_code(code)),
            name=body.workstation_name,
            ward=body.ward,
            kind=body.kind,
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return code, expires


@router.get("/devices", response_model=list[wire.DeviceOut])
def list_devices(session: SessionDep, admin: AdminDep) -> list[wire.DeviceOut]:
    return [device_out(row) for row in session.scalars(select(Device).order_by(Device.id))]


@router.post("/devices/{device_id}/revoke", response_model=wire.DeviceOut)
def revoke_device(
    device_id: str, context: ContextDep, session: SessionDep, admin: AdminDep
) -> wire.DeviceOut:
    row = session.get(Device, device_id)
    if row is None:
        raise errors.not_found("指定された端末が見つかりません。")
    if row.revoked_at is None:
        row.revoked_at = context.now()
    _done(session, admin, "device_revoke", "device", row.id)
    return device_out(row)


@router.put("/settings/{key}")
def put_setting(
    key: str, body: wire.SettingPut, context: ContextDep, session: SessionDep, admin: AdminDep
) -> dict[str, Any]:
    _check_setting(key, body.value)
    now = context.now()
    row = session.scalar(select(Setting).where(Setting.key == key))
    if row is None:
        master.added(session, Setting(key=key, value=body.value), "settings", now)
    elif row.value != body.value:
        row.value = body.value
        master.touched(session, row, "settings", now)
    _done(session, admin, "setting_put", "setting", key)
    return {"key": key, "value": body.value}


def _check_setting(key: str, value: Any) -> None:
    if not SETTING_KEY.match(key):
        raise errors.invalid("設定名は半角英小文字・数字・_ で80文字以内にしてください。")
    if len(wire.canonical_json(value)) > 10_000:
        raise errors.invalid("設定値が大きすぎます。")
    default = DESK_DEFAULTS.get(key)
    if default is None:
        return
    if isinstance(default, bool) or not isinstance(default, int | str | tuple):
        return
    if isinstance(default, int) and (
        not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 100_000
    ):
        raise errors.invalid(f"設定「{key}」は正の整数で指定してください。")
    if isinstance(default, str) and not isinstance(value, str):
        raise errors.invalid(f"設定「{key}」は文字列で指定してください。")
    if isinstance(default, tuple) and not (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        raise errors.invalid(f"設定「{key}」は文字列の一覧で指定してください。")
