"""Target extraction (対象者抽出): every eligible resident of a program for a fiscal year."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, overload

from app.domain.calendar import fiscal_year_bounds
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import from_settings
from app.domain.targets import (
    NHI_ON,
    WELFARE_ON,
    RegisterDecider,
    RegisterSorter,
    candidate_birth_ranges,
)
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory


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
    resident_ids: Sequence[str] = field(repr=False)
    """In register order; made on demand from the extraction's one copy of the ids, so ten
    programs' lines are never held at once (iterate it, or take `set()` of it)."""


@dataclass(frozen=True)
class Extraction:
    fiscal_year: int
    on: date
    programs: tuple[ProgramTargets, ...]
    residents_checked: int
    seconds: float


class TargetIds(Sequence[str]):
    """One program's residents as a read-only sequence over the sorter's kept ids."""

    def __init__(self, sorter: RegisterSorter, index: int, count: int) -> None:
        self._sorter = sorter
        self._index = index
        self._count = count
        self._made: tuple[str, ...] | None = None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        if self._made is not None:
            return iter(self._made)
        return self._sorter.ids(self._index)

    def __contains__(self, value: object) -> bool:
        return any(value == resident_id for resident_id in self)

    @overload
    def __getitem__(self, position: int) -> str: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[str, ...]: ...
    def __getitem__(self, position: int | slice) -> str | tuple[str, ...]:
        if self._made is None:  # indexing is rare: made once, kept
            self._made = tuple(self._sorter.ids(self._index))
        return self._made[position]

    def __repr__(self) -> str:
        return f"<{self._count:,} resident ids>"


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
        """Every eligible resident of the program (all programs if None) in one pass.

        The facts beside the register (relevant screenings, welfare, NHI on the screening
        date) are read first; then the programs' birth ranges come from the covering index one
        birth day and sex at a time, and the rules decide each class of residents once
        (`RegisterSorter`). Each program's ids are made when read, from one copy for all
        programs. Reads in a read-only transaction (no lock held against the desks' writes);
        the extraction itself is audited with its counts, never names.
        """
        started = time.perf_counter()
        on = self._screening_date(fiscal_year)
        with self._uow(read_only=True) as uow:
            catalogue = {p.code: from_settings(p.settings) for p in uow.residents.programs()}
            codes = [program_code] if program_code else list(catalogue)
            decider = RegisterDecider(codes, fiscal_year, on=on, programs=catalogue)
            ranges = [r for p in decider.chosen for r in candidate_birth_ranges(p, fiscal_year)]
            born = (min(start for start, _ in ranges), max(end for _, end in ranges))
            total = uow.targets.count_people(*born) if progress is not None else 0
            sorter = RegisterSorter(decider)
            if sorter.reads_nhi:
                sorter.mark(uow.targets.covered_on("nhi_periods", on), NHI_ON)
            sorter.mark(uow.targets.covered_on("welfare_periods", on), WELFARE_ON)
            for pair in sorter.pairs:
                sorter.mark(uow.targets.screened(*pair), sorter.screened(pair))
            done = 0
            for batch in uow.targets.birth_groups(*born, on):
                if cancelled is not None and cancelled():
                    raise ExtractionCancelled()
                done += sorter.add(batch)
                if progress is not None:
                    progress(done, total)
            sorter.release_facts()
        results = tuple(
            ProgramTargets(
                program.code,
                program.name_ja,
                count := sorter.count(index),
                sorter.fee_exempt(index),
                sorter.coupon(index),
                TargetIds(sorter, index, count),
            )
            for index, program in enumerate(decider.chosen)
        )
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
