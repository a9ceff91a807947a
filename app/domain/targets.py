"""Eligibility for a whole register: birth ranges to narrow the query, and a memoised decide()."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import compress, filterfalse
from typing import Any

from app.domain.calendar import CalendarError, age_at_fiscal_year_end, age_on_fiscal_year_start
from app.domain.eligibility import Decision, decide, resides_on
from app.domain.programs import DEFAULT_PROGRAMS, ENDOSCOPY_CODE, SEXES, Program, get

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
        moves = (
            self.relevant_moves(moved_in, moved_out, died)
            if moved_in or moved_out or died
            else None
        )
        key = (ages, sex, history, welfare_on, nhi_on, moves, non_taxable)
        found = self._classes.get(key)
        if found is None and moves is not None and self.away(sex, moves):
            found = ()
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

    def away(self, sex: str, moves: Moves | None) -> bool:
        """True for someone decide() refuses for every program because they do not live here
        on the screening date (checked before anything else; a bad sex is left to decide() to
        refuse)."""
        if moves is None or sex not in SEXES:
            return False
        moved_in, moved_out, died = moves
        return not resides_on(self.on, _day(moved_in), _day(moved_out), _day(died))

    def ages(self, birth: str) -> Ages:
        """The class a birth day falls in: its two basis ages, and whether it follows the
        screening date."""
        return self._ages.get(birth) or self._age_class(birth)

    def _age_class(self, birth: str) -> Ages:
        day = date.fromisoformat(birth)
        ages = self._ages[birth] = (
            _age_or_none(age_at_fiscal_year_end, day, self.fiscal_year),
            _age_or_none(age_on_fiscal_year_start, day, self.fiscal_year),
            day > self.on,
        )
        return ages

    def relevant_moves(
        self, moved_in: str | None, moved_out: str | None, died: str | None
    ) -> Moves | None:
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


def settled(moved_in: str | None, moved_out: str | None, died: str | None, on: str) -> bool:
    """What the store's birth groups call settled (no move-out or death on record, no move-in
    after `on`): such moves are all `RegisterDecider.relevant_moves` drops."""
    return moved_out is None and died is None and (moved_in is None or moved_in <= on)


def _age_or_none(compute: Callable[[date, int], int], birth: date, fiscal_year: int) -> int | None:
    try:
        return compute(birth, fiscal_year)
    except CalendarError:
        return None


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


WELFARE_ON = 2
NHI_ON = 1
HISTORY_SHIFT = 2

Outcome = tuple[tuple[int, bool, bool], ...]
"""(program index, fee exempt, coupon) for each chosen program a class of residents may take."""


Moved = tuple[str, object, str | None, str | None, str | None]
"""A resident with a move or death on record: (id, non_taxable, moved_in, moved_out, died)."""

BirthGroup = tuple[str, str, Sequence[str], Sequence[str], Sequence[Moved]]
"""The residents of one birth day and sex: (birth ISO, sex, ids of the settled ones who are
not non-taxable, ids of the settled non-taxable ones, the others as `Moved`). Settled: no
move-out or death on record and no move-in after the screening date, i.e. those for whom
`RegisterDecider.relevant_moves` is None (`settled` says the same in Python)."""


class RegisterSorter:
    """Sorts a whole register by outcome across the decider's programs in one pass.

    A resident's facts beside the register (which relevant screenings, welfare and NHI on the
    screening date) are marked beforehand as one small int per resident: bit 0 NHI, bit 1
    welfare, bit 2 upwards the decider's `screenings` in `pairs` order. The register comes as
    `BirthGroup`s: the settled residents of one birth day and sex share one decision unless
    they have facts, so they are sorted in bulk; the others one by one. A
    class seen for the first time goes through `RegisterDecider.eligible`. Only residents
    eligible for at least one program are kept: their id once, and one small outcome code
    each, so every program's ids and counts come out in bulk afterwards (`count`,
    `fee_exempt`, `coupon`, `ids`) without a list per program.

    NHI is read only for programs that require it, and those reach no one outside their sex
    and `candidate_birth_ranges`; so NHI is looked up only for birth days and sexes inside
    them (a fifth of residents have NHI: most of the look-ups are saved).
    """

    def __init__(self, decider: RegisterDecider) -> None:
        self.decider = decider
        self.pairs = tuple(sorted(decider.screenings))
        self.facts: dict[str, int] = {}
        self.nhi: set[str] = set()
        self.kept: list[str] = []
        self.codes: bytearray | array[int] = bytearray()
        self.outcomes: list[Outcome] = [()]
        self._codes: dict[Outcome, int] = {(): 0}
        self._tables: dict[tuple[Ages, str, bool], dict[int, int]] = {}
        self._moved: dict[tuple[object, ...], int] = {}
        self._decoded: dict[int, tuple[frozenset[tuple[str, int]], bool, bool]] = {}
        self._tallies: list[int] | None = None
        self._known: set[str] | None = None
        self._nhi_scope = [
            (start.isoformat(), end.isoformat(), program.sex)
            for program in decider.chosen
            if program.requires_nhi
            for start, end in candidate_birth_ranges(program, decider.fiscal_year)
        ]

    @property
    def reads_nhi(self) -> bool:
        """Whether any chosen program requires NHI (else NHI need not be marked at all)."""
        return bool(self._nhi_scope)

    def mark(self, resident_ids: Iterable[str], flag: int) -> None:
        """Add `flag` (NHI_ON, WELFARE_ON or `screened(pair)`) to each resident's facts."""
        if flag == NHI_ON:
            self.nhi.update(resident_ids)
            return
        facts = self.facts
        get = facts.get
        for resident_id in resident_ids:
            facts[resident_id] = get(resident_id, 0) | flag
        self._known = None

    def screened(self, pair: tuple[str, int]) -> int:
        """The flag of one (program, fiscal year) screening in `pairs`."""
        return 1 << (HISTORY_SHIFT + self.pairs.index(pair))

    def _reads_nhi_of(self, birth: str, sex: str) -> bool:
        return any(
            start <= birth <= end and (wanted is None or wanted == sex)
            for start, end, wanted in self._nhi_scope
        )

    def add(self, groups: Iterable[BirthGroup]) -> int:
        """Sort the residents of `groups`, each resident once; returns how many they held."""
        if self._known is None:
            self._known = set(self.facts)  # a set intersects faster than the dict's keys
        seen = 0
        for birth, sex, taxed, non_taxable, moved in groups:
            ages = self.decider.ages(birth)
            nhi_read = bool(self.nhi) and self._reads_nhi_of(birth, sex)
            for flag, ids in ((False, taxed), (True, non_taxable)):
                if ids:
                    self._add_unmoved(ages, birth, sex, flag, ids, nhi_read)
                    seen += len(ids)
            if moved:
                self._add_moved(ages, birth, sex, moved, nhi_read)
                seen += len(moved)
        self._tallies = None
        return seen

    def release_facts(self) -> None:
        """Let go of what only sorting needed (facts, NHI, class tables); the kept ids, their
        codes and the outcomes stay for `count`, `ids` and the rest."""
        self.facts, self.nhi, self._known = {}, set(), None
        self._tables.clear()
        self._moved.clear()
        self._decoded.clear()

    def _add_unmoved(
        self, ages: Ages, birth: str, sex: str, flag: bool, ids: Sequence[str], nhi_read: bool
    ) -> None:
        """Settled residents: one decision for all but those with facts, which are found in
        bulk (a set intersection, not one look-up call per resident)."""
        table = self._table(ages, sex, flag)
        assert self._known is not None
        special = self._known.intersection(ids)
        on_nhi = self.nhi.intersection(ids) if nhi_read else set()
        special |= on_nhi
        common = list(filterfalse(special.__contains__, ids)) if special else ids
        if common and (code := self._code(table, birth, sex, 0, flag)):
            self.kept += common
            self._run(code, len(common))
        get, keep, coded = self.facts.get, self.kept.append, table.get
        for resident_id in special:
            facts = get(resident_id, 0) | (NHI_ON if resident_id in on_nhi else 0)
            found = coded(facts)
            code = self._code(table, birth, sex, facts, flag) if found is None else found
            if code:
                keep(resident_id)
                self.codes.append(code)  # not bound: a new outcome may widen the codes

    def _add_moved(
        self, ages: Ages, birth: str, sex: str, moved: Sequence[Moved], nhi_read: bool
    ) -> None:
        get, nhi = self.facts.get, self.nhi
        for resident_id, taxes, moved_in, moved_out, died in moved:
            facts = get(resident_id, 0)
            if nhi_read and resident_id in nhi:
                facts |= NHI_ON
            moves = self.decider.relevant_moves(moved_in, moved_out, died)
            if moves is None:
                table = self._table(ages, sex, bool(taxes))
                code = self._code(table, birth, sex, facts, bool(taxes))
            else:
                code = self._moved_code(birth, sex, facts, moves, bool(taxes))
            if code:
                self.kept.append(resident_id)
                self.codes.append(code)

    def _table(self, ages: Ages, sex: str, non_taxable: bool) -> dict[int, int]:
        """Outcome codes by facts, for one class of birth days, one sex and one tax state."""
        key = (ages, sex, non_taxable)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = {}
        return table

    def _code(
        self, table: dict[int, int], birth: str, sex: str, facts: int, non_taxable: bool
    ) -> int:
        code = table.get(facts)
        if code is None:
            code = table[facts] = self._decide(birth, sex, facts, None, non_taxable)
        return code

    def _run(self, code: int, count: int) -> None:
        if isinstance(self.codes, bytearray):
            self.codes += bytes((code,)) * count
        else:
            self.codes += array("H", (code,)) * count

    def _moved_code(self, birth: str, sex: str, facts: int, moves: Moves, non_taxable: bool) -> int:
        if self.decider.away(sex, moves):
            return 0
        key = (self.decider.ages(birth), sex, non_taxable, facts, moves)
        code = self._moved.get(key)
        if code is None:
            code = self._moved[key] = self._decide(birth, sex, facts, moves, non_taxable)
        return code

    def _decide(
        self, birth: str, sex: str, facts: int, moves: Moves | None, non_taxable: bool
    ) -> int:
        decoded = self._decoded.get(facts)
        if decoded is None:
            history = frozenset(
                pair for bit, pair in enumerate(self.pairs) if facts >> (HISTORY_SHIFT + bit) & 1
            )
            decoded = self._decoded[facts] = (
                history,
                bool(facts & WELFARE_ON),
                bool(facts & NHI_ON),
            )
        history, welfare_on, nhi_on = decoded
        moved_in, moved_out, died = moves or (None, None, None)
        found = self.decider.eligible(
            birth,
            sex,
            history,
            welfare_on,
            nhi_on,
            moved_in,
            moved_out,
            died,
            non_taxable,
        )
        outcome = tuple((index, d.fee_exempt, d.coupon) for index, d in found)
        code = self._codes.get(outcome)
        if code is None:
            code = self._codes[outcome] = len(self.outcomes)
            self.outcomes.append(outcome)
            if code == 256:
                self._widen()
        return code

    def _widen(self) -> None:
        """Two bytes a code from here on (past 255 outcomes)."""
        if isinstance(self.codes, bytearray):
            self.codes = array("H", list(self.codes))  # values, not the bytes reinterpreted
            self._tallies = None

    def _counts(self) -> list[int]:
        if self._tallies is None:
            codes = self.codes
            if isinstance(codes, bytearray):
                self._tallies = [codes.count(code) for code in range(len(self.outcomes))]
            else:
                tallies = [0] * len(self.outcomes)
                for code, n in Counter(codes).items():
                    tallies[code] = n
                self._tallies = tallies
        return self._tallies

    def _total(self, index: int, field: int | None) -> int:
        counts = self._counts()
        return sum(
            counts[code]
            for code, outcome in enumerate(self.outcomes)
            for entry in outcome
            if entry[0] == index and (field is None or entry[field])
        )

    def count(self, index: int) -> int:
        """How many residents program `index` (into `decider.chosen`) reaches."""
        return self._total(index, None)

    def fee_exempt(self, index: int) -> int:
        """How many of them pay nothing (自己負担免除)."""
        return self._total(index, 1)

    def coupon(self, index: int) -> int:
        """How many of them get a free coupon (無料クーポン)."""
        return self._total(index, 2)

    def ids(self, index: int) -> Iterator[str]:
        """Program `index`'s residents, in register (birth-date) order."""
        chosen = bytearray(256 if isinstance(self.codes, bytearray) else len(self.outcomes))
        for code, outcome in enumerate(self.outcomes):
            chosen[code] = any(program == index for program, _, _ in outcome)
        if isinstance(self.codes, bytearray):
            return compress(self.kept, self.codes.translate(chosen))
        return compress(self.kept, map(chosen.__getitem__, self.codes))
