"""Staff accounts and their role grants (admin only); no resident data is reachable here."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher

from app.domain import retention
from app.domain.errors import KenshinError
from app.domain.policy import Permission, Role
from app.domain.programs import DEFAULT_PROGRAMS
from app.domain.settings import DeskSettings
from app.services.admin_server import (
    NEEDS_ENROLLMENT,
    AdminServer,
    DeviceView,
    EnrollmentCode,
    device_view,
)
from app.services.auth_service import login_hash, normalise_login_id
from app.services.dto import GrantState, GrantView, StaffSession, StaffView
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.services.printing_service import FILE_PRINTER
from app.store.orm import Grant, Staff
from app.sync.transport import ServerClient

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

__all__ = ["AdminService", "DeviceView", "EnrollmentCode", "GrantRecord", "temporary_password"]

TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def temporary_password() -> str:
    """16 characters without look-alikes (0/O, 1/l/I), to be read out and changed at first login."""
    return "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(16))


# The settings an admin may change here, with their allowed range (DESIGN.md defaults).
INT_SETTINGS: dict[str, tuple[str, int, int]] = {
    "lockout_threshold": ("ロックまでの失敗回数", 3, 20),
    "lockout_minutes": ("ロックの時間（分）", 1, 1440),
    "idle_lock_minutes": ("無操作ロックまでの時間（分）", 1, 60),
    "offline_grant_days": ("オフラインで使える日数", 1, 30),
    "reminder_months": ("精検受診勧奨までの月数", 1, 24),
}
PRINTER_NAMES = "file_printer_names"
RETENTION = retention.SETTING_KEY  # 保存年数: program code -> whole years after the fiscal year


@dataclass(frozen=True)
class GrantRecord:
    """One line of 権限の発効・失効の記録: who, which role, when valid, issued and revoked by."""

    grant_id: str
    staff_login: str
    staff_name: str
    role: Role
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    issued_by: str  # login id, or "" when unknown
    revoked_at: datetime | None
    revoked_by: str


class AdminService:
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

    # ------------------------------------------------------------ the grants history

    @requires(Permission.STAFF_ADMIN)
    def grants_history(self, session: StaffSession, /) -> list[GrantRecord]:
        """Every grant ever issued, oldest first, with who issued and who revoked it."""
        if self._server.enrolled():
            self._server.refresh(session)
        with self._uow() as uow:
            staff = {s.id: s for s in uow.staff.all()}
            rows = [g for s in staff.values() for g in uow.staff.grants(s.id)]
            rows.sort(key=lambda g: (_aware(g.issued_at), g.id))

            def login(staff_id: str | None) -> str:
                found = staff.get(staff_id or "")
                return found.login_id if found is not None else ""

            records = [
                GrantRecord(
                    grant_id=g.id,
                    staff_login=staff[g.staff_id].login_id,
                    staff_name=staff[g.staff_id].display_name,
                    role=Role(g.role_code),
                    valid_from=g.valid_from,
                    valid_until=g.valid_until,
                    issued_at=g.issued_at,
                    issued_by=login(g.issued_by),
                    revoked_at=g.revoked_at,
                    revoked_by=login(g.revoked_by),
                )
                for g in rows
                if g.role_code in {r.value for r in Role}
            ]
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="grants_history",
                detail=f"count={len(records)}",
            )
            uow.commit()
            return records

    @requires(Permission.STAFF_ADMIN)
    def refuses_printer(
        self, session: StaffSession, /, *, printer_name: str, writes_file: bool
    ) -> str | None:
        """As PrintingService.refuses_printer, for the admin's one document (the history)."""
        with self._uow(read_only=True) as uow:
            names = DeskSettings.from_mapping(uow.settings.all()).file_printer_names
        lowered = printer_name.casefold()
        if writes_file or not printer_name.strip() or any(n.casefold() in lowered for n in names):
            return FILE_PRINTER.format(name=printer_name[:60] or "名前なし")
        return None

    @requires(Permission.STAFF_ADMIN)
    def record_print(
        self,
        session: StaffSession,
        /,
        *,
        document_kind: str,
        record_ids: list[str],
        pages: int,
        printer_name: str,
    ) -> None:
        """The audit of a printed grants history (the only document an admin prints)."""
        if document_kind != "grants_history":
            raise KenshinError("システム管理者が印刷できるのは権限の記録だけです。")
        self._audit(
            session,
            action="print",
            record_kind="grants_history",
            record_id=None,
            detail=f"pages={pages} rows={len(record_ids)} printer={printer_name[:60]}",
        )

    # ------------------------------------------------------------ workstations

    @requires(Permission.WORKSTATION_ADMIN)
    def issue_enrollment_code(
        self, session: StaffSession, /, *, workstation_name: str, ward: str | None = None
    ) -> EnrollmentCode:
        """A one-time code to enrol a new workstation; the code itself is never audited."""
        name = workstation_name.strip()
        if not name or len(name) > 64 or not name.isprintable():
            raise KenshinError("端末名を64文字以内で入力してください。")
        if not self._server.enrolled():
            raise KenshinError(NEEDS_ENROLLMENT)
        body = {"workstation_name": name, "ward": (ward or "").strip() or None}
        answer = self._server.call(session, "POST", "/admin/enrollment-codes", body)
        self._audit(session, action="enrollment_code_issue", record_kind="device", record_id=None)
        return EnrollmentCode(
            code=str(answer["code"]),
            workstation_name=str(answer["workstation_name"]),
            expires_at=datetime.fromisoformat(str(answer["expires_at"]).replace("Z", "+00:00")),
        )

    @requires(Permission.WORKSTATION_ADMIN)
    def list_devices(self, session: StaffSession, /) -> list[DeviceView]:
        if not self._server.enrolled():
            raise KenshinError(NEEDS_ENROLLMENT)
        rows = self._server.read(session, "/admin/devices")
        self._audit(
            session,
            action="view",
            record_kind="device_list",
            record_id=None,
            detail=f"count={len(rows)}",
        )
        return [device_view(row) for row in rows]

    @requires(Permission.WORKSTATION_ADMIN)
    def revoke_device(self, session: StaffSession, /, *, device_id: str) -> None:
        if not self._server.enrolled():
            raise KenshinError(NEEDS_ENROLLMENT)
        self._server.call(session, "POST", f"/admin/devices/{device_id}/revoke")
        self._audit(session, action="device_revoke", record_kind="device", record_id=device_id)

    # ------------------------------------------------------------ settings

    @requires(Permission.SETTINGS_ADMIN)
    def current_settings(self, session: StaffSession, /) -> DeskSettings:
        if self._server.enrolled():
            self._server.refresh(session)
        with self._uow(read_only=True) as uow:
            return DeskSettings.from_mapping(uow.settings.all())

    @requires(Permission.SETTINGS_ADMIN)
    def retention_years(self, session: StaffSession, /) -> dict[str, int]:
        """The years each program's records are kept (the defaults under the setting)."""
        with self._uow(read_only=True) as uow:
            try:
                return retention.retention_years(uow.settings.get(RETENTION))
            except retention.RetentionSettingError:
                return retention.retention_years()

    @requires(Permission.SETTINGS_ADMIN)
    def change_setting(self, session: StaffSession, /, *, key: str, value: Any) -> None:
        """One setting, checked here (Japanese messages) and then by the server."""
        checked = check_setting(key, value)
        if self._server.enrolled():
            self._server.call(session, "PUT", f"/admin/settings/{key}", {"value": checked})
            self._audit(session, action="setting_change", record_kind="setting", record_id=key)
            return
        with self._uow() as uow:
            uow.settings.put(key, checked)
            uow.audit.record(
                staff_id=session.staff_id,
                action="setting_change",
                record_kind="setting",
                record_id=key,
            )
            uow.commit()


def check_setting(key: str, value: Any) -> Any:
    """The value to store (a list for the printer names), or a KenshinError in Japanese."""
    if key in INT_SETTINGS:
        label, low, high = INT_SETTINGS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise KenshinError(f"{label}は{low}〜{high}の整数で入力してください。")
        return value
    if key == RETENTION:
        return _check_retention(value)
    if key == PRINTER_NAMES:
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise KenshinError("ファイル出力プリンター名は一覧で指定してください。")
        names = [str(name).strip() for name in value]
        names = [name for name in names if name]
        if not names:
            raise KenshinError("ファイル出力プリンター名を一つ以上入力してください。")
        if len(names) > 50 or any(len(n) > 100 or not n.isprintable() for n in names):
            raise KenshinError("ファイル出力プリンター名は50件まで、各100文字以内にしてください。")
        return list(dict.fromkeys(names))
    raise KenshinError("この設定はここでは変更できません。")


def _check_retention(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise KenshinError("保存年数は検診ごとの年数で指定してください。")
    unknown = sorted(set(value) - set(DEFAULT_PROGRAMS))
    if unknown:
        raise KenshinError(f"検診「{str(unknown[0])[:40]}」はありません。")
    try:
        retention.retention_years(value)
    except retention.RetentionSettingError as error:
        raise KenshinError(str(error)) from error
    return {str(code): int(years) for code, years in value.items()}


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
