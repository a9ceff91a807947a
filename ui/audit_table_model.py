"""The audit review tables: events, flagged patterns and review marks, times in local 和暦."""

from __future__ import annotations

from datetime import datetime

from app.domain.wareki import format_short
from app.services.audit_service import AuditFlagView
from app.services.dto import AuditEventView
from ui.i18n import N_, t
from ui.labels import action_label, outcome_label, record_kind_label
from ui.table_model import Column, RowTableModel, local_time_text


def _local(event: AuditEventView) -> str:
    try:
        return local_time_text(datetime.fromisoformat(event.at), seconds=True)
    except ValueError:
        # A malformed stamp is itself evidence for the reviewer: show it as recorded.
        return event.at


class AuditTableModel(RowTableModel):
    columns = (
        Column(N_("連番"), lambda e: str(e.seq), sort_key=lambda e: e.seq, numeric=True),
        Column(N_("日時"), _local, sort_key=lambda e: e.seq),
        Column(N_("職員"), lambda e: e.staff_login or ""),
        Column(N_("端末"), lambda e: e.workstation),
        Column(N_("操作"), lambda e: action_label(e.action)),
        Column(N_("対象種別"), lambda e: record_kind_label(e.record_kind)),
        Column(N_("対象ID"), lambda e: e.record_id or ""),
        Column(N_("結果"), lambda e: outcome_label(e.outcome)),
        Column(N_("詳細"), lambda e: e.detail),
    )


FLAG_KINDS = {
    "many_views": N_("短時間の大量閲覧"),
    "off_hours": N_("勤務時間外の閲覧"),
    "failures": N_("失敗・拒否の繰り返し"),
}


def _subject(flag: AuditFlagView) -> str:
    if flag.staff_login:
        return flag.staff_login
    if flag.subject.startswith("login_name:"):
        return t("不明なID（ログイン名 {login}）").format(
            login=flag.subject.removeprefix("login_name:")
        )
    return flag.subject


class AuditFlagTableModel(RowTableModel):
    """Flagged patterns (要確認): one row per pattern, the reason written out."""

    columns = (
        Column(N_("種類"), lambda f: t(FLAG_KINDS.get(f.kind, f.kind))),
        Column(N_("職員"), _subject),
        Column(
            N_("最初"),
            lambda f: local_time_text(f.first_at),
            sort_key=lambda f: f.first_at.isoformat(),
        ),
        Column(
            N_("最後"),
            lambda f: local_time_text(f.last_at),
            sort_key=lambda f: f.last_at.isoformat(),
        ),
        Column(N_("件数"), lambda f: f"{f.count:,}", sort_key=lambda f: f.count, numeric=True),
        Column(N_("内容"), lambda f: t(f.description)),
    )


class AuditReviewTableModel(RowTableModel):
    """Past review marks (確認済み), newest first."""

    columns = (
        Column(
            N_("確認日時"),
            lambda r: local_time_text(r.reviewed_at),
            sort_key=lambda r: r.reviewed_at.isoformat(),
        ),
        Column(N_("確認者"), lambda r: r.reviewed_by),
        Column(
            N_("期間"),
            lambda r: f"{format_short(r.period_from)} 〜 {format_short(r.period_to)}",
            sort_key=lambda r: r.period_from.isoformat(),
        ),
        Column(
            N_("記録数"),
            lambda r: f"{r.events_count:,}",
            sort_key=lambda r: r.events_count,
            numeric=True,
        ),
        Column(N_("改ざん検査"), lambda r: t("正常") if r.chain_ok else t("異常")),
        Column(N_("コメント"), lambda r: r.comment),
    )
