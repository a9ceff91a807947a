"""Alembic environment for the central server: PostgreSQL or SQLite, batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from server.models import Base

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


def _url_from_command_line() -> str:
    from server.config import ServerSettings

    url = context.get_x_argument(as_dictionary=True).get("database_url")
    return url or ServerSettings().url()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from server.db import make_engine

    engine = make_engine(_url_from_command_line())
    try:
        with engine.connect() as own:
            _run(own)
            own.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url_from_command_line(), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
