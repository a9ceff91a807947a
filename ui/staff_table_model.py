"""Staff accounts and the selected account's role grants, as tables."""

from __future__ import annotations

from app.domain.policy import ROLE_NAMES_JA
from app.services.dto import GrantState, GrantView, StaffView
from ui.labels import role_names
from ui.table_model import Column, RowTableModel, local_time_text


def staff_roles(staff: StaffView) -> str:
    return role_names(g.role for g in staff.grants if g.active) or "（権限なし）"


def staff_lock(staff: StaffView) -> str:
    if staff.locked_until is None:
        return ""
    return f"ロック中（{local_time_text(staff.locked_until)}まで）"


GRANT_STATE_NAMES = {
    GrantState.ACTIVE: "有効",
    GrantState.EXPIRED: "期限切れ",
    GrantState.REVOKED: "取消済",
}


def grant_state(grant: GrantView) -> str:
    return GRANT_STATE_NAMES[grant.state]


class StaffTableModel(RowTableModel):
    columns = (
        Column("職員ID", lambda s: s.login_id),
        Column("氏名", lambda s: s.display_name),
        Column("役割", staff_roles),
        Column("状態", lambda s: "停止中" if s.disabled else "利用中"),
        Column("パスワード", lambda s: "変更待ち" if s.must_change_password else ""),
        Column("ロック", staff_lock),
    )

    def index_of(self, staff_id: str) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == staff_id), None)


class GrantTableModel(RowTableModel):
    columns = (
        Column("役割", lambda g: ROLE_NAMES_JA[g.role]),
        Column("状態", grant_state),
        Column(
            "付与日時", lambda g: local_time_text(g.issued_at), lambda g: g.issued_at.isoformat()
        ),
        Column(
            "有効期限",
            lambda g: local_time_text(g.valid_until) if g.valid_until else "なし",
            lambda g: g.valid_until.isoformat() if g.valid_until else "9999",
        ),
        Column(
            "取消日時",
            lambda g: local_time_text(g.revoked_at),
            lambda g: g.revoked_at.isoformat() if g.revoked_at else "",
        ),
    )
