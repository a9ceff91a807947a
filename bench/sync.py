"""Sync over TLS on loopback: a real server process on PostgreSQL and a new encrypted desk.

    .venv/bin/python bench/sync.py [--residents 1600000] [--delta 10000] [--push 10000]

- initial: a new desk enrolls and pulls everything (a snapshot of every stream) — target ≤ 120 s
- delta: 10,000 residents change on the server (with their change-log rows); the desk pulls
  them — target ≤ 5 s
- push: 10,000 records authored on the desk (form batches) go up — target ≤ 10 s

The server's register lives in the PostgreSQL database `kenshin_bench_sync`, built once with
server.bulk.load_residents and kept for the next run (--rebuild makes it again).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher
from pydantic import SecretStr
from sqlalchemy import create_engine, func, select, text, update

from app import bootstrap
from app.domain.ids import new_id
from app.store.demo_seed import DEMO_STAFF
from app.store.keys import DemoFileKeyring, KeyringKeyStore
from app.store.orm_forms import FormBatch
from app.store.unit_of_work import SqlAlchemyUnitOfWork, session_factory
from app.sync import wire
from app.sync.transport import ServerClient
from server.app import create_app
from server.bulk import load_residents
from server.changes import Change, log_changes
from server.config import ServerSettings, write_signing_key
from server.models import Resident
from server.reference import seed_demo_staff
from server.routes_admin import issue_enrollment_code
from server.tls import write_demo_tls
from ui.demo_server import free_port

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE = "kenshin_bench_sync"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"


def demo_password(login_id: str) -> str:
    return next(password for name, _, _, password in DEMO_STAFF if name == login_id)


def ensure_database(residents: int, rebuild: bool, settings: ServerSettings) -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": DATABASE}
        ).scalar()
        if exists and rebuild:
            connection.execute(text(f"DROP DATABASE {DATABASE} WITH (FORCE)"))
            exists = None
        if not exists:
            connection.execute(text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    app = create_app(settings)  # migrates
    context = app.state.context
    with context.sessions.begin() as session:
        seed_demo_staff(session, context.hasher, context.now())
        present = session.scalar(select(func.count()).select_from(Resident)) or 0
    if present < residents:
        print(f"loading {residents - present:,} residents into PostgreSQL …", file=sys.stderr)
        started = time.perf_counter()
        load_residents(app.state.engine, residents - present, start=present)
        print(f"loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    app.state.engine.dispose()


def enrollment_code(settings: ServerSettings) -> str:
    app = create_app(settings)
    context = app.state.context
    with context.sessions.begin() as session:
        request = wire.EnrollmentCodeCreate(workstation_name="bench")
        code, _ = issue_enrollment_code(
            session, context.pepper, request, context.now(), settings.enrollment_code_hours
        )
    app.state.engine.dispose()
    return code


def start_server(settings: ServerSettings, tls_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    tls = write_demo_tls(tls_dir)
    port = free_port()
    env = {
        **os.environ,
        "KENSHIN_SERVER_TOKEN_PEPPER": settings.token_pepper.get_secret_value(),
        "KENSHIN_SERVER_SIGNING_KEY_FILE": str(settings.signing_key_file),
        "KENSHIN_SERVER_DATA_DIR": str(settings.data_dir),
    }
    command = [
        sys.executable, "-m", "server.cli", "--database-url", URL, "--port", str(port),
        "--tls-cert", str(tls.cert_file), "--tls-key", str(tls.key_file),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    url = f"https://127.0.0.1:{port}"
    client = ServerClient(url, tls.ca_pem)
    deadline = time.monotonic() + 60
    while not client.healthz():
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)
    client.close()
    return process, tls.ca_pem


def change_residents(settings: ServerSettings, count: int) -> None:
    """`count` residents move house on the server, written as the ingest writes them."""
    engine = create_engine(URL)
    with engine.begin() as connection:
        rows = connection.execute(
            select(Resident.id, Resident.ward).order_by(Resident.register_no).limit(count)
        ).all()
    stamp = datetime.now(UTC)
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        ids = [row.id for row in rows]
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            session.execute(
                update(Resident)
                .where(Resident.id.in_(chunk))
                .values(address=Resident.address + "（転居）", version=Resident.version + 1,
                        updated_at=stamp)
            )  # fmt: skip
        log_changes(session, [Change("residents", row.id, ward=row.ward) for row in rows])
    engine.dispose()


def author_batches(desk: bootstrap.Desk, staff_id: str, count: int) -> None:
    factory = session_factory(desk.engine)
    with SqlAlchemyUnitOfWork(factory, workstation="bench", now=lambda: datetime.now(UTC)) as uow:
        for number in range(count):
            batch = FormBatch(
                id=new_id(), program_code="colorectal", clinic_code="1312345678",
                month="2026-06", received_count=1 + number % 30,
                received_on=date(2026, 7, 1), created_by=staff_id,
            )  # fmt: skip
            uow.session.add(batch)
            uow.sync_state.add_outbox("form_batch", batch.id, "upsert")
        uow.commit()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_600_000)
    parser.add_argument("--delta", type=int, default=10_000)
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kenshin-bench-sync-") as scratch:
        root = Path(scratch)
        key_file = root / "signing-key.pem"
        write_signing_key(key_file)
        settings = ServerSettings(
            database_url=URL,
            data_dir=root / "server",
            signing_key_file=key_file,
            token_pepper=SecretStr(secrets.token_urlsafe(32)),
        )
        ensure_database(args.residents, args.rebuild, settings)
        code = enrollment_code(settings)
        process, ca_pem = start_server(settings, root / "tls")
        try:
            return run(root, process, ca_pem, code, args)
        finally:
            process.terminate()
            process.wait(timeout=30)


def run(
    root: Path, process: subprocess.Popen[bytes], ca_pem: str, code: str, args: argparse.Namespace
) -> int:
    url = f"https://127.0.0.1:{_port(process)}"
    keys = KeyringKeyStore(DemoFileKeyring(root / "keyring.json"))
    desk_dir = root / "desk"
    engine = bootstrap.open_engine(desk_dir, keys, create=True)
    desk = bootstrap.build_desk(
        engine, keys=keys, data_dir=desk_dir, workstation="bench", hasher=PasswordHasher()
    )
    desk.enrollment.enroll(url, code, ca_pem, "bench")

    started = time.perf_counter()
    report = desk.sync.sync_now(None)
    initial = time.perf_counter() - started
    assert report.online, report.message
    with desk.engine.connect() as connection:
        held = connection.execute(text("SELECT count(*) FROM residents")).scalar()
    print(f"initial: {held:,} residents in {initial:.1f} s ({report.pulled:,} rows)")

    change_residents(ServerSettings(database_url=URL), args.delta)
    started = time.perf_counter()
    report = desk.sync.sync_now(None)
    delta = time.perf_counter() - started
    print(f"delta: {report.pulled:,} changes in {delta:.2f} s")

    session = desk.auth.login("clerk1", demo_password("clerk1"))
    author_batches(desk, session.staff_id, args.push)
    started = time.perf_counter()
    report = desk.sync.sync_now(session)
    pushed = time.perf_counter() - started
    assert desk.sync.status().pending == 0, desk.sync.status()
    print(f"push: {report.pushed:,} records in {pushed:.2f} s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"desk peak RSS {rss:.0f} MB")
    desk.close()
    print(f"bench: sync initial_s={initial:.1f} delta_s={delta:.2f} push_s={pushed:.2f}")
    return 0


def _port(process: subprocess.Popen[bytes]) -> int:
    return int(process.args[process.args.index("--port") + 1])  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
