"""Resident lookup queries: indexed prefix, date and number searches, and the detail's rows."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Dialect, Integer, Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler

from app.domain.programs import FORMER_CITY
from app.store.orm import (
    NhiPeriod,
    Program,
    Resident,
    ScreeningResult,
    WelfarePeriod,
)
from app.store.orm_vouchers import Voucher

KANA_RANGE_END = "\uffff"

# What a result row shows, in the order of lookup_dto.ResidentRow's fields.
LIST_COLUMNS = (
    Resident.id,
    Resident.register_no,
    Resident.name,
    Resident.kana,
    Resident.sex,
    Resident.birth_date,
    Resident.address,
    Resident.ward,
    Resident.support_measure,
)
ListRow = tuple[str, str, str, str, str, date, str, str, bool]
Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


class SqlAlchemyResidentQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def search(
        self,
        *,
        kana_prefix: str | None = None,
        birth_date: date | None = None,
        register_no: str | None = None,
        my_number: str | None = None,
        voucher_no: str | None = None,
        sex: str | None = None,
        ward: str | None = None,
        born_from: date | None = None,
        born_to: date | None = None,
        limit: int,
    ) -> list[Resident]:
        """Whole residents (ORM objects) matching every criterion given, in the list's order."""
        criteria = _given(locals())
        query = _searched(select(Resident), frozenset(criteria))
        return list(self._session.scalars(query, _parameters(criteria, limit)))

    def search_rows(
        self,
        *,
        kana_prefix: str | None = None,
        birth_date: date | None = None,
        register_no: str | None = None,
        my_number: str | None = None,
        voucher_no: str | None = None,
        sex: str | None = None,
        ward: str | None = None,
        born_from: date | None = None,
        born_to: date | None = None,
        limit: int,
    ) -> list[ListRow]:
        """The same residents as `search`, in the same order, as plain tuples of LIST_COLUMNS:
        what the result list shows, read without building an ORM object per row."""
        criteria = _given(locals())
        connection = self._session.connection()
        compiled = _list_sql(frozenset(criteria), connection.dialect)
        values = compiled.construct_params(_parameters(criteria, limit))
        bound = tuple(_stored(values[name]) for name in compiled.positiontup or ())
        return [
            (*row[:5], date.fromisoformat(row[5]), row[6], row[7], bool(row[8]))
            for row in connection.exec_driver_sql(compiled.string, bound).all()
        ]

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(Resident)) or 0)

    def get(self, resident_id: str) -> Resident | None:
        return self._session.get(Resident, resident_id)

    def history(self, resident_id: str) -> list[ScreeningResult]:
        query = (
            select(ScreeningResult)
            .where(ScreeningResult.resident_id == resident_id)
            .order_by(ScreeningResult.screened_on.desc())
        )
        return list(self._session.scalars(query))

    def welfare(self, resident_id: str) -> list[WelfarePeriod]:
        query = select(WelfarePeriod).where(WelfarePeriod.resident_id == resident_id)
        return list(self._session.scalars(query))

    def nhi(self, resident_id: str) -> list[NhiPeriod]:
        return list(
            self._session.scalars(select(NhiPeriod).where(NhiPeriod.resident_id == resident_id))
        )

    def programs(self) -> list[Program]:
        return list(
            self._session.scalars(select(Program).where(Program.active).order_by(Program.id))
        )

    def results_with_judgement(self, judgement: str, before: date) -> list[ScreeningResult]:
        """This city's results with the judgement (a former city's follow their own up)."""
        query = (
            select(ScreeningResult)
            .where(
                ScreeningResult.judgement == judgement,
                ScreeningResult.screened_on < before,
                ScreeningResult.source != FORMER_CITY,
            )
            .order_by(ScreeningResult.screened_on)
        )
        return list(self._session.scalars(query))

    def screened_in(self, program_code: str, first_year: int, last_year: int) -> set[str]:
        query = select(ScreeningResult.resident_id).where(
            ScreeningResult.program_code == program_code,
            ScreeningResult.fiscal_year.between(first_year, last_year),
        )
        return set(self._session.scalars(query))

    def support_measure_residents(self) -> list[Resident]:
        query = select(Resident).where(Resident.support_measure).order_by(Resident.kana_key)
        return list(self._session.scalars(query))

    def wards(self) -> list[str]:
        return list(self._session.scalars(select(Resident.ward).distinct().order_by(Resident.ward)))

    def candidates(
        self, *, born_from: date, born_to: date, sex: str | None, batch: int = 5000
    ) -> Iterator[Resident]:
        """Residents born in a range (and of a sex), streamed in birth order for extraction."""
        query = select(Resident).where(
            Resident.birth_date >= born_from, Resident.birth_date <= born_to
        )
        if sex is not None:
            query = query.where(Resident.sex == sex)
        yield from self._session.scalars(
            query.order_by(Resident.birth_date).execution_options(yield_per=batch)
        )


CRITERIA = (
    "kana_prefix",
    "birth_date",
    "register_no",
    "my_number",
    "voucher_no",
    "sex",
    "ward",
    "born_from",
    "born_to",
)


def _given(arguments: dict[str, Any]) -> dict[str, Any]:
    """The search criteria that were given (not None), by name."""
    return {name: arguments[name] for name in CRITERIA if arguments[name] is not None}


def _parameters(criteria: dict[str, Any], limit: int) -> dict[str, Any]:
    """The bound values of `_searched`'s statement for these criteria."""
    parameters = dict(criteria, limit=limit)
    if "kana_prefix" in criteria:
        parameters["kana_end"] = criteria["kana_prefix"] + KANA_RANGE_END
    return parameters


@functools.cache
def _list_query(given: frozenset[str]) -> Select[*ListRow]:
    """The result list's statement for one combination of criteria."""
    return _searched(select(*LIST_COLUMNS), given)


@functools.cache
def _list_sql(given: frozenset[str], dialect: Dialect) -> SQLCompiler:
    """`_list_query` compiled once: a search runs the SQL with new values, without building,
    hashing and compiling a statement or running type processors on every row."""
    return _list_query(given).compile(dialect=dialect)


def _stored(value: object) -> object:
    """A bound value as the store holds it (dates as ISO text, like SQLAlchemy's SQLite Date)."""
    return value.isoformat() if isinstance(value, date) else value


def _searched(query: Query, given: frozenset[str]) -> Query:
    """`query` narrowed by every criterion in `given` (bound by name, see `_parameters`), put in
    the order the list shows (kana then birth date for a kana prefix, kana for a birth date;
    namesakes born the same day by id) and limited to :limit rows."""
    order: list[InstrumentedAttribute[Any]] = []
    if "kana_prefix" in given:
        # A range on the indexed key, not LIKE: SQLite's LIKE is case-folding and skips it.
        query = query.where(
            Resident.kana_key >= bindparam("kana_prefix"), Resident.kana_key < bindparam("kana_end")
        )
        order += [Resident.kana_key, Resident.birth_date]
    if "birth_date" in given:
        query = query.where(Resident.birth_date == bindparam("birth_date"))
        order += [] if "kana_prefix" in given else [Resident.kana_key]
    if "register_no" in given:
        query = query.where(Resident.register_no == bindparam("register_no"))
    if "my_number" in given:
        query = query.where(Resident.my_number == bindparam("my_number"))
    if "voucher_no" in given:
        holder = select(Voucher.resident_id).where(Voucher.number == bindparam("voucher_no"))
        query = query.where(Resident.id.in_(holder))
    if "sex" in given:
        query = query.where(Resident.sex == bindparam("sex"))
    if "ward" in given:
        # `ward || ''` keeps SQLite off ix_residents_ward: a ward holds a seventh of the register,
        # and walking it (then sorting) took a second where the kana or date index takes 1 ms.
        query = query.where(Resident.ward.concat("") == bindparam("ward"))
    if "born_from" in given:
        query = query.where(Resident.birth_date >= bindparam("born_from"))
    if "born_to" in given:
        query = query.where(Resident.birth_date <= bindparam("born_to"))
    if order:
        order.append(Resident.id)
    return query.order_by(*order).limit(bindparam("limit", type_=Integer))
