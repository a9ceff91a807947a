"""Pulling master-data streams: pages by cursor, or a snapshot into staging swapped in at once.

Each page is applied with its cursor in one local transaction, so a cut resumes at the last
page; a snapshot keeps its resume point (`after`) the same way, beside its staging table.
"""

from __future__ import annotations

import contextlib
import json
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from app.store.engine import CACHE_KIB, RELAXED_COMMIT, relax_for_bulk_load
from app.sync import wire
from app.sync.codec import CodecError, TableCodec, stream_codec
from app.sync.records import RecordApplier
from app.sync.removal import keep_leftovers, remove, sweep_orphans
from app.sync.transport import ServerClient, ServerRefused, SyncError, parse_snapshot

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

RECORD_STREAMS = ("records", "purges")
MAX_RESETS = 2  # per stream and round: a server that keeps sending bad pages is not chased
BULK_ROWS = 20_000  # a snapshot this large is swapped in with its indexes rebuilt after
SWAP_CACHE_KIB = 131_072  # 128 MiB of page cache for upserts into an indexed table
PAGES_AHEAD = 2  # snapshot pages waiting between two stages (each a few MB)


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


@dataclass(frozen=True)
class StagedRows:
    """A snapshot page's rows for its staging table, and the INSERT that takes them."""

    sql: str
    values: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.values)


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
        """Download the stream's rows (resuming a cut download), then swap them in.

        A thread downloads the pages one after another and checks each page's count and hash
        (the next request goes out as soon as a page has come in, at most PAGES_AHEAD pages
        wait); this thread decodes the rows and writes them. The decoding stays here, with
        the writes: Python work on a second thread only took the GIL from between the rows
        SQLite writes (each row's write lets go of it and takes it back)."""
        with self._uow(read_only=True) as uow:
            saved = uow.sync.cursor(snapshot_name(stream))
        progress = SnapshotProgress.load(saved)
        with _Stages() as stages:
            pages = stages.start(self._download, stream, progress.after, progress.cursor)
            while True:
                checked: _CheckedPage = stages.take(pages)
                staged = self._staged_rows(stream, checked.rows())
                progress = self._apply_snapshot_page(stream, checked.page, staged, progress)
                if checked.page.done:
                    return progress.rows

    def _download(
        self, put: Callable[[object], None], stream: str, after: str | None, cursor: str | None
    ) -> None:
        while True:
            body = self._client.snapshot_body(stream, after=after, cursor=cursor)
            checked = _check_page(stream, body)
            put(checked)
            if checked.page.done:
                return
            after, cursor = checked.page.after, cursor or checked.page.cursor

    def _staged_rows(self, stream: str, rows: list[dict[str, Any]]) -> StagedRows:
        """A page's rows as the staging table's tuples, with the INSERT that takes them."""
        name = staging_table(stream)
        if not rows or stream == "purges":
            return StagedRows("", [])
        if stream == "records":
            sql = f'INSERT INTO "{name}" (id, kind, data) VALUES (?, ?, ?)'  # noqa: S608
            return StagedRows(sql, [(r["id"], r["kind"], json.dumps(r["data"])) for r in rows])
        codec = stream_codec(stream)
        as_sent = codec.rows_as_stored(rows)  # the common case: nothing to convert in Python
        if as_sent is not None:
            return StagedRows(codec.insert_sql(name, upsert=False, as_sent=True), as_sent)
        return StagedRows(codec.insert_sql(name, upsert=False), codec.db_rows(rows, self._now()))

    def _apply_snapshot_page(
        self,
        stream: str,
        page: wire.SnapshotPage,
        staged: StagedRows,
        progress: SnapshotProgress,
    ) -> SnapshotProgress:
        """Stage one page and keep the resume point with it; the last page swaps."""
        with self._uow() as uow:
            # A staged page's commit may wait for the disk (a power cut loses at most the last
            # few staged pages, and the download resumes before them); the swap's does not.
            relaxed = {RELAXED_COMMIT: not page.done}
            connection = uow.session.connection(execution_options=relaxed)
            if progress.after is None:
                self._new_staging(connection, stream)
            self._stage(connection, stream, staged)
            progress = SnapshotProgress(
                page.after, progress.cursor or page.cursor, progress.rows + len(staged)
            )
            uow.sync.note_server_time(page.server_time)
            uow.sync.set_cursor(snapshot_name(stream), progress.dump(), self._now())
            if page.done:
                self._swap(uow, stream, progress.cursor or page.cursor, progress.rows)
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

    def _stage(self, connection: Connection, stream: str, rows: StagedRows) -> None:
        if rows.values:
            connection.exec_driver_sql(rows.sql, rows.values)

    def _swap(self, uow: SqlAlchemyUnitOfWork, stream: str, cursor: str, staged: int) -> None:
        """Rows absent from the snapshot go (a scope change removes rows), the rest upserted."""
        connection = uow.session.connection()
        name = staging_table(stream)
        if stream == "records":
            RecordApplier(uow, self._now()).apply_staged(name)
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
        elif stream != "purges":
            _swap_table(connection, stream_codec(stream), name, staged)
            _drop_staged_copy(connection, name)
        uow.sync.clear_cursor(snapshot_name(stream))
        uow.sync.set_cursor(stream, cursor, self._now())


def _swap_table(connection: Connection, codec: TableCodec, staging: str, staged: int) -> None:
    """Rows absent from staging go (with what hangs off them, unless unsynced), the rest are
    upserted. A bulk swap (`staged` rows, as counted page by page with the resume point: a
    count(*) read the whole staging table once more) drops the table's plain indexes and
    builds them again after, and works with a large page cache: sorting once beats a million
    random index inserts."""
    table = codec.name
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    relax_for_bulk_load(connection, cache_kib=SWAP_CACHE_KIB)
    known = f'SELECT id FROM "{staging}"'  # noqa: S608
    absent = f'SELECT id FROM "{table}" WHERE id NOT IN ({known})'  # noqa: S608
    gone = [row[0] for row in connection.exec_driver_sql(absent)]
    removed = set(remove(connection, table, gone, purge=False))
    keep_leftovers(connection, table, [i for i in gone if i not in removed])
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


ROWS_KEY = b',"rows":['  # `,"` never occurs inside a JSON string


def _head(body: bytes) -> wire.SnapshotPage:
    """A snapshot page's fields without its rows (read at once: the next page's request
    needs only `after`), when the body is laid out as the server lays it out (its rows
    last); otherwise the whole page."""
    start = body.find(ROWS_KEY)
    if start < 0 or not body.endswith(b"]}"):
        return parse_snapshot(body)
    return parse_snapshot(body[:start] + b',"rows":[]}')


@dataclass(frozen=True)
class _CheckedPage:
    """A snapshot page whose count and hash hold: its fields, and its rows either decoded
    already or still as the JSON text they came in (decoded by the writing thread)."""

    page: wire.SnapshotPage
    rows_json: bytes | None = None

    def rows(self) -> list[dict[str, Any]]:
        if self.rows_json is None:
            return self.page.rows
        try:
            rows = json.loads(self.rows_json)
        except ValueError as error:  # hashed as sent, yet no JSON: the stream starts again
            raise PageMismatch(self.page.stream) from error
        if not isinstance(rows, list) or len(rows) != self.page.count:
            raise PageMismatch(self.page.stream)
        if not all(type(row) is dict for row in rows):
            raise PageMismatch(self.page.stream)
        return rows


def _check_page(stream: str, body: bytes) -> _CheckedPage:
    """The page's count and hash checked: on the rows as sent when the server sent them
    canonical and last (each row's bytes hashed as they came, no second encoding), or else on
    the rows decoded and encoded again."""
    head = _head(body)
    sent = wire.rows_as_sent(body, head.count)
    if sent is not None and wire.sum_hash(sent) == head.hash:
        return _CheckedPage(head, body[body.find(ROWS_KEY) + len(ROWS_KEY) - 1 : -1])
    page = parse_snapshot(body)
    if page.count != len(page.rows) or page.hash != wire.page_hash(page.rows):
        raise PageMismatch(stream)
    return _CheckedPage(page)


class _Stages:
    """Threads that hand their results on through small queues; the first error in any of
    them comes out of `take`, and leaving the block stops them all."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> _Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def start(self, work: Callable[..., None], *args: Any) -> queue.Queue[object]:
        """Run `work(put, *args)` on a thread; what it puts comes out of the queue returned."""
        out: queue.Queue[object] = queue.Queue(maxsize=PAGES_AHEAD)

        def put(item: object) -> None:
            while not self._stop.is_set():
                try:
                    out.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue
            raise _Stopped()

        def run() -> None:
            try:
                work(put, *args)
            except _Stopped:
                pass
            except BaseException as error:  # handed on: raised where the result is taken
                with contextlib.suppress(_Stopped):
                    put(_Failed(error))

        thread = threading.Thread(target=run, name=f"snapshot-{len(self._threads)}", daemon=True)
        self._threads.append(thread)
        thread.start()
        return out

    def take(self, source: queue.Queue[object]) -> Any:
        """The next result of a stage (its error raised here), unless told to stop."""
        while not self._stop.is_set():
            try:
                item = source.get(timeout=0.1)
            except queue.Empty:
                continue
            if isinstance(item, _Failed):
                raise item.error
            return item
        raise _Stopped()


class _Stopped(Exception):
    """A stage told to stop while it waited to hand a result on."""


@dataclass(frozen=True)
class _Failed:
    error: BaseException


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
