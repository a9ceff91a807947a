"""Engines and sessions for PostgreSQL or SQLite, and `alembic upgrade head` at startup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations" / "server"
MIGRATION_LOCK = 0x4B454E4D  # pg_advisory_lock key: one server process migrates at a time


def is_postgres(engine_or_session: Engine | Session) -> bool:
    bind = (
        engine_or_session.get_bind()
        if isinstance(engine_or_session, Session)
        else engine_or_session
    )
    return bind.dialect.name == "postgresql"


def make_engine(url: str) -> Engine:
    """PostgreSQL with a pool; SQLite in WAL with every transaction taking the write lock."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No ping before each checkout (a round trip a request): a connection that PostgreSQL
    # dropped fails its request once, answered 5xx and retried by the desk, and the pool
    # then replaces every connection older than the failure.
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=False)
    # Several rows of one INSERT (a push's audit events, records, history) as one statement
    # with many VALUES, as SQLAlchemy does for psycopg2, instead of psycopg's pipelined
    # executemany (a round trip either way; the pipeline's machinery cost 7% of the CPU).
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Our own BEGIN (below) instead of the driver's, so that every transaction is IMMEDIATE:
    # SQLite then serialises writers by waiting on the lock instead of failing a deferred
    # reader that tries to write.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)


def alembic_config() -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to head; on PostgreSQL one process at a time (several servers share it)."""
    config = alembic_config()
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        finally:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
