"""The composition root of the server: `create_app(settings)` builds everything a request needs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from anyio import to_thread
from argon2 import PasswordHasher
from fastapi import FastAPI

from app.domain.passwords import normalise
from app.sync import wire
from server import (
    errors,
    routes_admin,
    routes_auth,
    routes_ingest,
    routes_push,
    routes_retention,
    routes_sync,
)
from server.config import ServerSettings, signing_key_of
from server.db import make_engine, session_factory, upgrade
from server.deps import Context
from server.models import utcnow
from server.reference import ensure_reference
from server.renkei import routes as routes_renkei
from server.security import common_passwords, new_token

log = logging.getLogger("kenshin.server")
# Worker threads of a server process (anyio's default is 40). Requests beyond them wait on the
# event loop; more threads than this on two cores only took turns at the GIL, each waiting up
# to its switch interval after every round trip to PostgreSQL.
WORKER_THREADS = 8


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(
    settings: ServerSettings,
    *,
    hasher: PasswordHasher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """The FastAPI app over `settings`' database (migrated to head unless told not to).

    `hasher` and `clock` are for tests (cheap argon2 parameters, a settable clock).
    """
    settings.check()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.url())
    if settings.migrate_on_start:
        upgrade(engine)
    sessions = session_factory(engine)
    now = clock or utcnow
    with sessions.begin() as session:
        ensure_reference(session, now())
    password_hasher = hasher or PasswordHasher()
    context = Context(
        settings=settings,
        sessions=sessions,
        signing_key=signing_key_of(settings),
        hasher=password_hasher,
        dummy_hash=password_hasher.hash(normalise(new_token())),
        common_passwords=common_passwords(),
        clock=now,
    )
    app = FastAPI(
        title="Kenshin Desk server",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url=wire.API + "/openapi.json" if settings.demo else None,
        lifespan=_lifespan,
    )
    app.state.context = context
    app.state.engine = engine
    errors.install(app)
    app.get("/healthz", include_in_schema=False)(routes_auth.healthz)
    for module in (
        routes_auth,
        routes_sync,
        routes_push,
        routes_admin,
        routes_ingest,
        routes_retention,
        routes_renkei,
    ):
        app.include_router(module.router, prefix=wire.API)
    return app
