"""Retention of screening records (保存期間): how long a program's results are kept.

A result is kept for the program's retention years, counted from the end of the fiscal year
it belongs to (31 March): a FY 2020 result kept 5 years may go after 2026-03-31, that is from
2026-04-01. The years are a city setting (`retention_years`, program code -> years); without
one the defaults of DOMAIN.md hold: cancer screenings 5 years, osteoporosis and periodontal 10
years. A program with neither (hepatitis is for life; a health check the assessment does not
name) has no retention end and is never a candidate.

Deceased and moved-out people follow the same rule: only the fiscal year counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

CANCER_YEARS = 5
LONG_YEARS = 10
MAX_YEARS = 100
SETTING_KEY = "retention_years"

DEFAULT_YEARS: Mapping[str, int] = {
    "stomach_xray": CANCER_YEARS,
    "stomach_endo": CANCER_YEARS,
    "lung": CANCER_YEARS,
    "colorectal": CANCER_YEARS,
    "breast": CANCER_YEARS,
    "cervical": CANCER_YEARS,
    "prostate_psa": CANCER_YEARS,
    "osteoporosis": LONG_YEARS,
    "periodontal": LONG_YEARS,
}


class RetentionSettingError(ValueError):
    """A `retention_years` setting that is not program code -> whole years."""


def retention_years(setting: object = None) -> dict[str, int]:
    """The years per program: the defaults overlaid with the setting (a mapping)."""
    years = dict(DEFAULT_YEARS)
    if setting is None:
        return years
    if not isinstance(setting, Mapping):
        raise RetentionSettingError("保存期間の設定は検診の種類と年数の組で指定してください。")
    for code, value in setting.items():
        if not isinstance(code, str) or not code:
            raise RetentionSettingError("保存期間の設定に検診の種類がありません。")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
            raise RetentionSettingError(
                f"検診「{code}」の保存期間は1〜{MAX_YEARS}の整数（年）で指定してください。"
            )
        years[code] = value
    return years


def retention_ends(fiscal_year: int, years: int) -> date:
    """The last day a record of `fiscal_year` must be kept: 31 March of the fiscal year's end
    plus `years` years."""
    return date(fiscal_year + 1 + years, 3, 31)


def deletion_date(fiscal_year: int, years: int) -> date:
    """The first day the record may be deleted (the day after its retention ends)."""
    return date(fiscal_year + 1 + years, 4, 1)


def is_due(fiscal_year: int, years: int | None, today: date) -> bool:
    """True when a record of that fiscal year is past its retention on `today`."""
    return years is not None and today >= deletion_date(fiscal_year, years)


def latest_due_year(years: int, today: date) -> int:
    """The last fiscal year whose records are due on `today`."""
    current = today.year if today >= date(today.year, 4, 1) else today.year - 1
    return current - 1 - years


@dataclass(frozen=True)
class Candidate:
    """Records of one program and fiscal year past their retention."""

    program_code: str
    fiscal_year: int
    count: int
    years: int
    deletion_date: date


def candidates(
    groups: Iterable[tuple[str, int, int]], years: Mapping[str, int], today: date
) -> list[Candidate]:
    """Of (program, fiscal year, count) groups, those due on `today`, oldest first."""
    found = [
        Candidate(code, fiscal_year, count, years[code], deletion_date(fiscal_year, years[code]))
        for code, fiscal_year, count in groups
        if count > 0 and is_due(fiscal_year, years.get(code), today)
    ]
    return sorted(found, key=lambda c: (c.program_code, c.fiscal_year))
