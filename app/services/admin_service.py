"""Staff accounts and their role grants (admin only); no resident data is reachable here."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher

from app.domain.errors import KenshinError
from app.domain.policy import Permission, Role
from app.services.admin_desks import (
    INT_SETTINGS,
    PRINTER_NAMES,
    RETENTION,
    DesksAndSettingsAdmin,
    GrantRecord,
    check_setting,
)
from app.services.admin_server import AdminServer, DeviceView, EnrollmentCode
from app.services.auth_service import login_hash, normalise_login_id
from app.services.dto import GrantState, GrantView, StaffSession, StaffView
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.store.orm import Grant, Staff
from app.sync.transport import ServerClient

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

__all__ = [
    "INT_SETTINGS",
    "PRINTER_NAMES",
    "RETENTION",
    "AdminService",
    "DeviceView",
    "EnrollmentCode",
    "GrantRecord",
    "check_setting",
    "temporary_password",
]

TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def temporary_password() -> str:
    """16 characters without look-alikes (0/O, 1/l/I), to be read out and changed at first login."""
    return "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(16))


class AdminService(DesksAndSettingsAdmin):
    """Local on a standalone desk; through the server (staff token) once the desk is enrolled."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        hasher: PasswordHasher,
        clock: Clock,
        server: Callable[[], ServerClient | None] | None = None,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._guard = Guard(uow, clock)
        self._server = AdminServer(uow, server, clock.now)

    def _audit(
        self,
        session: StaffSession,
        *,
        action: str,
        record_kind: str,
        record_id: str | None,
        detail: str = "",
    ) -> None:
        with self._uow() as uow:
            uow.audit.record(
                staff_id=session.staff_id,
                action=action,
                record_kind=record_kind,
                record_id=record_id,
                detail=detail,
            )
            uow.commit()

    @requires(Permission.STAFF_ADMIN)
    def list_staff(self, session: StaffSession, /) -> list[StaffView]:
        if self._server.enrolled():
            self._server.refresh(session)
        with self._uow() as uow:
            views = [self._view(uow, staff) for staff in uow.staff.all()]
            uow.audit.record(staff_id=session.staff_id, action="view", record_kind="staff_list")
            uow.commit()
            return views

    def _view(self, uow: SqlAlchemyUnitOfWork, staff: Staff) -> StaffView:
        now = self._clock.now()
        throttle = uow.throttle.peek(login_hash(staff.login_id))
        grants = tuple(
            GrantView(
                g.id,
                Role(g.role_code),
                g.valid_from,
                g.valid_until,
                g.issued_at,
                g.revoked_at,
                _grant_state(g, now),
            )
            for g in uow.staff.grants(staff.id)
        )
        locked = throttle.locked_until if throttle is not None else None
        if locked is not None and locked <= now:
            locked = None
        return StaffView(
            staff.id,
            staff.login_id,
            staff.display_name,
            staff.disabled,
            staff.must_change_password,
            locked,
            grants,
        )

    @requires(Permission.STAFF_ADMIN)
    def create_staff(
        self, session: StaffSession, /, *, login_id: str, display_name: str, roles: list[Role]
    ) -> str:
        """Create an account with a temporary password (returned once, changed at first login)."""
        name = normalise_login_id(login_id)
        _check_login_id(name)
        display = display_name.strip()
        if not display or len(display) > 100 or not display.isprintable():
            raise KenshinError("氏名を100文字以内で入力してください。")
        if not roles or not {str(role) for role in roles} <= {role.value for role in Role}:
            raise KenshinError("役割を一つ以上、一覧から選んでください。")
        password = temporary_password()
        if self._server.enrolled():
            return self._create_on_server(session, name, display, roles, password)
        with self._uow() as uow:
            if uow.staff.get_by_login(name) is not None:
                raise KenshinError("この職員IDは既に使われています。")
            staff = Staff(
                login_id=name,
                display_name=display,
                password_hash=self._hasher.hash(password),
                must_change_password=True,
            )
            uow.staff.add(staff)
            for role in roles:
                self._grant(uow, session, staff.id, Role(role), None)
            uow.audit.record(
                staff_id=session.staff_id, action="create", record_kind="staff", record_id=staff.id
            )
            uow.commit()
        return password

    def _create_on_server(
        self, session: StaffSession, name: str, display: str, roles: list[Role], password: str
    ) -> str:
        body = {"login_id": name, "display_name": display, "initial_password": password}
        created = self._server.call(session, "POST", "/admin/staff", body)
        staff_id = str(created["id"])
        self._audit(session, action="create", record_kind="staff", record_id=staff_id)
        for role in roles:
            self._grant_on_server(session, staff_id, Role(role), None)
        return password

    def _grant_on_server(
        self, session: StaffSession, staff_id: str, role: Role, until: datetime | None
    ) -> str:
        now = self._clock.now()
        if until is not None and until <= now:
            raise KenshinError("有効期限は現在より後の日時にしてください。")
        body = {
            "role_code": role.value,
            "valid_from": _aware(now).isoformat(),
            "valid_until": _aware(until).isoformat() if until is not None else None,
        }
        grant = self._server.call(session, "POST", f"/admin/staff/{staff_id}/grants", body)
        grant_id = str(grant["id"])
        self._audit(
            session,
            action="grant_issue",
            record_kind="grant",
            record_id=grant_id,
            detail=f"role={role.value}",
        )
        return grant_id

    @requires(Permission.STAFF_ADMIN)
    def reset_password(self, session: StaffSession, /, *, staff_id: str) -> str:
        """A new temporary password; the account must change it at its next login."""
        password = temporary_password()
        if self._server.enrolled():
            body = {"new_password": password}
            self._server.call(session, "POST", f"/admin/staff/{staff_id}/password", body)
            self._audit(session, action="password_reset", record_kind="staff", record_id=staff_id)
            return password
        with self._uow() as uow:
            staff = _staff(uow, staff_id)
            staff.password_hash = self._hasher.hash(password)
            staff.must_change_password = True
            staff.version += 1
            uow.throttle.clear(login_hash(staff.login_id))
            uow.audit.record(
                staff_id=session.staff_id,
                action="password_reset",
                record_kind="staff",
                record_id=staff.id,
            )
            uow.commit()
        return password

    @requires(Permission.STAFF_ADMIN)
    def unlock_account(self, session: StaffSession, /, *, staff_id: str) -> None:
        if self._server.enrolled():  # the server's lock-out decides online logins
            self._server.call(session, "POST", f"/admin/staff/{staff_id}/unlock")
        with self._uow() as uow:
            staff = _staff(uow, staff_id)
            uow.throttle.clear(login_hash(staff.login_id))
            uow.audit.record(
                staff_id=session.staff_id,
                action="account_unlock",
                record_kind="staff",
                record_id=staff.id,
            )
            uow.commit()

    @requires(Permission.STAFF_ADMIN)
    def set_disabled(self, session: StaffSession, /, *, staff_id: str, disabled: bool) -> None:
        if staff_id == session.staff_id:
            raise KenshinError("自分自身のIDは停止できません。")
        action = "staff_disable" if disabled else "staff_enable"
        if self._server.enrolled():
            verb = "disable" if disabled else "enable"
            self._server.call(session, "POST", f"/admin/staff/{staff_id}/{verb}")
            self._audit(session, action=action, record_kind="staff", record_id=staff_id)
            return
        with self._uow() as uow:
            staff = _staff(uow, staff_id)
            staff.disabled = disabled
            staff.version += 1
            uow.audit.record(
                staff_id=session.staff_id,
                action=action,
                record_kind="staff",
                record_id=staff.id,
            )
            uow.commit()

    @requires(Permission.STAFF_ADMIN)
    def grant_role(
        self, session: StaffSession, /, *, staff_id: str, role: Role, valid_until: datetime | None
    ) -> str:
        if self._server.enrolled():
            return self._grant_on_server(session, staff_id, Role(role), valid_until)
        with self._uow() as uow:
            _staff(uow, staff_id)
            grant_id = self._grant(uow, session, staff_id, Role(role), valid_until)
            uow.commit()
            return grant_id

    def _grant(
        self,
        uow: SqlAlchemyUnitOfWork,
        session: StaffSession,
        staff_id: str,
        role: Role,
        until: datetime | None,
    ) -> str:
        now = self._clock.now()
        if until is not None and until <= now:
            raise KenshinError("有効期限は現在より後の日時にしてください。")
        grant = Grant(
            staff_id=staff_id,
            role_code=role.value,
            valid_from=now,
            valid_until=until,
            issued_at=now,
            issued_by=session.staff_id,
        )
        uow.staff.add_grant(grant)
        uow.audit.record(
            staff_id=session.staff_id,
            action="grant_issue",
            record_kind="grant",
            record_id=grant.id,
            detail=f"role={role.value}",
        )
        return grant.id

    @requires(Permission.STAFF_ADMIN)
    def revoke_grant(self, session: StaffSession, /, *, grant_id: str) -> None:
        if self._server.enrolled():
            self._server.call(session, "POST", f"/admin/grants/{grant_id}/revoke")
            self._audit(session, action="grant_revoke", record_kind="grant", record_id=grant_id)
            return
        with self._uow() as uow:
            grant = uow.staff.get_grant(grant_id)
            if grant is None:
                raise NotFound("権限")
            if grant.revoked_at is None:
                grant.revoked_at = self._clock.now()
                grant.revoked_by = session.staff_id
                grant.version += 1
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="grant_revoke",
                    record_kind="grant",
                    record_id=grant.id,
                )
            uow.commit()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _grant_state(grant: Grant, now: datetime) -> GrantState:
    if grant.revoked_at is not None:
        return GrantState.REVOKED
    if grant.valid_until is not None and grant.valid_until <= now:
        return GrantState.EXPIRED
    return GrantState.ACTIVE


def _check_login_id(name: str) -> None:
    if not 3 <= len(name) <= 40 or not all(
        ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name
    ):
        raise KenshinError("職員IDは半角英数字（. _ - を含む）3〜40文字で入力してください。")
    if unicodedata.normalize("NFKC", name) != name:
        raise KenshinError("職員IDに使えない文字が含まれています。")


def _staff(uow: SqlAlchemyUnitOfWork, staff_id: str) -> Staff:
    staff = uow.staff.get(staff_id)
    if staff is None:
        raise NotFound("職員")
    return staff
