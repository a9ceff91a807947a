"""The admin's grants history, workstations and settings (a part of AdminService)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

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
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.printing_service import file_printer_refusal

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory

# The settings an admin may change here, with their allowed range (DESIGN.md defaults).
INT_SETTINGS: dict[str, tuple[str, int, int]] = {
    "lockout_threshold": ("ロックまでの失敗回数", 3, 20),
    "lockout_minutes": ("ロックの時間（分）", 1, 1440),
    "idle_lock_minutes": ("無操作ロックまでの時間（分）", 1, 60),
    "offline_grant_days": ("オフラインで使える日数", 1, 30),
    "reminder_months": ("精検受診勧奨までの月数", 1, 24),
    "renkei_auto_request_days": ("前住所地への自動照会（転入後の日数）", 1, 365),
    "renkei_answer_retention_days": ("前住所地からの照会結果の保存日数", 30, 3650),
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


class DesksAndSettingsAdmin:
    """The grants history, enrollment codes, devices and settings (AdminService's store and
    server)."""

    _uow: UnitOfWorkFactory
    _server: AdminServer
    _guard: Guard

    def _audit(
        self,
        session: StaffSession,
        *,
        action: str,
        record_kind: str,
        record_id: str | None,
        detail: str = "",
    ) -> None:
        raise NotImplementedError  # AdminService's

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
        return file_printer_refusal(self._uow, printer_name, writes_file=writes_file)

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
