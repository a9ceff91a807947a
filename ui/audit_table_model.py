"""The audit log table: one row per AuditEventView, times shown in local 和暦."""

from __future__ import annotations

from datetime import datetime

from app.services.dto import AuditEventView
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
        Column("連番", lambda e: str(e.seq), sort_key=lambda e: e.seq, numeric=True),
        Column("日時", _local, sort_key=lambda e: e.seq),
        Column("職員", lambda e: e.staff_login or ""),
        Column("端末", lambda e: e.workstation),
        Column("操作", lambda e: action_label(e.action)),
        Column("対象種別", lambda e: record_kind_label(e.record_kind)),
        Column("対象ID", lambda e: e.record_id or ""),
        Column("結果", lambda e: outcome_label(e.outcome)),
        Column("詳細", lambda e: e.detail),
    )
