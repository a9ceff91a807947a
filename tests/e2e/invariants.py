"""Nothing lost, nothing doubled: what every fault test checks once the network is back.

The server's SQLite database is read directly (read only), the desks' encrypted stores through
their engines. Records are compared as the desk pushes them (`record_codec(...).read`), without
`version` (the server counts its own) — every other field must be the same on both sides.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import text

from app.bootstrap import Desk
from app.sync import wire
from app.sync.codec import record_codec
from tests.e2e.harness import ServerHandle

NOT_COMPARED = frozenset({"version"})


def desk_records(desk: Desk) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every workflow record in the desk's tables: id -> (kind, row as the wire carries it)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    with desk.engine.connect() as connection:
        for kind, table in wire.RECORD_TABLES.items():
            ids = [row[0] for row in connection.exec_driver_sql(f'SELECT id FROM "{table}"')]  # noqa: S608
            for record_id, row in record_codec(kind).read_many(connection, ids).items():
                assert record_id not in found, f"{record_id} in two tables"
                found[record_id] = (kind, row)
    return found


def scalar(desk: Desk, sql: str, **params: Any) -> Any:
    with desk.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def rows(desk: Desk, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with desk.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def pending(desk: Desk) -> int:
    return int(scalar(desk, "SELECT count(*) FROM outbox WHERE status = 'pending'") or 0)


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name not in NOT_COMPARED}


def natural_keys(records: dict[str, tuple[str, dict[str, Any]]]) -> Counter[tuple[str, str]]:
    keys: Counter[tuple[str, str]] = Counter()
    for kind, data in records.values():
        names = wire.NATURAL_KEYS.get(kind)
        if names and all(data.get(name) is not None for name in names):
            keys[(kind, "|".join(str(data[name]) for name in names))] += 1
    return keys


def server_records(server: ServerHandle) -> dict[str, tuple[str, dict[str, Any]]]:
    return {rid: (kind, data) for rid, (kind, _, data) in server.records().items()}


def assert_once(records: dict[str, tuple[str, dict[str, Any]]], where: str) -> None:
    """No natural key (a form's entry 1 or 2, a form number, a voucher number) held twice, and
    no form with two verified results."""
    doubled = [key for key, n in natural_keys(records).items() if n > 1]
    assert not doubled, f"{where}: natural keys held twice: {doubled}"
    results = Counter(
        data.get("form_id")
        for kind, data in records.values()
        if kind == "screening_result" and data.get("form_id")
    )
    twice = [form for form, n in results.items() if n > 1]
    assert not twice, f"{where}: forms with two results: {twice}"


def assert_in_step(
    server: ServerHandle, *desks: Desk, problems: int = 0, pushed: tuple[Desk, ...] = ()
) -> dict[str, tuple[str, dict[str, Any]]]:
    """After a clean round at each desk: nothing pending, every record the server holds is on
    each desk exactly once with the same content, and nothing else is; the desks `pushed`
    (a round with a login last) have no audit event left either. Returns the server's."""
    held = server_records(server)
    assert_once(held, "server")
    for desk in desks:
        name = desk.workstation
        assert pending(desk) == 0, f"{name}: outbox entries still pending"
        status = desk.sync.status()
        assert status.problems == problems, f"{name}: {status.problems} sync problems"
        if desk in pushed:
            assert status.pending == 0, f"{name}: audit events not pushed"
        local = desk_records(desk)
        assert_once(local, name)
        missing = held.keys() - local.keys()
        extra = local.keys() - held.keys()
        assert not missing, f"{name} lacks {len(missing)} records of the server: {sorted(missing)}"
        assert not extra, f"{name} holds {len(extra)} records the server lacks: {sorted(extra)}"
        for record_id, (kind, data) in held.items():
            local_kind, row = local[record_id]
            assert local_kind == kind
            assert comparable(row) == comparable(data), f"{name}: {kind} {record_id} differs"
    return held


def master_versions(desk: Desk, table: str) -> dict[str, int]:
    return {row[0]: int(row[1]) for row in rows(desk, f'SELECT id, version FROM "{table}"')}  # noqa: S608


def server_master_versions(server: ServerHandle, table: str) -> dict[str, int]:
    return {rid: int(v) for rid, v in server.query(f'SELECT id, version FROM "{table}"')}  # noqa: S608


def assert_master_in_step(server: ServerHandle, desk: Desk, *streams: str) -> None:
    """The desk's copy of each master stream is the server's: the same rows, the same versions."""
    for stream in streams or wire.MASTER_STREAMS:
        table = wire.STREAM_TABLES[stream]
        theirs = server_master_versions(server, table)
        mine = master_versions(desk, table)
        assert mine == theirs, f"{desk.workstation}: {table} differs from the server's"
