"""Bulk reads for target extraction: plain tuples over the birth-date index, no ORM objects."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from operator import itemgetter
from typing import cast

from sqlalchemy.orm import Session

PersonRow = tuple[str, str, str, str | None, str | None, str | None, int]

PEOPLE_SQL = (
    "SELECT id, birth_date, sex, moved_in, moved_out, died, non_taxable FROM residents"
    " INDEXED BY ix_residents_extraction WHERE birth_date BETWEEN ? AND ?"
)

HISTORY_SQL = (
    "SELECT resident_id FROM screening_results INDEXED BY ix_screening_results_year_program"
    " WHERE fiscal_year = ? AND program_code = ?"
)
COVERED_SQL = 'SELECT resident_id FROM {table} WHERE start <= ? AND ("end" IS NULL OR "end" >= ?)'


class SqlAlchemyTargetQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def count_people(self, born_from: date, born_to: date) -> int:
        sql = "SELECT count(*) FROM residents WHERE birth_date BETWEEN ? AND ?"
        result = self._session.connection().exec_driver_sql(
            sql, (born_from.isoformat(), born_to.isoformat())
        )
        return int(result.scalar() or 0)

    def people(
        self, born_from: date, born_to: date, *, batch: int = 20_000
    ) -> Iterator[Sequence[PersonRow]]:
        """(id, birth ISO, sex, moved_in, moved_out, died ISO or None, non_taxable) in batches."""
        # The DB-API cursor itself: a million rows skip SQLAlchemy's per-row result handling.
        cursor = self._session.connection().connection.cursor()
        try:
            cursor.execute(PEOPLE_SQL, (born_from.isoformat(), born_to.isoformat()))
            while rows := cursor.fetchmany(batch):
                yield cast(Sequence[PersonRow], rows)
        finally:
            cursor.close()

    def screened(self, program_code: str, fiscal_year: int) -> Iterator[str]:
        """Residents with a screening of the program recorded in the fiscal year (an id may
        come more than once)."""
        yield from self._ids(HISTORY_SQL, (fiscal_year, program_code))

    def covered_on(self, table: str, day: date) -> Iterator[str]:
        """Residents with a period in `table` (welfare_periods, nhi_periods) covering `day`
        (an id may come more than once)."""
        if table not in ("welfare_periods", "nhi_periods"):
            raise ValueError(table)
        sql = COVERED_SQL.format(table=table)  # one of two fixed names, checked above
        yield from self._ids(sql, (day.isoformat(),) * 2)

    def _ids(self, sql: str, parameters: tuple[object, ...]) -> Iterator[str]:
        cursor = self._session.connection().connection.cursor()
        try:
            cursor.execute(sql, parameters)
            yield from map(itemgetter(0), cursor)
        finally:
            cursor.close()
