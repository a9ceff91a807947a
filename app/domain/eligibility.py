"""Fiscal-year eligibility (受診対象) of one resident for one program, with the reason why."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.calendar import (
    CalendarError,
    age_at_fiscal_year_end,
    age_on_fiscal_year_start,
    fiscal_year_bounds,
    fiscal_year_of,
)
from app.domain.errors import KenshinError
from app.domain.programs import (
    DEFAULT_PROGRAMS,
    ENDOSCOPY_CODE,
    SEXES,
    AgeBasis,
    Program,
    get,
)
from app.domain.wareki import DateInputError, format_date

FEE_EXEMPT_AGE = 70

Period = tuple[date, date | None]
"""A welfare (生活保護) or NHI (国保) period: first day, and last covered day or None if open."""


class Reason(StrEnum):
    """Stable reason codes; screens and statistics key on these, never on the message."""

    ELIGIBLE = "eligible"
    DECEASED = "deceased"
    MOVED_OUT = "moved_out"
    NOT_YET_RESIDENT = "not_yet_resident"
    WRONG_SEX = "wrong_sex"
    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    NOT_MILESTONE_AGE = "not_milestone_age"
    NO_WELFARE = "no_welfare"
    NO_NHI = "no_nhi"
    INTERVAL = "interval"
    STOMACH_AFTER_ENDOSCOPY = "stomach_after_endoscopy"


class EligibilityInputError(KenshinError, ValueError):
    """The question itself is malformed (a screening date outside the year, an unknown sex)."""


@dataclass(frozen=True)
class Decision:
    """The answer for the clerk: eligible or not, a stable reason code and a Japanese sentence.

    `fee_exempt` (自己負担免除) and `coupon` (無料クーポン) are only ever true when eligible.
    """

    eligible: bool
    reason: Reason
    message: str
    fee_exempt: bool = False
    coupon: bool = False


@dataclass(frozen=True)
class _Case:
    program: Program
    programs: Mapping[str, Program]
    fiscal_year: int
    on: date
    birth_date: date
    sex: str
    history: tuple[tuple[str, date], ...]
    welfare: tuple[Period, ...]
    nhi: tuple[Period, ...]
    moved_in: date | None
    moved_out: date | None
    died: date | None
    non_taxable: bool


def decide(
    program_code: str,
    fiscal_year: int,
    *,
    birth_date: date,
    sex: str,
    history: Iterable[tuple[str, date]] = (),
    welfare: Iterable[Period] = (),
    nhi: Iterable[Period] = (),
    moved_in: date | None = None,
    moved_out: date | None = None,
    died: date | None = None,
    on: date | None = None,
    non_taxable: bool = False,
    programs: Mapping[str, Program] | None = None,
) -> Decision:
    """Whether the resident may be screened under `program_code` in `fiscal_year`, and why.

    `on` is the screening date; by default today, clipped into the fiscal year.  Checks run in
    the order a clerk asks them: residence, sex, age, welfare or NHI, then screening history.

    Decisions where DOMAIN.md is silent:
    - Death, move-out and move-in dates count on their own day: dying or moving out on the
      screening date means not eligible, moving in on it means eligible.  A move-out dated
      before a later move-in is an earlier stay and is ignored.
    - A period's end is its last covered day (inclusive).  A 資格喪失日 or 廃止日, which is the
      first day without cover, must be passed as the day before.
    - Every screening of the program recorded in the fiscal year counts, whatever its date;
      screenings in later fiscal years are ignored.
    - Programs in the same `same_year_group` (stomach X-ray and endoscopy) allow one screening
      between them per fiscal year.
    - Fee exemption and coupon are reported only for eligible decisions.

    Raises `UnknownProgramError` for an unknown code and `EligibilityInputError` for a sex
    other than "M"/"F" or a screening date outside the fiscal year.
    """
    catalogue = DEFAULT_PROGRAMS if programs is None else programs
    if sex not in SEXES:
        raise EligibilityInputError("性別は M（男）または F（女）で指定してください")
    case = _Case(
        program=get(program_code, catalogue),
        programs=catalogue,
        fiscal_year=fiscal_year,
        on=_screening_date(fiscal_year, on),
        birth_date=birth_date,
        sex=sex,
        history=tuple(history),
        welfare=tuple(welfare),
        nhi=tuple(nhi),
        moved_in=moved_in,
        moved_out=moved_out,
        died=died,
        non_taxable=non_taxable,
    )
    for check in _CHECKS:
        refusal = check(case)
        if refusal is not None:
            return refusal
    return _eligible(case)


def _screening_date(fiscal_year: int, on: date | None) -> date:
    first, last = fiscal_year_bounds(fiscal_year)
    if on is None:
        return min(max(date.today(), first), last)
    if not first <= on <= last:
        raise EligibilityInputError(
            f"受診日（{_show(on)}）が{fiscal_year}年度（{_show(first)}〜{_show(last)}）の範囲外です"
        )
    return on


def _show(day: date) -> str:
    """和暦 for the clerk, or ISO for a date before 1873 that only bad data can hold."""
    try:
        return format_date(day)
    except DateInputError:
        return day.isoformat()


def _refuse(reason: Reason, message: str) -> Decision:
    return Decision(eligible=False, reason=reason, message=message)


def _moved_away(moved_out: date, moved_in: date | None, on: date) -> bool:
    """Moved out by `on`; a move-out before a later move-in belongs to an earlier stay."""
    return moved_out <= on and (moved_in is None or moved_in <= moved_out)


def _residence_problem(
    on: date, moved_in: date | None, moved_out: date | None, died: date | None
) -> Reason | None:
    if died is not None and died <= on:
        return Reason.DECEASED
    if moved_out is not None and _moved_away(moved_out, moved_in, on):
        return Reason.MOVED_OUT
    if moved_in is not None and moved_in > on:
        return Reason.NOT_YET_RESIDENT
    return None


def resides_on(on: date, moved_in: date | None, moved_out: date | None, died: date | None) -> bool:
    """Whether someone lives in the city on the screening date `on` (not dead, not moved out,
    already moved in); decide() refuses everyone else, for every program, before any other
    check."""
    return _residence_problem(on, moved_in, moved_out, died) is None


def _check_residence(case: _Case) -> Decision | None:
    problem = _residence_problem(case.on, case.moved_in, case.moved_out, case.died)
    if problem is Reason.DECEASED:
        assert case.died is not None
        return _refuse(problem, f"{_show(case.died)}に死亡のため対象外")
    if problem is Reason.MOVED_OUT:
        assert case.moved_out is not None
        return _refuse(problem, f"{_show(case.moved_out)}に転出のため対象外")
    if problem is Reason.NOT_YET_RESIDENT:
        assert case.moved_in is not None
        return _refuse(
            problem,
            f"受診日（{_show(case.on)}）が転入日（{_show(case.moved_in)}）より前のため対象外",
        )
    return None


def _check_sex(case: _Case) -> Decision | None:
    wanted = case.program.sex
    if wanted is None or case.sex == wanted:
        return None
    return _refuse(
        Reason.WRONG_SEX, f"{'女性' if wanted == 'F' else '男性'}が対象の検診のため対象外"
    )


_AGE_LABELS = {AgeBasis.FISCAL_YEAR_END: "年度末年齢", AgeBasis.APRIL_1: "4月1日時点の年齢"}


def _basis_age(birth: date, basis: AgeBasis, fiscal_year: int) -> int | None:
    """Age on the basis day, or None for someone born after it."""
    compute = (
        age_at_fiscal_year_end if basis == AgeBasis.FISCAL_YEAR_END else age_on_fiscal_year_start
    )
    try:
        return compute(birth, fiscal_year)
    except CalendarError:
        return None


def _check_age(case: _Case) -> Decision | None:
    program = case.program
    label = _AGE_LABELS[program.age_basis]
    age = _basis_age(case.birth_date, program.age_basis, case.fiscal_year)
    if case.birth_date > case.on or age is None:
        return _refuse(Reason.TOO_YOUNG, f"{label}の基準日または受診日に出生前のため対象外")
    if age < program.min_age:
        return _refuse(
            Reason.TOO_YOUNG, f"{label}が{age}歳のため対象外（{program.min_age}歳以上が対象）"
        )
    if program.max_age is not None and age > program.max_age:
        return _refuse(
            Reason.TOO_OLD,
            f"{label}が{age}歳のため対象外（{program.min_age}〜{program.max_age}歳が対象）",
        )
    if program.is_milestone and age not in program.milestone_ages:
        ages = "・".join(str(milestone) for milestone in program.milestone_ages)
        return _refuse(Reason.NOT_MILESTONE_AGE, f"{label}が{age}歳のため対象外（{ages}歳が対象）")
    return None


def _covers(periods: tuple[Period, ...], day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def _check_coverage(case: _Case) -> Decision | None:
    if case.program.requires_welfare and not _covers(case.welfare, case.on):
        return _refuse(Reason.NO_WELFARE, "受診日に生活保護を受給していないため対象外")
    if case.program.requires_nhi and not _covers(case.nhi, case.on):
        return _refuse(Reason.NO_NHI, "受診日に国民健康保険に加入していないため対象外")
    return None


def _years_ago_text(years: int) -> str:
    return {0: "今年度", 1: "前年度", 2: "前々年度"}.get(years, f"{years}年度前")


def _check_interval(case: _Case) -> Decision | None:
    program = case.program
    interval = program.interval_fiscal_years or 1
    screened = [
        fiscal_year_of(day)
        for code, day in case.history
        if code == program.code and fiscal_year_of(day) <= case.fiscal_year
    ]
    if not screened or case.fiscal_year - max(screened) >= interval:
        return None
    when = _years_ago_text(case.fiscal_year - max(screened))
    rule = "年度に1回" if interval == 1 else f"{interval}年度に1回"
    return _refuse(Reason.INTERVAL, f"{when}に受診済みのため対象外（{rule}）")


def _check_same_year_group(case: _Case) -> Decision | None:
    group = case.program.same_year_group
    if group is None:
        return None
    for code, day in case.history:
        other = case.programs.get(code)
        if other is None or other.same_year_group != group or code == case.program.code:
            continue
        if fiscal_year_of(day) == case.fiscal_year:
            return _refuse(
                Reason.INTERVAL,
                f"今年度に{other.name_ja}を受診済みのため対象外（同じ種類の検診は年度に1回）",
            )
    return None


def _check_endoscopy(case: _Case) -> Decision | None:
    if not case.program.blocked_after_endoscopy:
        return None
    previous = case.fiscal_year - 1
    if any(
        code == ENDOSCOPY_CODE and fiscal_year_of(day) == previous for code, day in case.history
    ):
        return _refuse(
            Reason.STOMACH_AFTER_ENDOSCOPY,
            "前年度に胃内視鏡検査を受診済みのため対象外（内視鏡検査の翌年度は胃がん検診の対象外）",
        )
    return None


_CHECKS: tuple[Callable[[_Case], Decision | None], ...] = (
    _check_residence,
    _check_sex,
    _check_age,
    _check_coverage,
    _check_interval,
    _check_same_year_group,
    _check_endoscopy,
)


def _fee_exemption(case: _Case) -> str | None:
    """Why the resident pays nothing (自己負担免除), or None; welfare is named first."""
    if _covers(case.welfare, case.on):
        return "生活保護受給中"
    if age_at_fiscal_year_end(case.birth_date, case.fiscal_year) >= FEE_EXEMPT_AGE:
        return f"年度末年齢{FEE_EXEMPT_AGE}歳以上"
    if case.non_taxable:
        return "住民税非課税世帯"
    return None


def _eligible(case: _Case) -> Decision:
    program = case.program
    exemption = _fee_exemption(case)
    coupon_age = _basis_age(case.birth_date, program.coupon_age_basis, case.fiscal_year)
    coupon = coupon_age is not None and coupon_age in program.coupon_ages
    message = "対象です"
    if exemption is not None:
        message += f"（自己負担免除: {exemption}）"
    if coupon:
        message += f"。無料クーポン対象（{_AGE_LABELS[program.coupon_age_basis]}が{coupon_age}歳）"
    return Decision(
        eligible=True,
        reason=Reason.ELIGIBLE,
        message=message,
        fee_exempt=exemption is not None,
        coupon=coupon,
    )
