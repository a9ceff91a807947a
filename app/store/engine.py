"""Opening the SQLCipher store: checks first, read-only, so a bad file is refused unchanged."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from app.store.errors import StoreCorrupted, StoreNotEncrypted, StoreVersionError, StoreWrongKey
from app.store.keys import StoreKey
from app.store.wal import check_wal

log = logging.getLogger(__name__)

PAGE_SIZE = 4096
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 2000  # SQLite's default page cache (KiB) of every connection
_RELAXED = "kenshin_relaxed"  # the pool entry's info key: a bulk load changed its pragmas
# Execution option of a unit of work whose commit need not reach the disk before it returns
# (a staged snapshot page): `synchronous = NORMAL` for that transaction. WAL keeps atomicity
# and order, so a power cut loses at most the last such commits, never tears one; the next
# FULL commit (every other one) makes them durable too.
RELAXED_COMMIT = "relaxed_commit"


def _keyed_connection(path: Path, key: StoreKey, *, read_only: bool) -> Any:
    """A DB-API connection keyed with the raw key, its version checked and a probe read done."""
    target = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlcipher3.connect(
        target,
        uri=True,
        check_same_thread=False,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        connection.execute(key.pragma())
        version = str(connection.execute("PRAGMA cipher_version").fetchone()[0])
        if not version.startswith("4."):
            raise StoreVersionError(version)
        try:
            connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlcipher3.DatabaseError as error:
            raise StoreWrongKey() from error
    except BaseException:
        connection.close()
        raise
    return connection


def check_store_header(path: Path, key: StoreKey) -> None:
    """The quick checks: not plain SQLite, whole pages, no committed work hidden behind a damaged
    WAL frame, the key opens it (read-only)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(len(PLAIN_SQLITE_HEADER))
    if head == PLAIN_SQLITE_HEADER:
        raise StoreNotEncrypted()
    if size == 0 or size % PAGE_SIZE:
        raise StoreCorrupted(f"ファイルの長さが不正です: {size} バイト")
    damage = check_wal(path, PAGE_SIZE)  # before any connection reads (and then trusts) the WAL
    if damage is not None:
        raise StoreCorrupted(damage)
    _keyed_connection(path, key, read_only=True).close()


def check_store_file(path: Path, key: StoreKey) -> None:
    """Refuse a plain, truncated, wrongly keyed or tampered file without writing to it."""
    check_store_header(path, key)
    check_store_pages(path, key)


def check_store_pages(path: Path, key: StoreKey) -> None:
    """Every page's HMAC (read-only); the caller has already run `check_store_header`."""
    connection = _keyed_connection(path, key, read_only=True)
    try:
        bad = connection.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.DatabaseError as error:
        raise StoreCorrupted("整合性検査を完了できません") from error
    finally:
        connection.close()
    if bad:
        log.error("store integrity check failed on %d page(s)", len(bad))
        raise StoreCorrupted(f"検査で {len(bad)} ページに不整合")


def create_store_engine(path: Path, key: StoreKey, *, pool_size: int = 4) -> Engine:
    """An engine whose every connection is keyed through `creator=`; the key is never in a URL."""

    def connect() -> Any:
        connection = _keyed_connection(path, key, read_only=False)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA temp_store = MEMORY")
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return connection

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3.dbapi2,
        creator=connect,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=4,
        pool_pre_ping=False,
    )
    _take_write_lock_at_begin(engine)
    _restore_after_bulk_loads(engine)
    return engine


def relax_for_bulk_load(connection: Connection, *, cache_kib: int) -> None:
    """A larger page cache for one bulk unit of work on this connection, put back when the
    connection goes back to the pool."""
    connection.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_kib)}")
    connection.info[_RELAXED] = True


def _restore_after_bulk_loads(engine: Engine) -> None:
    @event.listens_for(engine.pool, "checkin")
    def _checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        if dbapi_connection is not None and record.info.pop(_RELAXED, False):
            dbapi_connection.execute("PRAGMA synchronous = FULL")
            dbapi_connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _take_write_lock_at_begin(engine: Engine) -> None:
    """BEGIN IMMEDIATE: a unit of work holds the write lock from its start (hash-chain safety);
    a unit of work opened read-only (long extractions, searches) takes no lock and blocks none."""

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get(RELAXED_COMMIT, False):  # only outside a transaction
            connection.exec_driver_sql("PRAGMA synchronous = NORMAL")
            connection.info[_RELAXED] = True
        connection.exec_driver_sql(
            "BEGIN" if options.get("read_only", False) else "BEGIN IMMEDIATE"
        )


def open_store(path: Path, key: StoreKey, *, check: bool = True) -> Engine:
    if check:
        check_store_file(path, key)
    return create_store_engine(path, key)


def create_new_store(path: Path, key: StoreKey) -> Engine:
    """A new, empty encrypted file (the caller makes the schema through migrations)."""
    if path.exists():
        raise FileExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Owner-only from the first byte; SQLite gives the -wal and -shm files the same mode.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return create_store_engine(path, key)
