"""Server fixtures: each test on SQLite (a copied, migrated file) and on PostgreSQL (a database
made for this run, emptied between tests); a TestClient over create_app with cheap argon2."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app.domain import synthetic
from app.sync import wire
from server.app import create_app
from server.config import ServerSettings, write_signing_key
from server.db import make_engine, upgrade
from server.models import Base
from server.reference import seed_demo_staff
from server.routes_admin import issue_enrollment_code

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_SKIP = "PostgreSQL (127.0.0.1:5432) に接続できないため PostgreSQL のテストを省略しました"
PASSWORDS = {login: password for login, _, _, password in synthetic.DEMO_STAFF}
HASHER = PasswordHasher.from_parameters(CHEAPEST)
WARDS = ("中央区", "北区")


@dataclass
class Clock:
    current: datetime = field(default_factory=lambda: datetime(2026, 11, 26, 1, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "signing.pem"
    write_signing_key(path)
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    name = f"kenshin_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(PG_SKIP.replace("省略しました", "失敗とします（CI）"))
        pytest.skip(PG_SKIP)
    url = f"{PG_SERVER}/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "server.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_url")
    _empty_postgres(url)
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path, signing_key_file: Path) -> ServerSettings:
    return ServerSettings(
        database_url=database_url,
        data_dir=tmp_path,
        signing_key_file=signing_key_file,
        token_pepper=SecretStr("pepper-" + "x" * 40),
        migrate_on_start=False,
    )


class Server:
    """A TestClient over a fresh server with the demo staff, and helpers to speak to it."""

    def __init__(self, settings: ServerSettings, clock: Clock) -> None:
        self.clock = clock
        self.app = create_app(settings, hasher=HASHER, clock=clock.now)
        self.context = self.app.state.context
        self.engine = self.app.state.engine
        self.client = TestClient(self.app)
        with self.context.sessions.begin() as session:
            seed_demo_staff(session, HASHER, clock.now())

    def code(self, name: str = "ws", ward: str | None = None, kind: str = "workstation") -> str:
        body = wire.EnrollmentCodeCreate(workstation_name=name, ward=ward, kind=kind)  # type: ignore[arg-type]
        with self.context.sessions.begin() as session:
            code, _ = issue_enrollment_code(
                session, self.context.pepper, body, self.clock.now(), 24
            )
        return code

    def enroll(
        self, name: str = "ws", ward: str | None = None, kind: str = "workstation"
    ) -> dict[str, str]:
        answer = self.client.post(
            wire.API + "/enroll",
            json={"code": self.code(name, ward, kind), "workstation_name": name},
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return {wire.DEVICE_HEADER: body["device_token"], "device_id": body["device_id"]}

    def login(self, device: dict[str, str], login_id: str = "clerk1") -> dict[str, str]:
        answer = self.post(
            "/auth/login", device, {"login_id": login_id, "password": PASSWORDS[login_id]}
        )
        assert answer.status_code == 200, answer.text
        return {**device, "Authorization": f"Bearer {answer.json()['staff_token']}"}

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {k: v for k, v in (headers or {}).items() if k != "device_id"}

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return self.client.get(wire.API + path, headers=self._headers(headers), params=params)

    def post(self, path: str, headers: dict[str, str] | None = None, json: Any = None) -> Any:
        return self.client.post(wire.API + path, headers=self._headers(headers), json=json)

    def put(self, path: str, headers: dict[str, str] | None = None, json: Any = None) -> Any:
        return self.client.put(wire.API + path, headers=self._headers(headers), json=json)

    def ingest(self, feed: str, csv_text: str, device: dict[str, str] | None = None) -> Any:
        device = device or self.enroll("city", kind="integration")
        return self.client.post(
            f"{wire.API}/ingest/{feed}", headers=self._headers(device), content=csv_text.encode()
        )

    def add_residents(
        self, count: int, wards: tuple[str, ...] = WARDS, start: int = 0
    ) -> list[str]:
        """Register numbers of `count` residents ingested, spread over `wards`."""
        response = self.ingest("residents", residents_csv(count, wards, start))
        assert response.status_code == 200, response.text
        return [f"{i + 1:010d}" for i in range(start, start + count)]

    def pull_all(
        self, stream: str, device: dict[str, str], cursor: str | None = None, limit: int = 1000
    ) -> tuple[list[dict[str, Any]], str]:
        changes: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            answer = self.get(f"/sync/{stream}", device, **params)
            assert answer.status_code == 200, answer.text
            page = wire.PullPage.model_validate_json(answer.content)
            assert page.count == len(page.changes)
            assert page.hash == wire.page_hash(page.changes)
            changes += [change.model_dump(mode="json") for change in page.changes]
            cursor = page.cursor
            if not page.has_more:
                return changes, cursor


HEADER = ",".join(
    ("register_no", "my_number", "name", "kana", "sex", "birth_date", "address", "postal_code",
     "ward", "moved_in", "moved_out", "died", "support_measure", "non_taxable")
)  # fmt: skip


def resident_line(index: int, ward: str, **overrides: str) -> str:
    values = {
        "register_no": f"{index + 1:010d}",
        "my_number": synthetic.my_number(index),
        "name": f"試験　{index}郎",
        "kana": "シケン タロウ",
        "sex": "M" if index % 2 else "F",
        "birth_date": "1960-04-01",
        "address": f"静岡県さくら市{ward}本町1丁目{index}番",
        "postal_code": "4300001",
        "ward": ward,
        "moved_in": "",
        "moved_out": "",
        "died": "",
        "support_measure": "0",
        "non_taxable": "1" if index % 3 == 0 else "0",
    } | overrides
    return ",".join(values[name] for name in HEADER.split(","))


def residents_csv(count: int, wards: tuple[str, ...] = WARDS, start: int = 0) -> str:
    lines = [resident_line(i, wards[i % len(wards)]) for i in range(start, start + count)]
    return HEADER + "\n" + "\n".join(lines) + "\n"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(settings: ServerSettings, clock: Clock) -> Iterator[Server]:
    built = Server(settings, clock)
    yield built
    built.client.close()
    built.engine.dispose()
