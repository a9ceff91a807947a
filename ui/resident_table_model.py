"""The lookup screen's tables: search results, a resident's eligibility and history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.domain.wareki import format_date, format_fiscal_year
from app.services.lookup_dto import EligibilityLine, HistoryLine, ResidentRow
from ui.i18n import N_, t
from ui.table_model import Column, Index, RowTableModel

SEX_LABELS = {"M": N_("男"), "F": N_("女")}
SUPPORT_MARK = N_("支援措置")


def sex_label(sex: str) -> str:
    return t(SEX_LABELS.get(sex, sex))


def _mark(value: bool, shown: str = "○") -> str:
    return shown if value else "—"


def _birth_key(row: ResidentRow) -> str:
    return row.birth_date.isoformat()


def _reason(line: EligibilityLine) -> str:
    return t(line.message or line.reason)


def _screened_key(line: HistoryLine) -> str:
    return line.screened_on.isoformat()


class ResidentTableModel(RowTableModel):
    """One row per ResidentRow from `LookupService.search`; birth dates in 和暦."""

    # The support-measure marker comes first, where it cannot be scrolled out of sight.
    columns = (
        Column(N_("支援措置"), lambda r: t(SUPPORT_MARK) if r.support_measure else ""),
        Column(N_("住民番号"), lambda r: r.register_no),
        Column(N_("氏名"), lambda r: r.name),
        Column(N_("カナ"), lambda r: r.kana),
        Column(N_("性別"), lambda r: sex_label(r.sex)),
        Column(N_("生年月日"), lambda r: format_date(r.birth_date), sort_key=_birth_key),
        Column(N_("住所"), lambda r: r.address),
    )


class EligibilityTableModel(RowTableModel):
    """This fiscal year's eligibility, one line per program; a long reason is a tooltip too."""

    columns = (
        Column(N_("検診"), lambda e: t(e.program_name)),
        Column(N_("対象"), lambda e: "○" if e.eligible else "×"),
        Column(N_("理由"), lambda e: _reason(e)),
        Column(N_("自己負担"), lambda e: _mark(e.fee_exempt, t("免除"))),
        Column(N_("クーポン"), lambda e: _mark(e.coupon)),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 2:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class HistoryTableModel(RowTableModel):
    """Screenings already had: newest first as the service gives them."""

    columns = (
        Column(
            N_("年度"),
            lambda h: format_fiscal_year(h.fiscal_year),
            sort_key=lambda h: h.fiscal_year,
        ),
        Column(N_("検診"), lambda h: t(h.program_name)),
        Column(N_("受診日"), lambda h: format_date(h.screened_on), sort_key=_screened_key),
        Column(N_("判定"), lambda h: t(h.judgement)),
        Column(N_("初回"), lambda h: t("初回") if h.first_time else ""),
        Column(N_("前住所地"), lambda h: h.former_city),
    )
