"""Rows between the local tables and the wire: dates ISO, datetimes ISO UTC, JSON as JSON.

Column names are the ORM's on both sides. Applying goes through the DB-API with values already
in SQLite's storage form (SQLAlchemy's `DateTime` text, JSON text), so a page of thousands of
rows is one `executemany` with no per-row ORM cost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Table, select

from app.store.orm import Base, UtcDateTime
from app.sync import wire

Converter = Callable[[Any], Any]


class CodecError(ValueError):
    """A row from the server that does not fit the local table."""


def _db_datetime(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32 and value.endswith("+00:00"):
        return f"{value[:10]} {value[11:26]}"  # already UTC with microseconds: no parsing
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise CodecError("datetime") from error
    if parsed.tzinfo is None:
        raise CodecError("naive datetime")
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _db_date(value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise CodecError("date")
    return text


def _db_json(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _db_bool(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _read_rows(
    rows: Sequence[Mapping[str, Any]], columns: tuple[str, ...]
) -> list[tuple[Any, ...]]:
    """Each row's values in column order (None for a column the row lacks)."""
    if len(columns) > 1:
        try:
            return list(map(itemgetter(*columns), rows))
        except KeyError:
            pass  # a row without some column: read each with get
    return [tuple(map(row.get, columns)) for row in rows]


def _convert_column(convert: Converter, values: Sequence[Any]) -> Sequence[Any]:
    """One column's values in storage form: the common shapes checked at once, converted
    (or kept) in one pass; anything else value by value, exactly as `convert` does it."""
    present = [value for value in values if value is not None]
    kinds = set(map(type, present))
    if convert is _db_bool and kinds <= {bool}:
        return [None if value is None else int(value) for value in values]
    if convert is _db_date and kinds <= {str} and all(map(_is_iso_date, present)):
        return values
    if convert is _db_datetime and kinds <= {str} and all(map(_is_utc_micro, present)):
        return [None if value is None else f"{value[:10]} {value[11:26]}" for value in values]
    return [None if value is None else convert(value) for value in values]


def _is_iso_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-"


def _is_utc_micro(text: str) -> bool:
    return len(text) == 32 and text.endswith("+00:00")


def _wire_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class TableCodec:
    """One local table's columns and how each value travels."""

    table: Table
    columns: tuple[str, ...]
    converters: tuple[Converter | None, ...]

    @property
    def name(self) -> str:
        return self.table.name

    def db_rows(self, rows: Iterable[Mapping[str, Any]], now: datetime) -> list[tuple[Any, ...]]:
        """Wire rows as DB-API tuples; a missing version is 1, a missing updated_at is now.

        Column by column rather than value by value: the rows' values are read into tuples
        and regrouped by column at C speed, and only the columns that need it are converted
        (a snapshot page is 5,000 rows; a whole register is 2 million)."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return []
        now_text = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        fills = {"version": 1, "updated_at": now_text}
        by_column: list[Sequence[Any]] = list(zip(*_read_rows(rows, self.columns), strict=True))
        for index, (column, convert) in enumerate(zip(self.columns, self.converters, strict=True)):
            values = by_column[index]
            fill = fills.get(column)
            if convert is not None:
                values = _convert_column(convert, values)
            if fill is not None and None in values:
                values = [fill if value is None else value for value in values]
            by_column[index] = values
        return list(zip(*by_column, strict=True))

    def rows_as_stored(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]] | None:
        """The rows' values just as they came, when that is their storage form already but for
        UTC datetimes with microseconds (the server's form, which `insert_sql(as_sent=True)`
        turns into SQLite's in SQL); None when any value needs converting or filling in
        Python (`db_rows`). Only a few columns are looked at, and no value is rewritten."""
        if not rows or any(c is _db_json for c in self.converters):
            return None
        values = _read_rows(rows, self.columns)
        for index, (column, convert) in enumerate(zip(self.columns, self.converters, strict=True)):
            if convert is None and column not in ("version", "updated_at"):
                continue
            found = list(map(itemgetter(index), values))
            present = [value for value in found if value is not None]
            if column in ("version", "updated_at") and len(present) != len(found):
                return None  # filled in by db_rows
            kinds = set(map(type, present))
            if convert is _db_bool and not kinds <= {bool}:
                return None
            if convert is _db_date and not (kinds <= {str} and all(map(_is_iso_date, present))):
                return None
            if convert is _db_datetime and not (
                kinds <= {str} and all(map(_is_utc_micro, present))
            ):
                return None
        return values

    def insert_sql(
        self, target: str | None = None, *, upsert: bool = True, as_sent: bool = False
    ) -> str:
        """`INSERT … ON CONFLICT(id) DO UPDATE` into this table (or a staging copy of it); with
        `as_sent`, for `rows_as_stored`: UTC datetimes converted to SQLite's text in SQL."""
        names = ", ".join(_quote(c) for c in self.columns)
        marks = ", ".join(
            f"substr(?{n}, 1, 10) || ' ' || substr(?{n}, 12, 15)"
            if as_sent and convert is _db_datetime
            else f"?{n}"
            for n, convert in enumerate(self.converters, start=1)
        )
        sql = f"INSERT INTO {_quote(target or self.name)} ({names}) VALUES ({marks})"  # noqa: S608
        return sql + self.conflict_clause() if upsert else sql

    def conflict_clause(self) -> str:
        sets = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in self.columns if c != "id")
        return f" ON CONFLICT(id) DO UPDATE SET {sets}"

    def apply(
        self, connection: Connection, rows: Sequence[Mapping[str, Any]], now: datetime
    ) -> int:
        """Upsert rows (wire dicts) by id: one executemany."""
        if rows:
            connection.exec_driver_sql(self.insert_sql(), self.db_rows(rows, now))
        return len(rows)

    def delete(self, connection: Connection, ids: Sequence[str]) -> None:
        if ids:
            connection.exec_driver_sql(
                f"DELETE FROM {_quote(self.name)} WHERE id = ?",  # noqa: S608
                [(record_id,) for record_id in ids],
            )

    def wire_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A row read through SQLAlchemy (typed values) as the wire carries it."""
        return {column: _wire_value(row[column]) for column in self.columns}

    def read(self, connection: Connection, record_id: str) -> dict[str, Any] | None:
        return self.read_many(connection, [record_id]).get(record_id)

    def read_many(self, connection: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The rows of `ids` that exist, as the wire carries them, in one query per 500."""
        rows: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            found = connection.execute(select(self.table).where(self.table.c.id.in_(chunk)))
            for row in found.mappings():
                rows[row["id"]] = self.wire_row(dict(row))
        return rows


def _converter(column: Any) -> Converter | None:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return _db_datetime
    if isinstance(kind, Date):
        return _db_date
    if isinstance(kind, JSON):
        return _db_json
    if isinstance(kind, Boolean):
        return _db_bool
    return None


@cache
def codec(table_name: str) -> TableCodec:
    table = Base.metadata.tables[table_name]
    columns = tuple(column.name for column in table.columns)
    return TableCodec(table, columns, tuple(_converter(c) for c in table.columns))


def stream_codec(stream: str) -> TableCodec:
    return codec(wire.STREAM_TABLES[stream])


def record_codec(kind: str) -> TableCodec:
    if kind not in wire.RECORD_TABLES:
        raise CodecError("unknown record kind")
    return codec(wire.RECORD_TABLES[kind])
