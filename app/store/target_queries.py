"""Bulk reads for target extraction over the covering birth-date index, no ORM objects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from app.domain.targets import BirthGroup

GROUPS_SQL = (
    "SELECT birth_date, sex, json_array("
    " json_group_array(id) FILTER (WHERE NOT non_taxable AND moved_out IS NULL"
    " AND died IS NULL AND (moved_in IS NULL OR moved_in <= :on)),"
    " json_group_array(id) FILTER (WHERE non_taxable AND moved_out IS NULL"
    " AND died IS NULL AND (moved_in IS NULL OR moved_in <= :on)),"
    " json_group_array(json_array(id, non_taxable, moved_in, moved_out, died))"
    " FILTER (WHERE NOT (moved_out IS NULL"
    " AND died IS NULL AND (moved_in IS NULL OR moved_in <= :on))))"
    " FROM residents INDEXED BY ix_residents_extraction"
    " WHERE birth_date BETWEEN :born_from AND :born_to GROUP BY birth_date, sex"
)
"""One row per birth day and sex, in the covering index's order (no sort, no temporary
table). "Settled" residents (no move-out or death on record, any move-in on or before the
screening date: the moves decide() reads nothing of) come as two JSON arrays of ids by tax
state, so no separator can be mistaken inside an id; the others with their dates. The three
arrays are one JSON document a row: one parse, not three."""

HISTORY_SQL = (
    "SELECT json_group_array(resident_id) FROM screening_results"
    " INDEXED BY ix_screening_results_year_program WHERE fiscal_year = ? AND program_code = ?"
)
COVERED_SQL = (
    "SELECT json_group_array(resident_id) FROM {table}"
    ' WHERE start <= ? AND ("end" IS NULL OR "end" >= ?)'
)
"""Ids as one JSON array: one string to parse, not a row object per resident."""


class SqlAlchemyTargetQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def count_people(self, born_from: date, born_to: date) -> int:
        sql = "SELECT count(*) FROM residents WHERE birth_date BETWEEN ? AND ?"
        result = self._session.connection().exec_driver_sql(
            sql, (born_from.isoformat(), born_to.isoformat())
        )
        return int(result.scalar() or 0)

    def birth_groups(
        self, born_from: date, born_to: date, on: date, *, batch: int = 1_000
    ) -> Iterator[list[BirthGroup]]:
        """The residents born in the range as `BirthGroup`s (birth day and sex), in batches;
        `on` is the screening date."""
        # The DB-API cursor itself: SQLAlchemy's per-row result handling is not needed.
        cursor = self._session.connection().connection.cursor()
        loads = json.loads
        parameters = {
            "on": on.isoformat(),
            "born_from": born_from.isoformat(),
            "born_to": born_to.isoformat(),
        }
        try:
            cursor.execute(GROUPS_SQL, parameters)
            while rows := cursor.fetchmany(batch):
                yield [(birth, sex, *loads(lists)) for birth, sex, lists in rows]
        finally:
            cursor.close()

    def screened(self, program_code: str, fiscal_year: int) -> list[str]:
        """Residents with a screening of the program recorded in the fiscal year (an id may
        come more than once)."""
        return self._ids(HISTORY_SQL, (fiscal_year, program_code))

    def covered_on(self, table: str, day: date) -> list[str]:
        """Residents with a period in `table` (welfare_periods, nhi_periods) covering `day`
        (an id may come more than once)."""
        if table not in ("welfare_periods", "nhi_periods"):
            raise ValueError(table)
        sql = COVERED_SQL.format(table=table)  # one of two fixed names, checked above
        return self._ids(sql, (day.isoformat(),) * 2)

    def _ids(self, sql: str, parameters: tuple[object, ...]) -> list[str]:
        cursor = self._session.connection().connection.cursor()
        try:
            (ids,) = cursor.execute(sql, parameters).fetchone()
        finally:
            cursor.close()
        found: list[str] = json.loads(ids)
        return found
