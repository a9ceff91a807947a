"""Staff accounts and the selected account's role grants, as tables."""

from __future__ import annotations

from app.services.dto import GrantState, GrantView, StaffView
from ui.i18n import N_, t
from ui.labels import role_name, role_names
from ui.table_model import Column, RowTableModel, local_time_text


def staff_roles(staff: StaffView) -> str:
    return role_names(g.role for g in staff.grants if g.active) or t("（権限なし）")


def staff_lock(staff: StaffView) -> str:
    if staff.locked_until is None:
        return ""
    return t("ロック中（{until}まで）").format(until=local_time_text(staff.locked_until))


GRANT_STATE_NAMES = {
    GrantState.ACTIVE: N_("有効"),
    GrantState.EXPIRED: N_("期限切れ"),
    GrantState.REVOKED: N_("取消済"),
}


def grant_state(grant: GrantView) -> str:
    return t(GRANT_STATE_NAMES[grant.state])


class StaffTableModel(RowTableModel):
    columns = (
        Column(N_("職員ID"), lambda s: s.login_id),
        Column(N_("氏名"), lambda s: s.display_name),
        Column(N_("役割"), staff_roles),
        Column(N_("状態"), lambda s: t("停止中") if s.disabled else t("利用中")),
        Column(N_("パスワード"), lambda s: t("変更待ち") if s.must_change_password else ""),
        Column(N_("ロック"), staff_lock),
    )

    def index_of(self, staff_id: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == staff_id), None)


class GrantTableModel(RowTableModel):
    columns = (
        Column(N_("役割"), lambda g: role_name(g.role)),
        Column(N_("状態"), grant_state),
        Column(
            N_("付与日時"),
            lambda g: local_time_text(g.issued_at),
            lambda g: g.issued_at.isoformat(),
        ),
        Column(
            N_("有効期限"),
            lambda g: local_time_text(g.valid_until) if g.valid_until else t("なし"),
            lambda g: g.valid_until.isoformat() if g.valid_until else "9999",
        ),
        Column(
            N_("取消日時"),
            lambda g: local_time_text(g.revoked_at),
            lambda g: g.revoked_at.isoformat() if g.revoked_at else "",
        ),
    )
