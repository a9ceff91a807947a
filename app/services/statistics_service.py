"""The 地域保健・健康増進事業報告 of one program and fiscal year, for a supervisor.

Targets come from the register through the same rules as target extraction; examinees are the
year's screenings in the store (verified from forms, and the history that came with the
register); 精検 is the confirmed follow-up of each 要精検 result, 未把握 when there is none.
Numbers only: nothing here names a person, and the audit event holds the counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app.domain.calendar import age_at_fiscal_year_end, age_on_fiscal_year_start
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import AgeBasis, Program, from_settings
from app.domain.screening_report import (
    Cells,
    Examinee,
    Followup,
    Outcome,
    ProgramReport,
    Rate,
    build,
)
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.store.statistics_queries import SqlAlchemyStatisticsQueries

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.services.target_service import TargetService

REFER = "要精検"
TWO_YEAR = 2


@dataclass(frozen=True)
class StatisticsReport:
    program_code: str
    program_name: str
    fiscal_year: int
    report: ProgramReport
    youngest: int
    made_at: datetime | None = None


def counts_of(made: StatisticsReport) -> dict[str, Any]:
    """The report as plain JSON: numbers and labels only."""
    rate = made.report.rate
    return {
        "program_code": made.program_code,
        "program_name": made.program_name,
        "fiscal_year": made.fiscal_year,
        "youngest": made.youngest,
        "rows": {f"{sex}|{band}": asdict(cells) for (sex, band), cells in made.report.rows.items()},
        "rate": None
        if rate is None
        else {"low": rate.ages[0], "high": rate.ages[1], "examinees": rate.examinees,
              "targets": rate.targets},
    }  # fmt: skip


def report_of(counts: dict[str, Any], made_at: datetime | None) -> StatisticsReport:
    report = ProgramReport(str(counts["program_code"]), int(counts["fiscal_year"]))
    for key, cells in counts["rows"].items():
        sex, band = str(key).split("|", 1)
        report.rows[(sex, band)] = Cells(**{name: int(value) for name, value in cells.items()})
    rate = counts.get("rate")
    if rate is not None:
        ages = (int(rate["low"]), int(rate["high"]))
        report.rate = Rate(ages, int(rate["examinees"]), int(rate["targets"]))
    return StatisticsReport(
        report.program_code,
        str(counts["program_name"]),
        report.fiscal_year,
        report,
        int(counts["youngest"]),
        made_at,
    )


class StatisticsService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock, targets: TargetService) -> None:
        self._uow = uow
        self._clock = clock
        self._targets = targets
        self._guard = Guard(uow, clock)

    @requires(Permission.STATISTICS)
    def program_report(
        self, session: StaffSession, /, *, program_code: str, fiscal_year: int
    ) -> StatisticsReport:
        if not 2000 <= fiscal_year <= 2200:
            raise KenshinError("年度は2000〜2200年度の範囲で指定してください。")
        with self._uow(read_only=True) as uow:
            catalogue = {p.code: p for p in uow.residents.programs()}
            if program_code not in catalogue:
                raise KenshinError("その検診はありません。一覧から選んでください。")
            program = from_settings(catalogue[program_code].settings)
        extraction = self._targets.extract(
            session, program_code=program_code, fiscal_year=fiscal_year
        )
        target_ids = set(extraction.programs[0].resident_ids) if extraction.programs else set()
        with self._uow(read_only=True) as uow:
            queries = uow.statistics
            this_year = _examinees(queries, program, program_code, fiscal_year)
            # A target stays a target once screened (extraction leaves out who already was).
            target_ids |= {person.resident_id for person in this_year}
            targets: dict[tuple[str, int], int] = {}
            for rid, sex, born in queries.people():
                if rid in target_ids:
                    age = _age(program, born, fiscal_year)
                    targets[(sex, age)] = targets.get((sex, age), 0) + 1
            before = None
            if program.interval_fiscal_years == TWO_YEAR:
                before = _examinees(queries, program, program_code, fiscal_year - 1)
            report = build(
                program_code,
                fiscal_year,
                youngest=program.min_age,
                targets=targets,
                examinees=this_year,
                previous_examinees=before,
            )
        total = report.total()
        made = StatisticsReport(
            program_code, program.name_ja, fiscal_year, report, program.min_age, self._clock.now()
        )
        with self._uow() as uow:
            # Kept as made: a retention purge of the records later leaves these counts alone.
            report_id = uow.statistics.keep_report(
                program_code=program_code,
                fiscal_year=fiscal_year,
                made_at=self._clock.now(),
                made_by=session.staff_id,
                counts=counts_of(made),
            )
            uow.sync_state.add_outbox("statistics_report", report_id, "upsert")
            uow.audit.record(
                staff_id=session.staff_id,
                action="statistics",
                record_kind="program",
                record_id=f"{program_code}:{fiscal_year}",
                detail=f"targets={total.targets} examinees={total.examinees}",
            )
            uow.commit()
        return made

    @requires(Permission.STATISTICS)
    def saved(
        self, session: StaffSession, /, *, program_code: str, fiscal_year: int
    ) -> StatisticsReport | None:
        """The last report made of a program and year, as it was made (None if never)."""
        with self._uow(read_only=True) as uow:
            found = uow.statistics.latest_report(program_code[:40], fiscal_year)
        return None if found is None else report_of(*found)

    @requires(Permission.STATISTICS)
    def printable(self, session: StaffSession, /, *, made: StatisticsReport) -> bytes:
        """The table on A4 landscape, for the printing path (numbers only)."""
        from app.documents.statistics import statistics_table  # ReportLab: when printing

        return statistics_table(made.report, made.program_name, made.youngest)


def _examinees(
    queries: SqlAlchemyStatisticsQueries, program: Program, program_code: str, fiscal_year: int
) -> list[Examinee]:
    followups = queries.confirmed_followups(program_code, fiscal_year)
    people: list[Examinee] = []
    rows = queries.screenings(program_code, fiscal_year)
    for result_id, resident_id, first_time, judgement, sex, born in rows:
        status, outcome = followups.get(result_id, (None, None))
        people.append(
            Examinee(
                resident_id=resident_id,
                sex=sex,
                age=_age(program, born, fiscal_year),
                first_time=bool(first_time),
                needs_followup=judgement == REFER,
                followup=Followup(status) if status else None,
                outcome=Outcome(outcome) if outcome else None,
            )
        )
    return people


def _age(program: Program, born: date, fiscal_year: int) -> int:
    if program.age_basis == AgeBasis.FISCAL_YEAR_END:
        return age_at_fiscal_year_end(born, fiscal_year)
    return age_on_fiscal_year_start(born, fiscal_year)
