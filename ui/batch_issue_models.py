"""The tables of 一括発行: runs (open first) and, on request, the support-measure residents."""

from __future__ import annotations

from app.domain.wareki import format_fiscal_year
from app.services.batch_issuance_service import BatchRun
from ui.i18n import N_, t
from ui.table_model import Column, RowTableModel

STATUS_TEXT = {"open": N_("未完了"), "done": N_("完了")}


def summary_text(run: BatchRun) -> str:
    return t("対象 {total:,}人（発行済み {issued:,}人・支援措置 {support:,}人を除く）").format(
        total=run.total, issued=run.already_issued, support=run.support_excluded
    )


class BatchRunTableModel(RowTableModel):
    """One row per run, open runs first (as the service lists them)."""

    columns = (
        Column(N_("検診"), lambda r: t(r.program_name)),
        Column(N_("年度"), lambda r: format_fiscal_year(r.fiscal_year), lambda r: r.fiscal_year),
        Column(N_("対象"), lambda r: f"{r.total:,}", lambda r: r.total, numeric=True),
        Column(N_("印刷済"), lambda r: f"{r.printed:,}", lambda r: r.printed, numeric=True),
        Column(N_("状態"), lambda r: t(STATUS_TEXT.get(r.status, r.status))),
    )


class SupportTableModel(RowTableModel):
    columns = (Column(N_("氏名"), lambda r: r.name), Column(N_("カナ"), lambda r: r.kana))
