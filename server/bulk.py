"""Fast loading of the synthetic register (app.domain.synthetic) for demos and benchmarks.

PostgreSQL gets COPY for the residents, their welfare and NHI periods and their change-log
rows (1.6 million residents in a couple of minutes); SQLite gets executemany. Either way the
change rows are written under the change-log lock, in the same transaction as the rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from app.domain import synthetic
from server.changes import CHANGE_LOCK
from server.models import ChangeLog, NhiPeriod, Resident, WelfarePeriod

RESIDENT_COLUMNS = (*synthetic.RESIDENT_FIELDS, "version", "updated_at")
PERIOD_COLUMNS = ("id", "resident_id", "start", "end", "version", "updated_at")
CHANGE_COLUMNS = ("stream", "record_id", "kind", "op", "ward", "created_at")


def load_residents(
    engine: Engine,
    count: int,
    *,
    seed: int = 20261126,
    today: date | None = None,
    start: int = 0,
    chunk: int = 50_000,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Add `count` synthetic residents (register numbers from `start + 1`) with periods and
    change-log rows; returns {"residents": n, "welfare": n, "nhi": n}."""
    rng = random.Random(seed)  # noqa: S311 - synthetic people, not secrets
    today = today or date.today()
    people = synthetic.residents(count, rng, synthetic.name_pools(seed), today, start=start)
    stamp = datetime.now(UTC)
    totals = {"residents": 0, "welfare": 0, "nhi": 0}
    write = _copy_chunk if engine.dialect.name == "postgresql" else _insert_chunk
    while batch := [person for _, person in zip(range(chunk), people, strict=False)]:
        welfare = [p for r in batch for p in synthetic.periods(rng, r["id"], today, 0.02)]
        nhi = [p for r in batch for p in synthetic.periods(rng, r["id"], today, 0.20)]
        with engine.begin() as connection:
            write(connection, batch, welfare, nhi, stamp)
        totals["residents"] += len(batch)
        totals["welfare"] += len(welfare)
        totals["nhi"] += len(nhi)
        if progress is not None:
            progress(totals["residents"])
    return totals


def _changes(
    batch: list[dict[str, Any]], welfare: list[dict[str, Any]], nhi: list[dict[str, Any]]
) -> Iterator[tuple[str, str, str]]:
    """(stream, id, ward) of every new row, the periods in their resident's ward."""
    ward_of = {resident["id"]: resident["ward"] for resident in batch}
    for resident in batch:
        yield "residents", resident["id"], resident["ward"]
    for stream, periods in (("welfare", welfare), ("nhi", nhi)):
        for period in periods:
            yield stream, period["id"], ward_of[period["resident_id"]]


def _copy_chunk(
    connection: Connection,
    batch: list[dict[str, Any]],
    welfare: list[dict[str, Any]],
    nhi: list[dict[str, Any]],
    stamp: datetime,
) -> None:
    raw: Any = connection.connection.driver_connection
    naive = stamp.replace(tzinfo=None)
    with raw.cursor() as cursor:
        _copy(cursor, "residents", RESIDENT_COLUMNS, batch, naive)
        _copy(cursor, "welfare_periods", PERIOD_COLUMNS, welfare, naive)
        _copy(cursor, "nhi_periods", PERIOD_COLUMNS, nhi, naive)
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (CHANGE_LOCK,))
        columns = ", ".join(CHANGE_COLUMNS)
        with cursor.copy(f"COPY change_log ({columns}) FROM STDIN") as copy:
            for stream, record_id, ward in _changes(batch, welfare, nhi):
                copy.write_row((stream, record_id, None, "upsert", ward, naive))


def _copy(
    cursor: Any, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]], stamp: datetime
) -> None:
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*(row[name] for name in columns[:-2]), 1, stamp])


def _insert_chunk(
    connection: Connection,
    batch: list[dict[str, Any]],
    welfare: list[dict[str, Any]],
    nhi: list[dict[str, Any]],
    stamp: datetime,
) -> None:
    for model, rows in ((Resident, batch), (WelfarePeriod, welfare), (NhiPeriod, nhi)):
        if rows:
            connection.execute(
                insert(model), [{**row, "version": 1, "updated_at": stamp} for row in rows]
            )
    changes = [
        {"stream": s, "record_id": i, "kind": None, "op": "upsert", "ward": w, "created_at": stamp}
        for s, i, w in _changes(batch, welfare, nhi)
    ]
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOCK})
    connection.execute(insert(ChangeLog), changes)
