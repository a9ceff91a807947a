"""Sync over TLS on loopback: a real server process on PostgreSQL and new encrypted desks.

    .venv/bin/python bench/sync.py [--residents 1600000] [--runs 5] [--delta 10000] [--push 10000]

- initial: a new desk enrolls and pulls everything (a snapshot of every stream) — target ≤ 60 s
  and a desk peak RSS ≤ 600 MB. Each run is a fresh child process with a fresh desk, so its
  VmHWM is that run's peak; the median and every run are printed, with the CPU seconds of the
  desk, of the server process and of its PostgreSQL backends (the shared machine's load shakes
  the wall figure, the CPU figures much less). The desk's folder is listed after each run: the
  store and its WAL files, nothing else (no temp file may hold personal values).
- delta: 10,000 residents change on the server (with their change-log rows); the last run's
  desk pulls them — target ≤ 5 s
- push: 10,000 records authored on that desk (form batches) go up — target ≤ 10 s

Floor, in the same minutes: the same rows (residents, welfare and NHI periods) read raw out of
PostgreSQL (COPY … TO STDOUT) and written raw into a new SQLCipher store with the desk's key
setup (executemany of plain tuples into tables with no index, one transaction).

The server's register lives in the PostgreSQL database `kenshin_bench_sync` (other sizes than
1.6 million: `kenshin_bench_sync_<n>`), built once with server.bulk.load_residents and kept for
the next run (--rebuild makes it again).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import harness

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE = "kenshin_bench_sync"
DEFAULT_RESIDENTS = 1_600_000
TARGET_S = 60.0
TARGET_MB = 600.0
FLOOR_TABLES = ("residents", "welfare_periods", "nhi_periods")


def database(residents: int) -> str:
    return DATABASE if residents == DEFAULT_RESIDENTS else f"{DATABASE}_{residents}"


def url_of(residents: int) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database(residents)}"


def peak_mb() -> float:
    """This process's VmHWM (peak resident set) in MB."""
    return _status_mb("VmHWM:")


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def cpu_of(pids: list[int]) -> float:
    """User + system CPU seconds of these processes so far (those still running)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


# ---------------------------------------------------------------- the server side


def ensure_database(residents: int, rebuild: bool, settings: Any) -> None:
    from sqlalchemy import create_engine, func, select, text

    from server.app import create_app
    from server.bulk import load_residents
    from server.models import Resident
    from server.reference import seed_demo_staff

    name = database(residents)
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": name}
        ).scalar()
        if exists and rebuild:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            exists = None
        if not exists:
            connection.execute(text(f"CREATE DATABASE {name}"))
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


def enrollment_code(settings: Any) -> str:
    from app.sync import wire
    from server.app import create_app
    from server.routes_admin import issue_enrollment_code

    app = create_app(settings)
    context = app.state.context
    with context.sessions.begin() as session:
        request = wire.EnrollmentCodeCreate(workstation_name="bench")
        code, _ = issue_enrollment_code(
            session, context.pepper, request, context.now(), settings.enrollment_code_hours
        )
    app.state.engine.dispose()
    return code


def start_server(
    settings: Any, tls_dir: Path, url: str
) -> tuple[subprocess.Popen[bytes], str, str]:
    from app.sync.transport import ServerClient
    from server.tls import write_demo_tls
    from ui.demo_server import free_port

    tls = write_demo_tls(tls_dir)
    port = free_port()
    env = {
        **os.environ,
        "KENSHIN_SERVER_TOKEN_PEPPER": settings.token_pepper.get_secret_value(),
        "KENSHIN_SERVER_SIGNING_KEY_FILE": str(settings.signing_key_file),
        "KENSHIN_SERVER_DATA_DIR": str(settings.data_dir),
    }
    command = [
        sys.executable, "-m", "server.cli", "--database-url", url, "--port", str(port),
        "--tls-cert", str(tls.cert_file), "--tls-key", str(tls.key_file),
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    harness.on_exit(process.kill)
    base = f"https://127.0.0.1:{port}"
    client = ServerClient(base, tls.ca_pem)
    deadline = time.monotonic() + 60
    while not client.healthz():
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)
    client.close()
    return process, base, tls.ca_pem


def backends(residents: int) -> list[int]:
    """The PostgreSQL backends serving the bench database (the server's pool)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(ADMIN_URL)
    with admin.connect() as connection:
        pids = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :d"),
            {"d": database(residents)},
        ).scalars()
        found = [int(pid) for pid in pids]
    admin.dispose()
    return found


def change_residents(url: str, count: int) -> None:
    """`count` residents move house on the server, written as the ingest writes them."""
    from sqlalchemy import create_engine, select, update
    from sqlalchemy.orm import Session

    from server.changes import Change, log_changes
    from server.models import Resident

    engine = create_engine(url)
    with engine.begin() as connection:
        rows = connection.execute(
            select(Resident.id, Resident.ward).order_by(Resident.register_no).limit(count)
        ).all()
    stamp = datetime.now(UTC)
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


# ---------------------------------------------------------------- the desk (a child process)


def new_desk(desk_dir: Path) -> Any:
    from argon2 import PasswordHasher

    from app import bootstrap
    from app.store.keys import DemoFileKeyring, KeyringKeyStore

    keys = KeyringKeyStore(DemoFileKeyring(desk_dir.parent / f"{desk_dir.name}-keyring.json"))
    engine = bootstrap.open_engine(desk_dir, keys, create=True)
    return bootstrap.build_desk(
        engine, keys=keys, data_dir=desk_dir, workstation="bench", hasher=PasswordHasher()
    )


def author_batches(desk: Any, staff_id: str, count: int) -> None:
    from app.domain.ids import new_id
    from app.store.orm_forms import FormBatch
    from app.store.unit_of_work import SqlAlchemyUnitOfWork, session_factory

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


def child_initial(args: argparse.Namespace) -> dict[str, Any]:
    """One initial sync into a new desk; then, if asked, the delta and the push."""
    from app.store.demo_seed import DEMO_STAFF

    desk_dir = Path(args.desk_dir)
    desk = new_desk(desk_dir)
    desk.enrollment.enroll(args.url, args.code, Path(args.ca_file).read_text(), "bench")
    before_mb = _status_mb("VmRSS:")
    started, cpu = time.perf_counter(), time.process_time()
    report = desk.sync.sync_now(None)
    figures: dict[str, Any] = {
        "seconds": time.perf_counter() - started,
        "cpu_s": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "before_mb": before_mb,
        "pulled": report.pulled,
        "files": sorted(p.name for p in desk_dir.iterdir()),
    }
    assert report.online, report.message
    with desk.engine.connect() as connection:
        figures["residents"] = connection.exec_driver_sql("SELECT count(*) FROM residents").scalar()
    if args.then_delta:
        change_residents(args.database_url, args.delta)
        started = time.perf_counter()
        report = desk.sync.sync_now(None)
        figures["delta_s"], figures["delta_rows"] = time.perf_counter() - started, report.pulled
        password = next(p for name, _, _, p in DEMO_STAFF if name == "clerk1")
        session = desk.auth.login("clerk1", password)
        author_batches(desk, session.staff_id, args.push)
        started = time.perf_counter()
        report = desk.sync.sync_now(session)
        figures["push_s"], figures["pushed"] = time.perf_counter() - started, report.pushed
        assert desk.sync.status().pending == 0, desk.sync.status()
    desk.close()
    return figures


def child_floor(args: argparse.Namespace) -> dict[str, Any]:
    """The raw floor: COPY the rows out of PostgreSQL, executemany them into SQLCipher."""
    import psycopg

    from app.sync.codec import codec

    desk_dir = Path(args.desk_dir)
    engine = new_desk(desk_dir).engine
    raw = engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("BEGIN")  # one transaction (the store's connections are in autocommit)
    copy_s = copy_cpu = insert_s = insert_cpu = 0.0
    rows = 0
    pg = psycopg.connect(args.database_url.replace("+psycopg", ""))
    for table in FLOOR_TABLES:
        columns = codec(table).columns
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.execute(f'CREATE TABLE "raw_{table}" ({names})')
        insert = f'INSERT INTO "raw_{table}" VALUES ({", ".join("?" for _ in columns)})'  # noqa: S608
        with pg.cursor() as source:
            clock = (time.perf_counter(), time.process_time())
            with source.copy(f"COPY {table} ({names}) TO STDOUT") as copy:
                batch: list[tuple[Any, ...]] = []
                for row in copy.rows():
                    batch.append(row)
                    if len(batch) == 20_000:
                        copy_s, copy_cpu = _lap(clock, copy_s, copy_cpu)
                        clock = (time.perf_counter(), time.process_time())
                        cursor.executemany(insert, batch)
                        insert_s, insert_cpu = _lap(clock, insert_s, insert_cpu)
                        rows += len(batch)
                        batch = []
                        clock = (time.perf_counter(), time.process_time())
            copy_s, copy_cpu = _lap(clock, copy_s, copy_cpu)
            clock = (time.perf_counter(), time.process_time())
            cursor.executemany(insert, batch)
            rows += len(batch)
            insert_s, insert_cpu = _lap(clock, insert_s, insert_cpu)
    clock = (time.perf_counter(), time.process_time())
    cursor.execute("COMMIT")
    insert_s, insert_cpu = _lap(clock, insert_s, insert_cpu)
    pg.close()
    raw.close()
    engine.dispose()
    return {
        "copy_s": copy_s, "copy_cpu_s": copy_cpu, "insert_s": insert_s,
        "insert_cpu_s": insert_cpu, "rows": rows,
    }  # fmt: skip


def _lap(clock: tuple[float, float], seconds: float, cpu: float) -> tuple[float, float]:
    return seconds + time.perf_counter() - clock[0], cpu + time.process_time() - clock[1]


def in_child(mode: str, root: Path, options: list[str]) -> dict[str, Any]:
    """Run a child in a fresh desk folder (removed after); its figures as a dict."""
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        desk_dir = Path(scratch) / "desk"
        command = [sys.executable, __file__, "--child", mode, "--desk-dir", str(desk_dir)]
        done = subprocess.run(
            command + options, capture_output=True, text=True, check=False, timeout=1800
        )
    if done.returncode != 0:
        raise SystemExit(f"bench child ({mode}) failed:\n{done.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# ---------------------------------------------------------------- the parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=DEFAULT_RESIDENTS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delta", type=int, default=10_000)
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", choices=("initial", "floor"), help=argparse.SUPPRESS)
    for hidden in ("--desk-dir", "--url", "--code", "--ca-file", "--database-url"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--then-delta", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = child_initial(args) if args.child == "initial" else child_floor(args)
        print(json.dumps(figures))
        return 0
    harness.start("sync", seconds=900 + 420 * args.runs)
    from pydantic import SecretStr

    from server.config import ServerSettings, write_signing_key

    with tempfile.TemporaryDirectory(prefix="kenshin-bench-sync-") as scratch:
        root = Path(scratch)
        key_file = root / "signing-key.pem"
        write_signing_key(key_file)
        url = url_of(args.residents)
        settings = ServerSettings(
            database_url=url,
            data_dir=root / "server",
            signing_key_file=key_file,
            token_pepper=SecretStr(secrets.token_urlsafe(32)),
        )
        ensure_database(args.residents, args.rebuild, settings)
        process, base, ca_pem = start_server(settings, root / "tls", url)
        try:
            (root / "ca.pem").write_text(ca_pem)
            return run(root, process, base, settings, args)
        finally:
            process.terminate()
            process.wait(timeout=30)


def run(
    root: Path,
    process: subprocess.Popen[bytes],
    base: str,
    settings: Any,
    args: argparse.Namespace,
) -> int:
    url = url_of(args.residents)
    common = ["--url", base, "--ca-file", str(root / "ca.pem"), "--database-url", url]
    common += ["--delta", str(args.delta), "--push", str(args.push)]
    runs: list[dict[str, Any]] = []
    for number in range(args.runs):
        code = enrollment_code(settings)
        server = [process.pid, *backends(args.residents)]
        server_cpu = cpu_of(server)
        last = ["--then-delta"] if number == args.runs - 1 else []
        figures = in_child("initial", root, [*common, "--code", code, *last])
        figures["server_cpu_s"] = cpu_of(server) - server_cpu
        runs.append(figures)
        print(
            f"run {number + 1}: {figures['residents']:,} residents in {figures['seconds']:.1f} s"
            f" ({figures['pulled']:,} rows); CPU: desk {figures['cpu_s']:.1f} s,"
            f" server + PostgreSQL {figures['server_cpu_s']:.1f} s; desk peak RSS"
            f" {figures['peak_mb']:.0f} MB ({figures['before_mb']:.0f} MB before the sync);"
            f" desk folder: {' '.join(figures['files'])}",
            flush=True,
        )
    floor = in_child("floor", root, common)
    initial = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_s"] for r in runs)
    server_cpu = statistics.median(r["server_cpu_s"] for r in runs)
    peak = statistics.median(r["peak_mb"] for r in runs)
    floor_s = floor["copy_s"] + floor["insert_s"]
    floor_cpu = floor["copy_cpu_s"] + floor["insert_cpu_s"]
    print(f"initial: {[round(r['seconds'], 1) for r in runs]} s")
    print(f"desk CPU: {[round(r['cpu_s'], 1) for r in runs]} s")
    print(f"server + PostgreSQL CPU: {[round(r['server_cpu_s'], 1) for r in runs]} s")
    print(f"desk peak RSS: {[round(r['peak_mb']) for r in runs]} MB")
    harness.floor(
        "COPY out of PostgreSQL + executemany into SQLCipher (no index)",
        seconds=floor_s,
        cpu_seconds=floor_cpu,
        copy_s=floor["copy_s"],
        insert_s=floor["insert_s"],
        rows=floor["rows"],
    )
    last = runs[-1]
    print(
        f"initial: {initial:.1f} s = {initial / floor_s:.1f}× the floor"
        f" (target ≤ {TARGET_S:.0f} s);"
        f" desk CPU {cpu:.1f} s = {cpu / floor_cpu:.1f}× the floor's;"
        f" peak {peak:.0f} MB (target ≤ {TARGET_MB:.0f} MB)"
    )
    print(f"delta: {last['delta_rows']:,} changes in {last['delta_s']:.2f} s (target ≤ 5 s)")
    print(f"push: {last['pushed']:,} records in {last['push_s']:.2f} s (target ≤ 10 s)")
    harness.finish(
        "sync",
        initial_s=round(initial, 1),
        initial_cpu_s=round(cpu, 1),
        server_cpu_s=round(server_cpu, 1),
        peak_mb=round(peak),
        floor_s=round(floor_s, 1),
        floor_cpu_s=round(floor_cpu, 1),
        delta_s=round(last["delta_s"], 2),
        push_s=round(last["push_s"], 2),
        residents=last["residents"],
        runs=args.runs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
