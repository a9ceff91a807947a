"""The batches (バッチ) of received forms and how far their keying has come, one row each."""

from __future__ import annotations

from app.services.entry_dto import BatchView
from ui.i18n import N_, t
from ui.table_model import Column, RowTableModel

MISSING_SHOWN = 3
OVERDUE_MARK = N_("期限超過")


def missing_text(numbers: tuple[int, ...]) -> str:
    """Form numbers still to key, runs joined: 「1〜5, 8, 10〜12 他2枚」 (first few runs only)."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    shown = ", ".join(f"{r[0]}〜{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs[:MISSING_SHOWN])
    rest = sum(len(r) for r in runs[MISSING_SHOWN:])
    return t("{shown} 他{rest}枚").format(shown=shown, rest=rest) if rest else shown


def _missing(batch: BatchView) -> str:
    parts = []
    if batch.missing_first:
        parts.append(t("1回目: {forms}").format(forms=missing_text(batch.missing_first)))
    if batch.missing_second:
        parts.append(t("2回目: {forms}").format(forms=missing_text(batch.missing_second)))
    return " / ".join(parts)


class BatchTableModel(RowTableModel):
    columns = (
        Column(N_("プログラム"), lambda b: t(b.program_name)),
        Column(N_("医療機関コード"), lambda b: b.clinic_code),
        Column(N_("対象月"), lambda b: b.month),
        Column(N_("受付"), lambda b: str(b.received), lambda b: b.received, numeric=True),
        Column(N_("1回目"), lambda b: str(b.first_keyed), lambda b: b.first_keyed, numeric=True),
        Column(N_("2回目"), lambda b: str(b.second_keyed), lambda b: b.second_keyed, numeric=True),
        Column(N_("照合済"), lambda b: str(b.verified), lambda b: b.verified, numeric=True),
        Column(N_("確認中"), lambda b: str(b.in_review), lambda b: b.in_review, numeric=True),
        Column(
            N_("期限"), lambda b: t(OVERDUE_MARK) if b.overdue else "", lambda b: int(b.overdue)
        ),
        Column(N_("未入力の用紙番号"), _missing),
    )
