"""Eligibility for a whole register: birth ranges to narrow the query, and a memoised decide()."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from app.domain.calendar import CalendarError, age_at_fiscal_year_end, age_on_fiscal_year_start
from app.domain.eligibility import Decision, decide
from app.domain.programs import DEFAULT_PROGRAMS, ENDOSCOPY_CODE, Program, get

OLDEST_AGE = 130


def candidate_birth_ranges(program: Program, fiscal_year: int) -> list[tuple[date, date]]:
    """Birth-date ranges, wide enough to hold everyone of the program's ages in the fiscal year.

    Either age basis (年度末 or 4月1日) puts age a in fiscal year F on births from
    (F−a−1)-04-02 to (F+1−a)-04-01; each band is widened to whole calendar years, and the exact
    edge is decide()'s to draw.
    """
    bands = (
        [(age, age) for age in program.milestone_ages]
        if program.is_milestone
        else [(program.min_age, program.max_age or OLDEST_AGE)]
    )
    ranges = sorted(
        (
            date(max(1, fiscal_year - high - 1), 1, 1),
            date(fiscal_year + 1 - low, 12, 31),
        )
        for low, high in bands
    )
    merged: list[tuple[date, date]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def relevant_screenings(
    program: Program, fiscal_year: int, programs: Mapping[str, Program]
) -> frozenset[tuple[str, int]]:
    """The (program, fiscal year) screenings that can bar this program this year: its own
    within the interval (the same year for milestone programs), its same-year group (胃 X線 and
    内視鏡) this year, and an endoscopy last year when the stomach rule applies."""
    interval = program.interval_fiscal_years or 1
    pairs = {(program.code, fiscal_year - back) for back in range(interval)}
    if program.same_year_group is not None:
        pairs |= {
            (code, fiscal_year)
            for code, other in programs.items()
            if other.same_year_group == program.same_year_group
        }
    if program.blocked_after_endoscopy:
        pairs.add((ENDOSCOPY_CODE, fiscal_year - 1))
    return frozenset(pairs)


Ages = tuple[int | None, int | None, bool]
Moves = tuple[str | None, str | None, str | None]


class RegisterDecider:
    """decide() for some programs and one fiscal year over a whole register, memoised on
    exactly what decide() reads, so 1.6 million residents need only thousands of decisions:

    - a birth day by its two basis ages and whether it follows the screening date (messages
      name ages, never the day, so one day stands for its class);
    - a screening by its program and fiscal year, and only those `relevant_screenings` names;
    - a welfare or NHI period only by whether it covers the screening date;
    - a move or death only where it can matter on the screening date.

    Dates come as ISO text, as the store keeps them, and are parsed once per distinct value.
    """

    def __init__(
        self,
        program_codes: Iterable[str],
        fiscal_year: int,
        *,
        on: date,
        programs: Mapping[str, Program] | None = None,
    ) -> None:
        self.programs = DEFAULT_PROGRAMS if programs is None else programs
        self.chosen = tuple(get(code, self.programs) for code in program_codes)
        self.fiscal_year = fiscal_year
        self.on = on
        self._on_text = on.isoformat()
        self._relevant = [
            relevant_screenings(program, fiscal_year, self.programs) for program in self.chosen
        ]
        self.screenings = frozenset().union(*self._relevant)
        self._ages: dict[str, Ages] = {}
        self._classes: dict[tuple[object, ...], tuple[tuple[int, Decision], ...]] = {}
        self._memo: dict[tuple[object, ...], Decision] = {}

    @property
    def distinct_cases(self) -> int:
        return len(self._memo)

    def eligible(
        self,
        birth: str,
        sex: str,
        history: frozenset[tuple[str, int]],
        welfare_on: bool,
        nhi_on: bool,
        moved_in: str | None,
        moved_out: str | None,
        died: str | None,
        non_taxable: bool,
    ) -> tuple[tuple[int, Decision], ...]:
        """(index into the programs, decision) for each program the resident is eligible for.

        `history` holds (program, fiscal year) pairs; any pairs outside `screenings` are ignored.
        """
        ages = self._ages.get(birth) or self._age_class(birth)
        moves = self._moves(moved_in, moved_out, died) if moved_in or moved_out or died else None
        key = (ages, sex, history, welfare_on, nhi_on, moves, non_taxable)
        found = self._classes.get(key)
        if found is None:
            decisions = (self.decide(index, birth, key) for index in range(len(self.chosen)))
            found = self._classes[key] = tuple(
                (index, decision) for index, decision in enumerate(decisions) if decision.eligible
            )
        return found

    def decide(self, index: int, birth: str, key: tuple[Any, ...]) -> Decision:
        """One program's decision for a class; `birth` is any day of the class."""
        ages, sex, history, welfare_on, nhi_on, moves, non_taxable = key
        program = self.chosen[index]
        years = history & self._relevant[index]
        nhi = nhi_on and program.requires_nhi
        reduced = (index, ages, sex, years, welfare_on, nhi, moves, non_taxable)
        found = self._memo.get(reduced)
        if found is None:
            on = self.on
            moved_in, moved_out, died = moves or (None, None, None)
            found = self._memo[reduced] = decide(
                program.code,
                self.fiscal_year,
                birth_date=date.fromisoformat(birth),
                sex=sex,
                history=[(code, date(year, 4, 1)) for code, year in years],
                welfare=[(on, on)] if welfare_on else [],
                nhi=[(on, on)] if nhi else [],
                moved_in=_day(moved_in),
                moved_out=_day(moved_out),
                died=_day(died),
                on=on,
                non_taxable=non_taxable,
                programs=self.programs,
            )
        return found

    def _age_class(self, birth: str) -> Ages:
        day = date.fromisoformat(birth)
        ages = self._ages[birth] = (
            _age_or_none(age_at_fiscal_year_end, day, self.fiscal_year),
            _age_or_none(age_on_fiscal_year_start, day, self.fiscal_year),
            day > self.on,
        )
        return ages

    def _moves(self, moved_in: str | None, moved_out: str | None, died: str | None) -> Moves | None:
        """Drop what cannot matter on the screening date: a death or move-out after it, and a
        move-in on or before it when no move-out is left (decide() reads nothing else of them)."""
        on = self._on_text
        if died is not None and died > on:
            died = None
        if moved_out is not None and moved_out > on:
            moved_out = None
        if moved_in is not None and moved_in <= on and moved_out is None:
            moved_in = None
        return (moved_in, moved_out, died) if moved_in or moved_out or died else None


def _age_or_none(compute: Callable[[date, int], int], birth: date, fiscal_year: int) -> int | None:
    try:
        return compute(birth, fiscal_year)
    except CalendarError:
        return None


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
