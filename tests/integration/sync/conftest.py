"""A real encrypted desk enrolled with the fake server, and a CA certificate to pin."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from app.bootstrap import Desk, build_desk, open_engine
from app.domain.policy import Role
from app.services.dto import StaffSession
from app.services.sync_dto import SyncReport
from app.store.demo_seed import seed_residents, seed_staff
from app.store.keys import KeyringKeyStore
from app.sync import wire
from app.sync.codec import stream_codec
from tests.integration.sync.fake_server import STAFF_TOKEN, FakeServer
from tests.support import MemoryKeyring, SettableClock, cheap_hasher, self_signed_ca_pem

SERVER_URL = "https://kenshin.test"
CODE = "ENROLL-123456"
ROLES = {"clerk1": Role.CLERK, "clerk2": Role.CLERK, "supervisor": Role.SUPERVISOR}


@pytest.fixture(scope="session")
def ca_pem() -> str:
    return self_signed_ca_pem("Kenshin Test CA")


@dataclass
class SyncDesk:
    desk: Desk
    server: FakeServer
    backend: MemoryKeyring
    keys: KeyringKeyStore
    data_dir: Path
    clock: SettableClock

    def session(self, login_id: str, *, token: str | None = STAFF_TOKEN) -> StaffSession:
        staff_id = self.scalar("SELECT id FROM staff WHERE login_id = :l", l=login_id)
        return StaffSession(
            staff_id=str(staff_id),
            login_id=login_id,
            display_name=login_id,
            roles=frozenset({ROLES[login_id]}),
            must_change_password=False,
            workstation="desk-1",
            started_at=self.clock.now(),
            staff_token=token,
        )

    def sync(self, login_id: str | None = "supervisor") -> SyncReport:
        return self.desk.sync.sync_now(self.session(login_id) if login_id else None)

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.desk.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.desk.engine.connect() as connection:
            return list(connection.execute(text(sql), params))


def adopt(server: FakeServer, desk: Desk) -> None:
    """The server starts with the desk's master data (same ids), as after an earlier sync."""
    with desk.engine.connect() as connection:
        for stream in wire.MASTER_STREAMS:
            codec = stream_codec(stream)
            for row in connection.execute(select(codec.table)).mappings():
                server.upsert(stream, codec.wire_row(dict(row)))


def make_sync_desk(
    root: Path,
    server: FakeServer,
    ca_pem: str,
    *,
    residents: int = 20,
    enroll: bool = True,
) -> SyncDesk:
    backend = MemoryKeyring()
    keys = KeyringKeyStore(backend)
    data_dir = root / "desk"
    engine = open_engine(data_dir, keys, create=True)
    seed_staff(engine, cheap_hasher())
    if residents:
        seed_residents(engine, residents)
    clock = SettableClock()
    desk = build_desk(
        engine,
        hasher=cheap_hasher(),
        clock=clock,
        workstation="desk-1",
        keys=keys,
        data_dir=data_dir,
        transport=server.transport,
    )
    adopt(server, desk)
    if enroll:
        desk.enrollment.enroll(SERVER_URL, CODE, ca_pem, "desk-1")
    return SyncDesk(desk, server, backend, keys, data_dir, clock)


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def synced(tmp_path: Path, server: FakeServer, ca_pem: str) -> Iterator[SyncDesk]:
    """An enrolled desk after its first full sync (nothing pending)."""
    desk = make_sync_desk(tmp_path, server, ca_pem)
    report = desk.sync()
    assert report.online, report.message
    yield desk
    desk.desk.close()
