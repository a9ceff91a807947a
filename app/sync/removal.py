"""Removing rows with what hangs off them: a scope change, a deletion, a statutory purge.

A scope change or a deletion leaves alone the workflow rows still waiting for the push (and the
resident they belong to); a purge takes everything, outbox payloads included.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Connection

# table -> (child table, column naming the parent's id) of local rows that hang off it.
CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "residents": (
        ("welfare_periods", "resident_id"),
        ("nhi_periods", "resident_id"),
        ("screening_results", "resident_id"),
        ("vouchers", "resident_id"),
        ("paper_forms", "resident_id"),
        ("issuance_items", "resident_id"),
    ),
    "form_batches": (("paper_forms", "batch_id"),),
    "paper_forms": (("form_entries", "form_id"), ("adjudications", "form_id")),
    "screening_results": (("correction_requests", "result_id"),),
}
# Master tables whose rows point at a parent; an orphan left by a scope change is swept away.
ORPHANS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "grants": (("staff_id", "staff", "id"), ("role_code", "roles", "code")),
    "welfare_periods": (("resident_id", "residents", "id"),),
    "nhi_periods": (("resident_id", "residents", "id"),),
}
_PROTECTED = "SELECT record_id FROM outbox WHERE status IN ('pending', 'conflict')"
_CHUNK = 500


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


def _ids_where(connection: Connection, table: str, column: str, ids: Sequence[str]) -> list[str]:
    found: list[str] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f'SELECT id FROM "{table}" WHERE "{column}" IN ({marks})'  # noqa: S608
        found += [row[0] for row in connection.exec_driver_sql(sql, tuple(chunk))]
    return found


def collect(connection: Connection, table: str, ids: Sequence[str]) -> dict[str, list[str]]:
    """The rows and, recursively, every local row hanging off them: table -> ids."""
    found: dict[str, list[str]] = {table: list(ids)}
    for child, column in CHILDREN.get(table, ()):
        if not ids:
            break
        child_ids = _ids_where(connection, child, column, ids)
        for name, rows in collect(connection, child, child_ids).items():
            found.setdefault(name, []).extend(rows)
    return found


def protected_ids(connection: Connection, ids: Sequence[str]) -> set[str]:
    """Of these record ids, those a pending or conflicting outbox entry still holds."""
    held: set[str] = set()
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        sql = f"{_PROTECTED} AND record_id IN ({marks})"
        held.update(row[0] for row in connection.exec_driver_sql(sql, tuple(chunk)))
    return held


def remove(connection: Connection, table: str, ids: Sequence[str], *, purge: bool) -> list[str]:
    """Delete rows with their children; returns the removed ids of every table.

    Unless purging, a row waiting for the push stays, and so does every row it hangs off
    (its resident, its form), so nothing unsynced is lost to a scope change.
    """
    found = collect(connection, table, ids)
    if not purge:
        keep = protected_ids(connection, [i for rows in found.values() for i in rows])
        found = _without_parents_of(connection, found, keep)
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    removed: list[str] = []
    for name, rows in found.items():
        for chunk in _chunks(rows):
            marks = ", ".join("?" for _ in chunk)
            connection.exec_driver_sql(f'DELETE FROM "{name}" WHERE id IN ({marks})', tuple(chunk))  # noqa: S608
        removed += rows
    if purge:
        _forget(connection, removed)
    return removed


def _without_parents_of(
    connection: Connection, found: dict[str, list[str]], keep: set[str]
) -> dict[str, list[str]]:
    """Drop the protected rows and each row they hang off (walking CHILDREN upwards)."""
    if not keep:
        return found
    kept = set(keep)
    for table in reversed(list(found)):
        for child, column in CHILDREN.get(table, ()):
            protected_children = [i for i in found.get(child, []) if i in kept]
            for chunk in _chunks(protected_children):
                marks = ", ".join("?" for _ in chunk)
                sql = f'SELECT "{column}" FROM "{child}" WHERE id IN ({marks})'  # noqa: S608
                kept.update(row[0] for row in connection.exec_driver_sql(sql, tuple(chunk)))
    return {name: [i for i in rows if i not in kept] for name, rows in found.items()}


def _forget(connection: Connection, ids: Sequence[str]) -> None:
    """A purged record leaves nothing behind: no outbox payload, version or held copy."""
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for table, column in (
            ("outbox", "record_id"),
            ("record_versions", "record_id"),
            ("held_records", "record_id"),
        ):
            sql = f'DELETE FROM "{table}" WHERE "{column}" IN ({marks})'  # noqa: S608
            connection.exec_driver_sql(sql, tuple(chunk))


def sweep_orphans(connection: Connection, table: str, ids: Sequence[str] | None = None) -> None:
    """Master rows whose parent is not on this desk (out of scope) go; None = the whole table."""
    for column, parent, key in ORPHANS.get(table, ()):
        missing = f'NOT EXISTS (SELECT 1 FROM "{parent}" p WHERE p."{key}" = "{table}"."{column}")'  # noqa: S608
        if ids is None:
            connection.exec_driver_sql(f'DELETE FROM "{table}" WHERE {missing}')  # noqa: S608
            continue
        for chunk in _chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            sql = f'DELETE FROM "{table}" WHERE id IN ({marks}) AND {missing}'  # noqa: S608
            connection.exec_driver_sql(sql, tuple(chunk))


def leftover_name(table: str) -> str:
    return f"leftover:{table}"


def keep_leftovers(connection: Connection, table: str, ids: list[str]) -> None:
    """Rows out of scope that unsynced work still holds: removed once that work went up."""
    name = leftover_name(table)
    connection.exec_driver_sql("DELETE FROM sync_cursors WHERE stream = ?", (name,))
    if ids:
        connection.exec_driver_sql(
            "INSERT INTO sync_cursors (stream, cursor) VALUES (?, ?)", (name, json.dumps(ids))
        )


def remove_leftovers(connection: Connection) -> int:
    """Try again to remove what a scope change had to keep; returns how many went."""
    found = connection.exec_driver_sql(
        "SELECT stream, cursor FROM sync_cursors WHERE stream LIKE 'leftover:%'"
    )
    removed = 0
    for name, text in list(found):
        table, ids = name.removeprefix("leftover:"), json.loads(text)
        gone = set(remove(connection, table, ids, purge=False)) & set(ids)
        keep_leftovers(connection, table, [i for i in ids if i not in gone])
        removed += len(gone)
    return removed
