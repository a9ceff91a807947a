"""Alembic environment for the workstation store: an encrypted file, batch mode for SQLite."""

from __future__ import annotations

from pathlib import Path

from alembic import context
from sqlalchemy.engine import Connection

from app.store.orm import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _engine_from_command_line() -> Connection:
    from app.store.engine import open_store
    from app.store.errors import StoreKeyMissing
    from app.store.keys import KeyringKeyStore

    data_dir = Path(context.get_x_argument(as_dictionary=True)["data_dir"])
    key = KeyringKeyStore().load(data_dir)
    if key is None:
        raise StoreKeyMissing()
    return open_store(data_dir / "kenshin.db", key).connect()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with _engine_from_command_line() as own:
        _run(own)
        own.commit()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported for an encrypted store")
run_migrations_online()
