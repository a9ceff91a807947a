"""Rows to the wire and back: dates ISO, datetimes ISO UTC, JSON as JSON, booleans as 0/1."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.sync import wire
from app.sync.codec import (
    CodecError,
    _db_bool,
    _db_date,
    _db_datetime,
    _db_json,
    codec,
    record_codec,
    stream_codec,
)
from app.sync.pull import PageMismatch, SnapshotProgress, _check_page
from app.sync.push import BACKOFF_MAX, backoff

NOW = datetime(2026, 11, 26, 1, 2, 3, 456789, tzinfo=UTC)


def test_every_stream_and_record_kind_has_a_codec_with_the_orm_columns() -> None:
    for stream in wire.MASTER_STREAMS:
        assert "id" in stream_codec(stream).columns
    for kind in wire.RECORD_KINDS:
        assert {"id", "version", "updated_at"} <= set(record_codec(kind).columns)
    with pytest.raises(CodecError):
        record_codec("notice")


def test_a_resident_row_goes_to_sqlite_storage_form() -> None:
    residents = stream_codec("residents")
    row = {
        "id": "r1",
        "version": 3,
        "updated_at": "2026-11-26T10:02:03.456789+09:00",
        "register_no": "0000000001",
        "birth_date": "1950-04-01",
        "support_measure": True,
        "moved_in": None,
    }
    [values] = residents.db_rows([row], NOW)
    stored = dict(zip(residents.columns, values, strict=True))
    assert stored["updated_at"] == "2026-11-26 01:02:03.456789"
    assert stored["birth_date"] == "1950-04-01"
    assert stored["support_measure"] == 1 and stored["moved_in"] is None
    assert stored["version"] == 3


def test_a_row_without_version_or_stamp_is_a_first_version_stamped_now() -> None:
    [values] = stream_codec("settings").db_rows([{"id": "s", "key": "k", "value": [1]}], NOW)
    stored = dict(zip(stream_codec("settings").columns, values, strict=True))
    assert stored["version"] == 1 and stored["updated_at"] == "2026-11-26 01:02:03.456789"
    assert stored["value"] == "[1]"


@pytest.mark.parametrize(
    ("column", "value"),
    [("updated_at", "2026-11-26T01:00:00"), ("updated_at", "soon"), ("birth_date", "1950/4/1")],
)
def test_a_value_that_does_not_fit_its_column_is_refused(column: str, value: str) -> None:
    with pytest.raises(CodecError):
        stream_codec("residents").db_rows([{"id": "r", column: value}], NOW)


def test_typed_values_go_to_the_wire_as_iso_text_in_utc() -> None:
    vouchers = codec("vouchers")
    tokyo = timezone(timedelta(hours=9))
    row = dict.fromkeys(vouchers.columns)
    row.update(issued_at=datetime(2026, 11, 26, 10, 0, tzinfo=tokyo), updated_at=NOW)
    wired = vouchers.wire_row(row)
    assert wired["issued_at"] == "2026-11-26T01:00:00+00:00"
    assert (
        codec("residents").wire_row(
            {c: date(1950, 4, 1) if c == "birth_date" else None for c in codec("residents").columns}
        )["birth_date"]
        == "1950-04-01"
    )


def test_upserts_quote_every_column_and_update_all_but_the_id() -> None:
    sql = codec("nhi_periods").insert_sql()
    assert '"end"' in sql and "ON CONFLICT(id) DO UPDATE SET" in sql
    assert '"id" = excluded' not in sql


def test_a_snapshot_resume_point_survives_a_round_trip() -> None:
    progress = SnapshotProgress("after-id", "cursor", 5000)
    assert SnapshotProgress.load(progress.dump()) == progress
    assert SnapshotProgress.load(None) == SnapshotProgress()


def test_retry_later_backs_off_doubling_up_to_an_hour() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(50) == BACKOFF_MAX


def _one_by_one(table: str, rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """db_rows as it reads: each value alone, converted or filled."""
    fills = {"version": 1, "updated_at": "2026-11-26 01:02:03.456789"}
    table_codec = codec(table)
    out = []
    for row in rows:
        values = []
        for column, convert in zip(table_codec.columns, table_codec.converters, strict=True):
            value = row.get(column)
            if value is None:
                value = fills.get(column)
            elif convert is not None:
                value = convert(value)
            values.append(value)
        out.append(tuple(values))
    return out


@pytest.mark.parametrize("table", ["residents", "welfare_periods", "settings", "vouchers"])
def test_rows_converted_column_by_column_equal_each_value_converted_alone(table: str) -> None:
    choices: list[object] = [
        None, True, False, 0, 3, "x", "2026-01-01", "2026-12-07T15:27:00.123456+00:00",
        "2026-12-07T15:27:00+09:00", [1], {"a": 1},
    ]  # fmt: skip
    rng = random.Random(table)
    columns = codec(table).columns
    for _ in range(300):
        rows = [
            {c: rng.choice(choices) for c in columns if rng.random() < 0.8}
            for _ in range(rng.randint(1, 4))
        ]
        try:
            expected: object = _one_by_one(table, rows)
        except CodecError:
            expected = CodecError
        try:
            got: object = codec(table).db_rows(rows, NOW)
        except CodecError:
            got = CodecError
        assert got == expected, rows
        if isinstance(got, list) and isinstance(expected, list):  # 1 stays 1, not True
            assert [list(map(type, r)) for r in got] == [list(map(type, r)) for r in expected]


@pytest.mark.parametrize("table", ["residents", "welfare_periods", "vouchers", "staff"])
def test_rows_stored_as_sent_equal_rows_converted_in_python(table: str) -> None:
    """The INSERT that converts UTC datetimes in SQL stores what db_rows' tuples store; any
    value that Python would convert or fill in keeps a page on the Python path."""
    table_codec = codec(table)
    rng = random.Random(table)
    choices: dict[object, list[object]] = {
        _db_date: ["1950-04-01", None],
        _db_datetime: ["2026-12-07T15:27:00.123456+00:00", None],
        _db_bool: [True, False, None],
        None: ["x", 7, None],
    }
    stored_as_sent = 0
    for _ in range(200):
        rows = []
        for _ in range(rng.randint(1, 4)):
            row = {
                c: rng.choice(choices[convert])
                for c, convert in zip(table_codec.columns, table_codec.converters, strict=True)
            }
            row.update(version=rng.choice([1, 2]), updated_at="2026-12-07T15:27:00.000001+00:00")
            if rng.random() < 0.1:  # each of these needs Python
                spoil = rng.choice(["version", "updated_at", "birth_date", "support_measure"])
                row[spoil] = {"version": None, "updated_at": "2026-12-07T15:27:00+09:00"}.get(
                    spoil, 1
                )
            rows.append(row)
        names = ", ".join(f'"{c}"' for c in table_codec.columns)
        with sqlite3.connect(":memory:") as connection:
            for name in ("python", "sql"):
                connection.execute(f'CREATE TABLE "{name}" ({names})')
            try:
                expected = table_codec.db_rows(rows, NOW)
            except CodecError:
                assert table_codec.rows_as_stored(rows) is None
                continue
            connection.executemany(table_codec.insert_sql("python", upsert=False), expected)
            as_sent = table_codec.rows_as_stored(rows)
            spoiled = any(
                row.get("version") is None
                or (
                    type(row.get("support_measure")) is int
                    and "support_measure" in table_codec.columns
                )
                for row in rows
            ) or any(str(row.get("updated_at")).endswith("+09:00") for row in rows)
            if as_sent is None:
                assert spoiled or any(c is _db_json for c in table_codec.converters), rows
                continue
            assert not spoiled
            stored_as_sent += 1
            connection.executemany(
                table_codec.insert_sql("sql", upsert=False, as_sent=True), as_sent
            )
            read = "SELECT * FROM {} ORDER BY rowid"
            assert list(connection.execute(read.format("sql"))) == list(
                connection.execute(read.format("python"))
            )
    assert stored_as_sent > 100


def test_a_snapshot_page_hashed_as_sent_but_not_json_is_a_mismatch_not_a_crash() -> None:
    parts = [b'{"id":"a"}', b'{"id":}']
    head = {
        "stream": "residents",
        "cursor": "c",
        "after": "a",
        "count": 2,
        "hash": wire.sum_hash(parts),
        "done": True,
        "server_time": "2026-01-01T00:00:00+00:00",
    }
    body = wire.canonical_json(head)[:-1] + b',"rows":[' + b",".join(parts) + b"]}"
    checked = _check_page("residents", body)  # the hash holds on the bytes as sent
    assert checked.page.done and checked.page.after == "a"
    with pytest.raises(PageMismatch):
        checked.rows()
    good = body.replace(b'{"id":}', b'{"id":"b"}')
    with pytest.raises(PageMismatch):  # now the hash does not hold
        _check_page("residents", good)
