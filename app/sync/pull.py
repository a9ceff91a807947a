"""Pulling master-data streams: pages by cursor, or a snapshot into staging swapped in at once.

Each page is applied with its cursor in one local transaction, so a cut resumes at the last
page; a snapshot keeps its resume point (`after`) the same way, beside its staging table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from app.store.engine import CACHE_KIB, RELAXED_COMMIT, relax_for_bulk_load
from app.sync import wire
from app.sync.codec import CodecError, TableCodec, stream_codec
from app.sync.records import RecordApplier
from app.sync.removal import keep_leftovers, remove, sweep_orphans
from app.sync.transport import ServerClient, ServerRefused, SyncError

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

RECORD_STREAMS = ("records", "purges")
MAX_RESETS = 2  # per stream and round: a server that keeps sending bad pages is not chased
BULK_ROWS = 20_000  # a snapshot this large is swapped in with its indexes rebuilt after
SWAP_CACHE_KIB = 131_072  # 128 MiB of page cache for upserts into an indexed table


class PageMismatch(Exception):
    """A page whose count or hash does not match its rows: the stream starts again."""


class StreamUnusable(SyncError):
    """A stream that needed a fresh start more than MAX_RESETS times in one round."""

    def __init__(self) -> None:
        super().__init__(
            "サーバーから受け取ったデータを確認できませんでした。次の同期で再試行します。",
            code="bad_stream",
        )


@dataclass(frozen=True)
class SnapshotProgress:
    """Where a snapshot download stands: kept with each staged page, so a cut resumes."""

    after: str | None = None  # the last id staged
    cursor: str | None = None  # the change-log cursor the first page fixed
    rows: int = 0

    @classmethod
    def load(cls, text: str | None) -> SnapshotProgress:
        if not text:
            return cls()
        value = json.loads(text)
        return cls(value.get("after"), value.get("cursor"), int(value.get("rows", 0)))

    def dump(self) -> str:
        return json.dumps({"after": self.after, "cursor": self.cursor, "rows": self.rows})


def snapshot_name(stream: str) -> str:
    return f"snapshot:{stream}"


def staging_table(stream: str) -> str:
    return f"sync_staging_{stream}"


class Puller:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        client: ServerClient,
        now: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._client = client
        self._now = now

    def pull(self, streams: tuple[str, ...] = wire.STREAMS) -> int:
        return sum(self.pull_stream(stream) for stream in streams)

    def pull_stream(self, stream: str) -> int:
        """Catch up by cursor; a stream the server or a bad page resets is rebuilt alone."""
        applied, rebuild = 0, False
        for _ in range(MAX_RESETS + 1):
            try:
                if rebuild:
                    applied += self.snapshot(stream)
                return applied + self._pull_pages(stream)
            except ServerRefused as refusal:
                if refusal.code != "must_resnapshot":
                    raise
            except (PageMismatch, IntegrityError, CodecError):
                pass
            self.reset(stream)
            rebuild = True
        raise StreamUnusable()

    def reset(self, stream: str) -> None:
        """Forget the stream's cursor: the next pull rebuilds it from a snapshot."""
        with self._uow() as uow:
            uow.sync.clear_cursor(stream)
            uow.sync.clear_cursor(snapshot_name(stream))
            uow.session.connection().exec_driver_sql(
                f'DROP TABLE IF EXISTS "{staging_table(stream)}"'
            )
            uow.commit()

    def _pull_pages(self, stream: str) -> int:
        applied = 0
        with self._uow(read_only=True) as uow:
            started = uow.sync.cursor(stream) is not None
        if not started and stream not in RECORD_STREAMS:
            applied += self.snapshot(stream)
        while True:
            with self._uow(read_only=True) as uow:
                cursor = uow.sync.cursor(stream)
            page = self._client.pull(stream, cursor)
            if page.count != len(page.changes) or page.hash != wire.page_hash(page.changes):
                raise PageMismatch(stream)
            with self._uow() as uow:
                uow.sync.note_server_time(page.server_time)
                applied += self._apply_page(uow, stream, page.changes)
                uow.sync.set_cursor(stream, page.cursor, self._now())
                uow.commit()
            if not page.has_more:
                return applied

    def _apply_page(
        self, uow: SqlAlchemyUnitOfWork, stream: str, changes: list[wire.Change]
    ) -> int:
        if stream in RECORD_STREAMS:
            return RecordApplier(uow, self._now()).apply_changes(changes)
        codec = stream_codec(stream)
        connection = uow.session.connection()
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        relax_for_bulk_load(connection, cache_kib=SWAP_CACHE_KIB)  # index pages
        rows = [c.data for c in changes if c.op == "upsert" and c.data is not None]
        codec.apply(connection, rows, self._now())
        for op in ("delete", "purge"):
            ids = [c.id for c in changes if c.op == op]
            if ids:
                remove(connection, codec.name, ids, purge=op == "purge")
        sweep_orphans(connection, codec.name, [c.id for c in changes])
        return len(changes)

    # ------------------------------------------------------------ snapshot

    def snapshot(self, stream: str) -> int:
        """Download the stream's rows (resuming a cut download), then swap them in."""
        with self._uow(read_only=True) as uow:
            saved = uow.sync.cursor(snapshot_name(stream))
        progress = SnapshotProgress.load(saved)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshot") as fetcher:
            ahead = fetcher.submit(self._fetch, stream, progress.after, progress.cursor)
            while True:
                page = ahead.result()
                if not page.done:  # the next page downloads while this one is applied
                    cursor = progress.cursor or page.cursor
                    ahead = fetcher.submit(self._fetch, stream, page.after, cursor)
                progress = self._apply_snapshot_page(stream, page, progress)
                if page.done:
                    return progress.rows

    def _fetch(self, stream: str, after: str | None, cursor: str | None) -> wire.SnapshotPage:
        page, body = self._client.snapshot_with_body(stream, after=after, cursor=cursor)
        if page.count != len(page.rows) or not _hash_holds(page, body):
            raise PageMismatch(stream)
        return page

    def _apply_snapshot_page(
        self, stream: str, page: wire.SnapshotPage, progress: SnapshotProgress
    ) -> SnapshotProgress:
        """Stage one page and keep the resume point with it; the last page swaps."""
        with self._uow() as uow:
            # A staged page's commit may wait for the disk (a power cut loses at most the last
            # few staged pages, and the download resumes before them); the swap's does not.
            relaxed = {RELAXED_COMMIT: not page.done}
            connection = uow.session.connection(execution_options=relaxed)
            if progress.after is None:
                self._new_staging(connection, stream)
            self._stage(connection, stream, page.rows)
            progress = SnapshotProgress(
                page.after, progress.cursor or page.cursor, progress.rows + len(page.rows)
            )
            uow.sync.note_server_time(page.server_time)
            uow.sync.set_cursor(snapshot_name(stream), progress.dump(), self._now())
            if page.done:
                self._swap(uow, stream, progress.cursor or page.cursor)
            uow.commit()
        return progress

    def _new_staging(self, connection: Connection, stream: str) -> None:
        name = staging_table(stream)
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
        if stream == "records":
            connection.exec_driver_sql(f'CREATE TABLE "{name}" (id TEXT, kind TEXT, data TEXT)')
        elif stream != "purges":
            source = stream_codec(stream).name
            connection.exec_driver_sql(f'CREATE TABLE "{name}" AS SELECT * FROM "{source}" WHERE 0')  # noqa: S608

    def _stage(self, connection: Connection, stream: str, rows: list[dict[str, object]]) -> None:
        if not rows or stream == "purges":
            return
        name = staging_table(stream)
        if stream == "records":
            connection.exec_driver_sql(
                f'INSERT INTO "{name}" (id, kind, data) VALUES (?, ?, ?)',  # noqa: S608
                [(r["id"], r["kind"], json.dumps(r["data"])) for r in rows],
            )
            return
        codec = stream_codec(stream)
        connection.exec_driver_sql(
            codec.insert_sql(name, upsert=False),
            codec.db_rows(rows, self._now()),
        )

    def _swap(self, uow: SqlAlchemyUnitOfWork, stream: str, cursor: str) -> None:
        """Rows absent from the snapshot go (a scope change removes rows), the rest upserted."""
        connection = uow.session.connection()
        name = staging_table(stream)
        if stream == "records":
            RecordApplier(uow, self._now()).apply_staged(name)
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
        elif stream != "purges":
            _swap_table(connection, stream_codec(stream), name)
            _drop_staged_copy(connection, name)
        uow.sync.clear_cursor(snapshot_name(stream))
        uow.sync.set_cursor(stream, cursor, self._now())


def _swap_table(connection: Connection, codec: TableCodec, staging: str) -> None:
    """Rows absent from staging go (with what hangs off them, unless unsynced), the rest are
    upserted. A bulk swap drops the table's plain indexes and builds them again after, and
    works with a large page cache: sorting once beats a million random index inserts."""
    table = codec.name
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    relax_for_bulk_load(connection, cache_kib=SWAP_CACHE_KIB)
    known = f'SELECT id FROM "{staging}"'  # noqa: S608
    absent = f'SELECT id FROM "{table}" WHERE id NOT IN ({known})'  # noqa: S608
    gone = [row[0] for row in connection.exec_driver_sql(absent)]
    removed = set(remove(connection, table, gone, purge=False))
    keep_leftovers(connection, table, [i for i in gone if i not in removed])
    staged = int(connection.exec_driver_sql(f'SELECT count(*) FROM "{staging}"').scalar() or 0)  # noqa: S608
    rebuild = _drop_plain_indexes(connection, table) if staged >= BULK_ROWS else []
    columns = ", ".join(f'"{c}"' for c in codec.columns)
    changed = " OR ".join(
        f'"{table}"."{c}" IS NOT excluded."{c}"' for c in ("version", "updated_at")
    )
    upsert = f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{staging}" WHERE true'  # noqa: S608
    connection.exec_driver_sql(f"{upsert}{codec.conflict_clause()} WHERE {changed}")
    if rebuild:  # each index's sort is held in memory: the page cache makes room for it first
        connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
    for sql in rebuild:
        connection.exec_driver_sql(sql)
    sweep_orphans(connection, table)


def _drop_staged_copy(connection: Connection, staging: str) -> None:
    """Drop a master table's staging table once swapped in. Every row staged is in the table
    now (or was there already, the same), so its pages are freed without SQLCipher's
    secure_delete zeroing each one first: that wrote (and encrypted) every page once more, a
    tenth of the swap of a whole register. Rows a swap removes are still zeroed."""
    previous = int(connection.exec_driver_sql("PRAGMA secure_delete").scalar() or 0)
    connection.exec_driver_sql("PRAGMA secure_delete = 0")
    try:
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{staging}"')
    finally:
        connection.exec_driver_sql(f"PRAGMA secure_delete = {previous}")


def _hash_holds(page: wire.SnapshotPage, body: bytes) -> bool:
    """The page's hash over its rows as sent (the server sends each row canonical, the rows
    last in the body), or else over its rows encoded again."""
    sent = wire.rows_as_sent(body, page.count)
    if sent is not None and wire.sum_hash(sent) == page.hash:
        return True
    return page.hash == wire.page_hash(page.rows)


def _drop_plain_indexes(connection: Connection, table: str) -> list[str]:
    """Drop the table's declared indexes (not the ones behind UNIQUE); their CREATE statements."""
    found = list(
        connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    )
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]
