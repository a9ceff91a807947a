"""What the statistics read from the store, and the reports kept as made (counts only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.programs import FORMER_CITY
from app.store.orm import Resident, ScreeningResult
from app.store.orm_followups import Followup
from app.store.orm_statistics import StatisticsReportRow


class SqlAlchemyStatisticsQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def people(self) -> Iterator[tuple[str, str, date]]:
        """(id, sex, birth date) of everyone in the register, streamed."""
        query = select(Resident.id, Resident.sex, Resident.birth_date)
        rows = self._session.execute(query.execution_options(yield_per=20_000))
        yield from ((rid, sex, born) for rid, sex, born in rows)

    def screenings(
        self, program_code: str, fiscal_year: int
    ) -> list[tuple[str, str, bool, str, str, date]]:
        """(result id, resident id, 初回, judgement, sex, birth date) of the year's screenings
        in this city (a former city's result, taken in through 情報連携, is not one)."""
        query = (
            select(
                ScreeningResult.id,
                ScreeningResult.resident_id,
                ScreeningResult.first_time,
                ScreeningResult.judgement,
                Resident.sex,
                Resident.birth_date,
            )
            .join(Resident, Resident.id == ScreeningResult.resident_id)
            .where(
                ScreeningResult.program_code == program_code,
                ScreeningResult.fiscal_year == fiscal_year,
                ScreeningResult.source != FORMER_CITY,
            )
        )
        return [tuple(row) for row in self._session.execute(query)]  # type: ignore[misc]

    def confirmed_followups(
        self, program_code: str, fiscal_year: int
    ) -> dict[str, tuple[str, str | None]]:
        """result id -> (status, outcome) of the year's confirmed 精検 follow-ups."""
        query = (
            select(Followup.result_id, Followup.status, Followup.outcome)
            .join(ScreeningResult, ScreeningResult.id == Followup.result_id)
            .where(
                ScreeningResult.program_code == program_code,
                ScreeningResult.fiscal_year == fiscal_year,
                ScreeningResult.source != FORMER_CITY,
                Followup.state == "confirmed",
            )
        )
        return {rid: (status, outcome) for rid, status, outcome in self._session.execute(query)}

    def keep_report(
        self, *, program_code: str, fiscal_year: int, made_at: datetime, made_by: str,
        counts: dict[str, Any],
    ) -> str:  # fmt: skip
        row = StatisticsReportRow(
            program_code=program_code,
            fiscal_year=fiscal_year,
            made_at=made_at,
            made_by=made_by,
            counts=counts,
        )
        self._session.add(row)
        self._session.flush()
        return row.id

    def latest_report(
        self, program_code: str, fiscal_year: int
    ) -> tuple[dict[str, Any], datetime] | None:
        query = (
            select(StatisticsReportRow.counts, StatisticsReportRow.made_at)
            .where(
                StatisticsReportRow.program_code == program_code,
                StatisticsReportRow.fiscal_year == fiscal_year,
            )
            .order_by(StatisticsReportRow.made_at.desc())
            .limit(1)
        )
        found = self._session.execute(query).first()
        return None if found is None else (found[0], found[1])
