"""Target extraction (対象者抽出): every eligible resident of a program for a fiscal year."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from app.domain.calendar import fiscal_year_bounds
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import Program, from_settings
from app.domain.targets import RegisterDecider, candidate_birth_ranges
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.target_queries import PersonRow


class ExtractionCancelled(KenshinError):
    def __init__(self) -> None:
        super().__init__("抽出を中止しました。結果は作成されていません。")


@dataclass(frozen=True)
class ProgramTargets:
    program_code: str
    program_name: str
    count: int
    fee_exempt_count: int
    coupon_count: int
    resident_ids: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class Extraction:
    fiscal_year: int
    on: date
    programs: tuple[ProgramTargets, ...]
    residents_checked: int
    seconds: float


@dataclass
class _Tally:
    """One program's running result while the register streams past."""

    program: Program
    ids: list[str] = field(default_factory=list)
    fee_exempt: int = 0
    coupon: int = 0

    def result(self) -> ProgramTargets:
        return ProgramTargets(
            self.program.code,
            self.program.name_ja,
            len(self.ids),
            self.fee_exempt,
            self.coupon,
            tuple(self.ids),
        )


Progress = Callable[[int, int], None]


class TargetService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.EXTRACT_TARGETS)
    def programs(self, session: StaffSession, /) -> list[tuple[str, str]]:
        with self._uow(read_only=True) as uow:
            return [(p.code, p.name) for p in uow.residents.programs()]

    @requires(Permission.EXTRACT_TARGETS)
    def extract(
        self,
        session: StaffSession,
        /,
        *,
        program_code: str | None,
        fiscal_year: int,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Extraction:
        """Narrow by birth ranges and sex in SQL, then let the rules decide each resident.

        Reads in a read-only transaction (no lock held against the desks' writes); the
        extraction itself is audited with its counts, never names.
        """
        started = time.perf_counter()
        on = self._screening_date(fiscal_year)
        with self._uow(read_only=True) as uow:
            catalogue = {p.code: from_settings(p.settings) for p in uow.residents.programs()}
            codes = [program_code] if program_code else list(catalogue)
            decider = RegisterDecider(codes, fiscal_year, on=on, programs=catalogue)
            tallies = [_Tally(program) for program in decider.chosen]
            ranges = [r for p in decider.chosen for r in candidate_birth_ranges(p, fiscal_year)]
            born = (min(start for start, _ in ranges), max(end for _, end in ranges))
            total = uow.targets.count_people(*born)
            facts = _Facts(
                decider=decider,
                tallies=tallies,
                history=uow.targets.history_years(decider.screenings),
                welfare=uow.targets.covered_on("welfare_periods", on),
                nhi=uow.targets.covered_on("nhi_periods", on),
            )
            done = 0
            for batch in uow.targets.people(*born):
                if cancelled is not None and cancelled():
                    raise ExtractionCancelled()
                for row in batch:
                    _judge(row, facts)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        results = tuple(t.result() for t in tallies)
        self._audit(session, program_code, fiscal_year, results)
        return Extraction(fiscal_year, on, results, done, time.perf_counter() - started)

    def _screening_date(self, fiscal_year: int) -> date:
        first, last = fiscal_year_bounds(fiscal_year)
        return min(max(self._clock.now().astimezone().date(), first), last)

    def _audit(
        self,
        session: StaffSession,
        program_code: str | None,
        fiscal_year: int,
        results: tuple[ProgramTargets, ...],
    ) -> None:
        with self._uow() as uow:
            uow.audit.record(
                staff_id=session.staff_id,
                action="extract_targets",
                record_kind="program",
                record_id=program_code or "all",
                detail=f"fy={fiscal_year} count={sum(r.count for r in results)}",
            )
            uow.commit()


@dataclass(frozen=True)
class _Facts:
    """What the rules need beside a resident's row, loaded once for the whole run."""

    decider: RegisterDecider
    tallies: list[_Tally]
    history: dict[str, frozenset[tuple[str, int]]]
    welfare: set[str]
    nhi: set[str]


NO_HISTORY: frozenset[tuple[str, int]] = frozenset()


def _judge(row: PersonRow, facts: _Facts) -> None:
    resident_id, birth, sex, moved_in, moved_out, died, non_taxable = row
    eligible = facts.decider.eligible(
        birth,
        sex,
        facts.history.get(resident_id, NO_HISTORY),
        resident_id in facts.welfare,
        resident_id in facts.nhi,
        moved_in,
        moved_out,
        died,
        bool(non_taxable),
    )
    for index, decision in eligible:
        tally = facts.tallies[index]
        tally.ids.append(resident_id)
        tally.fee_exempt += decision.fee_exempt
        tally.coupon += decision.coupon
