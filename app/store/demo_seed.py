"""A synthetic register for demos and benchmarks: fast bulk inserts into an encrypted store.

The people come from app.domain.synthetic (shared with the server); this module only stores them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Engine

from app.domain import synthetic
from app.domain.synthetic import (
    AGE_BAND_WEIGHTS,
    BUILDINGS,
    CITY,
    DEMO_STAFF,
    RESIDENT_FIELDS,
    SCREENED_PROGRAMS,
    TOWNS,
    WARDS,
    NamePools,
    name_pools,
)
from app.store.orm import Grant, Setting, Staff
from app.store.unit_of_work import session_factory

DEMO_FROM = datetime(2020, 4, 1, tzinfo=UTC)  # demo grants are valid from a fixed past day

RESIDENT_SQL = (
    "INSERT INTO residents (id, version, updated_at, register_no, my_number, name, kana, kana_key,"
    " sex, birth_date, address, postal_code, ward, moved_in, moved_out, died, support_measure,"
    " non_taxable) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
PERIOD_SQL = (
    'INSERT INTO {table} (id, version, updated_at, resident_id, start, "end")'
    " VALUES (?, 1, ?, ?, ?, ?)"
)
RESULT_SQL = (
    "INSERT INTO screening_results (id, version, updated_at, resident_id, program_code,"
    " screened_on, fiscal_year, judgement, first_time, source)"
    " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_RESULT_FIELDS = (
    "id", "resident_id", "program_code", "screened_on", "fiscal_year", "judgement",
    "first_time", "source",
)  # fmt: skip


def _sql_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _row(values: dict[str, Any], names: tuple[str, ...], stamp: str) -> tuple[object, ...]:
    """A dict of the synthetic register as the positional row of the bulk INSERT."""
    first, *rest = names
    return (values[first], stamp, *(_sql_value(values[name]) for name in rest))


def _resident_rows(
    count: int, rng: random.Random, pools: NamePools, today: date, stamp: str
) -> Iterator[tuple[object, ...]]:
    for resident in synthetic.residents(count, rng, pools, today):
        yield _row(resident, RESIDENT_FIELDS, stamp)


def _history(
    rng: random.Random, resident: tuple[object, ...], today: date, stamp: str
) -> Iterator[tuple[object, ...]]:
    """Five fiscal years of screenings for adults, about one in four attending each year."""
    values = {"id": resident[0], "birth_date": date.fromisoformat(str(resident[8]))}
    values["sex"] = resident[7]
    for result in synthetic.history(rng, values, today):
        yield _row(result, _RESULT_FIELDS, stamp)


def _periods(
    rng: random.Random, resident_id: object, today: date, stamp: str, share: float
) -> list[tuple[object, ...]]:
    return [
        _row(period, ("id", "resident_id", "start", "end"), stamp)
        for period in synthetic.periods(rng, str(resident_id), today, share)
    ]


def seed_residents(
    engine: Engine,
    count: int,
    *,
    seed: int = 20261126,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 20_000,
) -> dict[str, int]:
    """Insert `count` synthetic residents with welfare, NHI and five years of history."""
    rng = random.Random(seed)
    today = today or date.today()
    pools = name_pools(seed)
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    totals = {"residents": 0, "welfare": 0, "nhi": 0, "history": 0}
    rows = _resident_rows(count, rng, pools, today, stamp)
    with engine.begin() as connection:
        while batch := [row for _, row in zip(range(chunk), rows, strict=False)]:
            welfare = [p for r in batch for p in _periods(rng, r[0], today, stamp, 0.02)]
            nhi = [p for r in batch for p in _periods(rng, r[0], today, stamp, 0.20)]
            history = [h for r in batch for h in _history(rng, r, today, stamp)]
            for sql, rows_to_add in (
                (RESIDENT_SQL, batch),
                (PERIOD_SQL.format(table="welfare_periods"), welfare),
                (PERIOD_SQL.format(table="nhi_periods"), nhi),
                (RESULT_SQL, history),
            ):
                if rows_to_add:
                    connection.exec_driver_sql(sql, rows_to_add)
            for name, rows_added in (
                ("residents", batch),
                ("welfare", welfare),
                ("nhi", nhi),
                ("history", history),
            ):
                totals[name] += len(rows_added)
            if progress is not None:
                progress(totals["residents"])
    return totals


def seed_staff(engine: Engine, hasher: PasswordHasher) -> list[tuple[str, str]]:
    """The demo accounts (clerk1, clerk2, supervisor, admin); returns (login, password) pairs."""
    now = datetime.now(UTC)
    with session_factory(engine).begin() as session:
        for login_id, name, roles, password in DEMO_STAFF:
            staff = Staff(
                login_id=login_id,
                display_name=name,
                password_hash=hasher.hash(password),
                must_change_password=False,
                password_changed_at=now,
            )
            session.add(staff)
            session.flush()
            for role in roles:
                session.add(
                    Grant(
                        staff_id=staff.id,
                        role_code=role.value,
                        valid_from=DEMO_FROM,
                        issued_at=now,
                        issued_by=None,
                    )
                )
        session.add(Setting(key="demo", value=True))
    return [(login_id, password) for login_id, _, _, password in DEMO_STAFF]


__all__ = [
    "AGE_BAND_WEIGHTS",
    "BUILDINGS",
    "CITY",
    "DEMO_FROM",
    "DEMO_STAFF",
    "SCREENED_PROGRAMS",
    "TOWNS",
    "WARDS",
    "NamePools",
    "name_pools",
    "seed_residents",
    "seed_staff",
]
