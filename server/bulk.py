"""Fast loading of the synthetic register (app.domain.synthetic) for demos and benchmarks.

PostgreSQL gets COPY for the residents, their welfare and NHI periods, their past screenings
(受診歴, as `screening_result` records) and the change-log rows (1.6 million residents in a
couple of minutes); SQLite gets executemany. Either way the change rows are written under the
change-log lock, in the same transaction as the rows.

The people are drawn in the order app.store.demo_seed draws them (per chunk: residents, welfare,
NHI, history), so a register of up to one chunk is the same people on the server and in a
desk's own demo store for the same seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text

from app.domain import synthetic
from app.sync import wire
from server.changes import CHANGE_LOCK
from server.models import (
    ChangeLog,
    NhiPeriod,
    Record,
    RecordHistory,
    Resident,
    WelfarePeriod,
)

RESIDENT_COLUMNS = (*synthetic.RESIDENT_FIELDS, "version", "updated_at")
PERIOD_COLUMNS = ("id", "resident_id", "start", "end", "version", "updated_at")
CHANGE_COLUMNS = ("stream", "record_id", "kind", "op", "ward", "created_at")
RECORD_COLUMNS = (
    "id", "kind", "version", "content_hash", "data", "ward", "device_id", "natural_key",
    "resident_id", "parent_id", "updated_at",
)  # fmt: skip
RECORD_HISTORY_COLUMNS = ("id", "version", "data", "push_hash")
# The workstation's screening_results columns (app.store.orm.ScreeningResult), as a desk pushes
# a row: a history record's data is exactly these fields.
RESULT_FIELDS = (
    "id", "version", "updated_at", "resident_id", "program_code", "screened_on", "fiscal_year",
    "judgement", "first_time", "source", "form_id", "values",
)  # fmt: skip
RESULT_KIND = "screening_result"
LOADER_DEVICE = "synthetic-register"  # device_id of records no workstation pushed


@dataclass
class Chunk:
    """One transaction's worth of new rows."""

    residents: list[dict[str, Any]] = field(default_factory=list)
    welfare: list[dict[str, Any]] = field(default_factory=list)
    nhi: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)  # Record rows (history)


def load_residents(
    engine: Engine,
    count: int,
    *,
    seed: int = 20261126,
    today: date | None = None,
    start: int = 0,
    chunk: int = 50_000,
    history: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Add `count` synthetic residents (register numbers from `start + 1`) with periods, with
    five years of past screenings when `history` (the demo), and change-log rows; returns
    {"residents": n, "welfare": n, "nhi": n, "history": n}."""
    rng = random.Random(seed)  # noqa: S311 - synthetic people, not secrets
    today = today or date.today()
    people = synthetic.residents(count, rng, synthetic.name_pools(seed), today, start=start)
    stamp = datetime.now(UTC)
    totals = {"residents": 0, "welfare": 0, "nhi": 0, "history": 0}
    while batch := [person for _, person in zip(range(chunk), people, strict=False)]:
        rows = Chunk(batch)
        rows.welfare = [
            p
            for r in batch
            for p in synthetic.periods(rng, r["id"], today, synthetic.WELFARE_SHARE)
        ]
        rows.nhi = [
            p for r in batch for p in synthetic.periods(rng, r["id"], today, synthetic.NHI_SHARE)
        ]
        if history:
            rows.records = [
                history_row(result, resident["ward"], stamp)
                for resident in batch
                for result in synthetic.history(rng, resident, today)
            ]
        with engine.begin() as connection:
            write_chunk(connection, rows, stamp)
        totals["residents"] += len(batch)
        totals["welfare"] += len(rows.welfare)
        totals["nhi"] += len(rows.nhi)
        totals["history"] += len(rows.records)
        if progress is not None:
            progress(totals["residents"])
    return totals


def load_history(
    engine: Engine,
    *,
    seed: int = 20261126,
    today: date | None = None,
    chunk: int = 50_000,
) -> int:
    """Past screenings for a register loaded without them: residents (in register order) that
    have no screening_result record yet get synthetic history. Returns how many were added."""
    rng = random.Random(seed)  # noqa: S311 - synthetic people, not secrets
    today = today or date.today()
    stamp = datetime.now(UTC)
    screened = (
        select(Record.id)
        .where(Record.resident_id == Resident.id, Record.kind == RESULT_KIND)
        .exists()
    )
    query = select(
        Resident.id, Resident.sex, Resident.birth_date, Resident.ward, Resident.register_no
    )
    query = query.where(~screened).order_by(Resident.register_no).limit(chunk)
    added, after = 0, ""
    while True:
        with engine.connect() as connection:
            people = connection.execute(query.where(Resident.register_no > after)).all()
        if not people:
            return added
        after = people[-1].register_no
        rows = Chunk(
            records=[
                history_row(result, person.ward, stamp)
                for person in people
                for result in synthetic.history(
                    rng,
                    {"id": person.id, "sex": person.sex, "birth_date": person.birth_date},
                    today,
                )
            ]
        )
        with engine.begin() as connection:
            write_chunk(connection, rows, stamp)
        added += len(rows.records)


def history_data(result: dict[str, Any], stamp: datetime) -> dict[str, Any]:
    """A screening from synthetic.history as a desk would push its screening_results row."""
    data = {
        **result,
        "version": 1,
        "updated_at": stamp.astimezone(UTC).isoformat(),
        "screened_on": result["screened_on"].isoformat(),
        "form_id": None,
        "values": None,
    }
    return {name: data[name] for name in RESULT_FIELDS}


def history_row(result: dict[str, Any], ward: str, stamp: datetime) -> dict[str, Any]:
    """The `records` row of a past screening (version 1, in its resident's ward)."""
    data = history_data(result, stamp)
    return {
        "id": data["id"],
        "kind": RESULT_KIND,
        "version": 1,
        "content_hash": wire.content_hash(data),
        "data": data,
        "ward": ward,
        "device_id": LOADER_DEVICE,
        "natural_key": None,
        "resident_id": data["resident_id"],
        "parent_id": data["resident_id"],  # wire.PARENTS: a result hangs off its resident
        "updated_at": stamp,
    }


def write_chunk(connection: Connection, rows: Chunk, stamp: datetime) -> None:
    """The chunk's rows and their change rows, in the caller's transaction."""
    if connection.dialect.name == "postgresql":
        _copy_chunk(connection, rows, stamp)
    else:
        _insert_chunk(connection, rows, stamp)


def _changes(rows: Chunk) -> Iterator[tuple[str, str, str | None, str]]:
    """(stream, id, kind, ward) of every new row, periods in their resident's ward."""
    ward_of = {resident["id"]: resident["ward"] for resident in rows.residents}
    for resident in rows.residents:
        yield "residents", resident["id"], None, resident["ward"]
    for stream, periods in (("welfare", rows.welfare), ("nhi", rows.nhi)):
        for period in periods:
            yield stream, period["id"], None, ward_of[period["resident_id"]]
    for record in rows.records:
        yield "records", record["id"], record["kind"], record["ward"]


def _copy_chunk(connection: Connection, rows: Chunk, stamp: datetime) -> None:
    raw: Any = connection.connection.driver_connection
    naive = stamp.replace(tzinfo=None)
    with raw.cursor() as cursor:
        _copy(cursor, "residents", RESIDENT_COLUMNS, rows.residents, naive)
        _copy(cursor, "welfare_periods", PERIOD_COLUMNS, rows.welfare, naive)
        _copy(cursor, "nhi_periods", PERIOD_COLUMNS, rows.nhi, naive)
        if rows.records:
            _copy_records(cursor, rows.records, naive)
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (CHANGE_LOCK,))
        columns = ", ".join(CHANGE_COLUMNS)
        with cursor.copy(f"COPY change_log ({columns}) FROM STDIN") as copy:
            for stream, record_id, kind, ward in _changes(rows):
                copy.write_row((stream, record_id, kind, "upsert", ward, naive))


def _copy(
    cursor: Any, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]], stamp: datetime
) -> None:
    if not rows:
        return
    names = ", ".join(f'"{name}"' for name in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*(row[name] for name in columns[:-2]), 1, stamp])


def _copy_records(cursor: Any, records: list[dict[str, Any]], stamp: datetime) -> None:
    """The records and their version-1 history (as a push keeps it), the JSON as text."""
    texts = [json.dumps(record["data"], ensure_ascii=False) for record in records]
    names = ", ".join(f'"{name}"' for name in RECORD_COLUMNS)
    with cursor.copy(f"COPY records ({names}) FROM STDIN") as copy:
        for record, data in zip(records, texts, strict=True):
            copy.write_row(
                [*(data if name == "data" else record[name] for name in RECORD_COLUMNS[:-1]), stamp]
            )
    names = ", ".join(f'"{name}"' for name in RECORD_HISTORY_COLUMNS)
    with cursor.copy(f"COPY record_history ({names}) FROM STDIN") as copy:
        for record, data in zip(records, texts, strict=True):
            copy.write_row((record["id"], record["version"], data, record["content_hash"]))


def _insert_chunk(connection: Connection, rows: Chunk, stamp: datetime) -> None:
    for model, added in (
        (Resident, rows.residents),
        (WelfarePeriod, rows.welfare),
        (NhiPeriod, rows.nhi),
    ):
        if added:
            connection.execute(
                insert(model), [{**row, "version": 1, "updated_at": stamp} for row in added]
            )
    if rows.records:
        connection.execute(insert(Record), rows.records)
        connection.execute(
            insert(RecordHistory),
            [
                {
                    "id": r["id"],
                    "version": r["version"],
                    "data": r["data"],
                    "push_hash": r["content_hash"],
                }
                for r in rows.records
            ],
        )
    changes = [
        {"stream": s, "record_id": i, "kind": k, "op": "upsert", "ward": w, "created_at": stamp}
        for s, i, k, w in _changes(rows)
    ]
    if not changes:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOCK})
    connection.execute(insert(ChangeLog), changes)
