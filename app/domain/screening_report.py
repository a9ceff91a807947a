"""The 地域保健・健康増進事業報告 tables of one program and fiscal year, from plain facts.

Pure arithmetic over what the caller gathered: the targets per sex and age band, and one
`Examinee` per verified screening of the year (and, for a program screened once per two fiscal
years, of the year before). Counts only — no resident is ever named, and a cell is a number.

Definitions (DOMAIN.md "Results and follow-up"; the MHLW report's own):
- age: the program's basis age (年度末年齢 by default), in 5-year bands from the program's
  youngest age (40〜44, 45〜49, …), the last band open (80〜).
- 初回: no screening of the program in the three fiscal years before.
- 精検: for each 要精検, 受診 / 未受診 / 未把握, and for 受診 the outcome: がん, がんの疑い又は
  未確定, 異常認めず, がん以外の疾患.
- 受診率 over the rate ages (40〜69; 胃 50〜69; 子宮頸 20〜69). For a program screened once per
  two fiscal years: (前年度の受診者 + 当該年度の受診者 − 2年連続の受診者) ÷ 当該年度の対象者.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LAST_BAND_FROM = 80


class Followup(StrEnum):
    ATTENDED = "attended"  # 精検受診
    NOT_ATTENDED = "not_attended"  # 精検未受診
    UNKNOWN = "unknown"  # 精検未把握


class Outcome(StrEnum):
    CANCER = "cancer"  # がん
    SUSPECTED = "suspected"  # がんの疑い又は未確定
    NORMAL = "normal"  # 異常認めず
    OTHER = "other"  # がん以外の疾患


RATE_AGES = {"stomach_xray": (50, 69), "stomach_endo": (50, 69), "cervical": (20, 69)}
DEFAULT_RATE_AGES = (40, 69)


@dataclass(frozen=True)
class Examinee:
    """One verified screening: who (by id only), sex, basis age, and what followed."""

    resident_id: str
    sex: str  # "M" | "F"
    age: int
    first_time: bool
    needs_followup: bool  # 要精検
    followup: Followup | None = None  # None for a 要精検 not yet known: counted as 未把握
    outcome: Outcome | None = None  # for an attended 精検


@dataclass
class Cells:
    """One line of the table (a sex and age band, or a total)."""

    targets: int = 0
    first_time: int = 0
    repeat: int = 0
    needs_followup: int = 0
    attended: int = 0
    not_attended: int = 0
    unknown: int = 0
    cancer: int = 0
    suspected: int = 0
    normal: int = 0
    other: int = 0

    @property
    def examinees(self) -> int:
        return self.first_time + self.repeat

    def add(self, other: Cells) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Rate:
    ages: tuple[int, int]
    examinees: int  # for a two-year program: previous + this − both
    targets: int

    @property
    def percent(self) -> float | None:
        return None if self.targets == 0 else round(100 * self.examinees / self.targets, 1)


@dataclass
class ProgramReport:
    program_code: str
    fiscal_year: int
    rows: dict[tuple[str, str], Cells] = field(default_factory=dict)  # (sex, band) -> cells
    rate: Rate | None = None

    def total(self, sex: str | None = None) -> Cells:
        cells = Cells()
        for (row_sex, _), row in self.rows.items():
            if sex is None or row_sex == sex:
                cells.add(row)
        return cells


def band_of(age: int, youngest: int) -> str:
    """The 5-year band an age falls in, counted from the program's youngest age."""
    if age >= LAST_BAND_FROM:
        return f"{LAST_BAND_FROM}〜"
    start = youngest + (max(age, youngest) - youngest) // 5 * 5
    return f"{start}〜{start + 4}"


def bands(youngest: int) -> list[str]:
    return [band_of(age, youngest) for age in range(youngest, LAST_BAND_FROM + 1, 5)]


def build(
    program_code: str,
    fiscal_year: int,
    *,
    youngest: int,
    targets: Mapping[tuple[str, int], int],
    examinees: Iterable[Examinee],
    previous_examinees: Iterable[Examinee] | None = None,
) -> ProgramReport:
    """The program's table. `targets` maps (sex, basis age) to the number of targets of that
    age; `previous_examinees` (the year before) makes the two-year rate when given."""
    report = ProgramReport(program_code, fiscal_year)
    for sex in ("M", "F"):
        for band in bands(youngest):
            report.rows[(sex, band)] = Cells()
    for (sex, age), count in targets.items():
        report.rows.setdefault((sex, band_of(age, youngest)), Cells()).targets += count
    this_year = list(examinees)
    for person in this_year:
        _count(report.rows.setdefault((person.sex, band_of(person.age, youngest)), Cells()), person)
    low, high = RATE_AGES.get(program_code, DEFAULT_RATE_AGES)
    in_range = {p.resident_id for p in this_year if low <= p.age <= high}
    examined = len(in_range)
    if previous_examinees is not None:
        # Last year's people in the range by this year's age: a year older than they were.
        before = {p.resident_id for p in previous_examinees if low <= p.age + 1 <= high}
        examined = len(in_range | before)  # previous + this − both
    rate_targets = sum(n for (_, age), n in targets.items() if low <= age <= high)
    report.rate = Rate((low, high), examined, rate_targets)
    return report


def _count(cells: Cells, person: Examinee) -> None:
    if person.first_time:
        cells.first_time += 1
    else:
        cells.repeat += 1
    if not person.needs_followup:
        return
    cells.needs_followup += 1
    followup = person.followup or Followup.UNKNOWN
    if followup is Followup.ATTENDED:
        cells.attended += 1
        if person.outcome is Outcome.CANCER:
            cells.cancer += 1
        elif person.outcome is Outcome.SUSPECTED:
            cells.suspected += 1
        elif person.outcome is Outcome.OTHER:
            cells.other += 1
        elif person.outcome is Outcome.NORMAL:
            cells.normal += 1  # an attended 精検 whose result is not in yet counts in none
    elif followup is Followup.NOT_ATTENDED:
        cells.not_attended += 1
    else:
        cells.unknown += 1
