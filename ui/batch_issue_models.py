"""The tables of 一括発行: runs (open first) and, on request, the support-measure residents."""

from __future__ import annotations

from app.domain.wareki import format_fiscal_year
from app.services.batch_issuance_service import BatchRun
from ui.table_model import Column, RowTableModel

STATUS_TEXT = {"open": "未完了", "done": "完了"}


def summary_text(run: BatchRun) -> str:
    return (
        f"対象 {run.total:,}人"
        f"（発行済み {run.already_issued:,}人・支援措置 {run.support_excluded:,}人を除く）"
    )


class BatchRunTableModel(RowTableModel):
    """One row per run, open runs first (as the service lists them)."""

    columns = (
        Column("検診", lambda r: r.program_name),
        Column("年度", lambda r: format_fiscal_year(r.fiscal_year), lambda r: r.fiscal_year),
        Column("対象", lambda r: f"{r.total:,}", lambda r: r.total, numeric=True),
        Column("印刷済", lambda r: f"{r.printed:,}", lambda r: r.printed, numeric=True),
        Column("状態", lambda r: STATUS_TEXT.get(r.status, r.status)),
    )


class SupportTableModel(RowTableModel):
    columns = (Column("氏名", lambda r: r.name), Column("カナ", lambda r: r.kana))
