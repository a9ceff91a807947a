"""A resident's facts as the rules read them: this year's decision for each program."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.domain import eligibility
from app.domain.programs import Program, from_settings
from app.services.lookup_dto import EligibilityLine

if TYPE_CHECKING:
    from app.store.orm import Resident, ScreeningResult
    from app.store.unit_of_work import SqlAlchemyUnitOfWork


def catalogue(uow: SqlAlchemyUnitOfWork) -> dict[str, Program]:
    """The programs as the store's settings define them (the server's, once synced)."""
    return {p.code: from_settings(p.settings) for p in uow.residents.programs()}


def eligibility_lines(
    uow: SqlAlchemyUnitOfWork,
    resident: Resident,
    year: int,
    programs: dict[str, Program],
    results: Sequence[ScreeningResult] | None = None,
) -> tuple[EligibilityLine, ...]:
    """One decision per program for the fiscal year, from the resident's records."""
    found = uow.residents.history(resident.id) if results is None else results
    history = [(r.program_code, r.screened_on) for r in found]
    welfare = [(p.start, p.end) for p in uow.residents.welfare(resident.id)]
    nhi = [(p.start, p.end) for p in uow.residents.nhi(resident.id)]
    lines = []
    for program in programs.values():
        decision = eligibility.decide(
            program.code,
            year,
            birth_date=resident.birth_date,
            sex=resident.sex,
            history=history,
            welfare=welfare,
            nhi=nhi,
            moved_in=resident.moved_in,
            moved_out=resident.moved_out,
            died=resident.died,
            non_taxable=resident.non_taxable,
            programs=programs,
        )
        lines.append(
            EligibilityLine(
                program.code,
                program.name_ja,
                decision.eligible,
                str(decision.reason),
                decision.message,
                decision.fee_exempt,
                decision.coupon,
            )
        )
    return tuple(lines)
