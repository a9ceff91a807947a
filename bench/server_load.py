"""Server load: 50 workstations pulling and pushing at once, two server processes, one PostgreSQL.

    .venv/bin/python bench/server_load.py [--runs 5] [--seconds 60] [--floor-seconds 20]
        [--workstations 50] [--residents 50000] [--processes 5] [--servers 2]
        [--server-root DIR] [--pg postgresql+psycopg://postgres@127.0.0.1:5432]

A fresh database (`--database`, dropped first and at the end) is migrated and seeded by the
server's own code (roles, programs, settings, the demo staff, a synthetic register loaded with
server.bulk). A CA and server certificate (server.tls), a signing key and a token pepper go in a
temporary folder; `--servers` real `healthdesk-server` processes share the database, and the
workstations are spread over their ports round-robin (standing in for a load balancer).

Each workstation enrols with a one-time code, pins the CA, has a clerk log in (argon2id, before
the timed window) and takes its starting cursors from a snapshot, as a new desk does. For
`--seconds`, every desk then loops like a real one: pull `records` from its cursor (every few
rounds `residents` too), push 1-5 new 受付束 (form_batch) records with their audit events, and
wait a think time. The desks run as threads in several processes (so the client side is not the
bottleneck; the servers and PostgreSQL share the same CPUs).

An error is anything but a 2xx whose push results are all applied/already_applied (and a pull
page whose count or hash does not match). After the window every desk pulls to the end and must
have seen every record of its ward: a cursor that skipped a change would show here.

The desks are enrolled once; each of `--runs` runs is a floor window and then a load window,
so the two share the same minutes. The floor is the p95 of a bare request under the same load
shape: the same desks, threads, processes and think times, every request a GET /healthz (no SQL,
no credential) on the same servers. The target (p95 of every pull and push ≤ 150 ms) is met
by the median p95 of the runs; the single runs are printed beside it. `--server-root` runs the
servers from another checkout (a git worktree of the code before a change) on the same
database schema, to compare old and new code in the same minutes.

Exit status 1 if there was an error or a skipped change in any run (0 errors is asserted).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.audit_chain import GENESIS, event_hash
from app.domain.ids import new_id
from app.sync import wire
from app.sync.transport import ServerBusy, ServerClient
from bench import harness

ROOT = Path(__file__).resolve().parents[1]
P95_TARGET_MS = 150.0
KINDS = ("pull", "push", "bare")
T = TypeVar("T")
WORKERS: list[Any] = []  # the live client processes, ended by the watchdog too


@dataclass(frozen=True)
class Desk:
    """An enrolled workstation with a clerk logged in, as handed to a load process."""

    index: int
    url: str
    name: str
    ward: str | None
    device_token: str
    staff_token: str
    staff_id: str
    cursors: dict[str, str]
    # Carried from one run to the next, as a desk keeps them: the head of its audit chain, and
    # what it has not sent yet.
    chain: tuple[int, str] = (0, GENESIS)
    outbox: tuple[wire.PushRecord, ...] = ()
    events: tuple[wire.AuditEventWire, ...] = ()


@dataclass(frozen=True)
class Plan:
    seconds: float
    think: tuple[float, float]
    residents_every: int
    max_batch: int
    bare: bool = False  # the floor: every request a GET /healthz, same desks and think times


# ---------------------------------------------------------------- one desk (a thread)


@dataclass
class DeskRun:
    desk: Desk
    ca_pem: str
    plan: Plan
    latency: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    applied: int = 0
    outbox: list[wire.PushRecord] = field(default_factory=list)
    events: list[wire.AuditEventWire] = field(default_factory=list)
    chain: tuple[int, str] = (0, GENESIS)  # the local head of the audit chain

    def __post_init__(self) -> None:
        self.client = ServerClient(self.desk.url, self.ca_pem, device_token=self.desk.device_token)
        self.cursors = dict(self.desk.cursors)
        self.chain = self.desk.chain
        self.outbox, self.events = list(self.desk.outbox), list(self.desk.events)
        self.rng = random.Random(self.desk.index)

    def run(self, start: float, barrier: Any) -> None:
        deadline = start + self.plan.seconds
        _sleep_until(start + self.rng.uniform(0, self.plan.think[1]))  # desks out of step
        rounds = 0
        while self.plan.bare and time.time() < deadline:
            # The same requests a round as below, each a bare GET /healthz.
            for _ in range(2 + (rounds % self.plan.residents_every == 0)):
                if time.time() < deadline:
                    self.timed("bare", self.healthz)
            rounds += 1
            _sleep_until(min(deadline, time.time() + self.rng.uniform(*self.plan.think)))
        if self.plan.bare:
            self.client.close()
            return
        while time.time() < deadline:
            self.pull("records", timed=True)
            if rounds % self.plan.residents_every == 0 and time.time() < deadline:
                self.pull("residents", timed=True)
            if time.time() < deadline:
                self.push()
            rounds += 1
            _sleep_until(min(deadline, time.time() + self.rng.uniform(*self.plan.think)))
        try:
            barrier.wait(timeout=120)  # every desk has pushed its last record
        except threading.BrokenBarrierError:
            self.errors.append("drain: barrier broken (a desk did not finish)")
        self.pull("records", timed=False)
        self.client.close()

    def timed(self, kind: str, call: Callable[[], T], *, timed: bool = True) -> T | None:
        started = time.perf_counter()
        try:
            return call()
        except Exception as exc:
            self.errors.append(f"{kind}: {_describe(exc)}")
            return None
        finally:
            if timed:
                self.latency[kind].append((time.perf_counter() - started) * 1000)

    def healthz(self) -> None:
        if not self.client.healthz():
            raise RuntimeError("GET /healthz did not answer 200")

    def pull(self, stream: str, *, timed: bool) -> None:
        while True:
            cursor = self.cursors[stream]
            page = self.timed("pull", lambda c=cursor: self.client.pull(stream, c), timed=timed)
            if page is None:
                return
            if page.count != len(page.changes) or page.hash != wire.page_hash(page.changes):
                self.errors.append(f"pull: {stream} page count/hash mismatch")
                return
            if stream == "records":
                self.seen.update(c.id for c in page.changes if c.op == "upsert")
            self.cursors[stream] = page.cursor
            if not page.has_more:
                return

    def push(self) -> None:
        for _ in range(self.rng.randint(1, self.plan.max_batch)):
            self.new_batch()
        request = wire.PushRequest(
            records=self.outbox[: wire.PUSH_MAX_RECORDS], audit=self.events[:1000]
        )
        token = self.desk.staff_token
        response = self.timed("push", lambda: self.client.push(token, request))
        if response is None:
            return  # kept in the outbox: the next push sends them again
        sent = {record.id for record in request.records}
        self.outbox = [record for record in self.outbox if record.id not in sent]
        self.events = [event for event in self.events if event.seq > response.audit_seq]
        if [result.id for result in response.results] != [r.id for r in request.records]:
            self.errors.append("push: results do not match the records sent")
        for result in response.results:
            if result.status == "applied":
                self.applied += 1
            elif result.status != "already_applied":
                self.errors.append(f"push: {result.status} {result.message}")
        if request.audit and response.audit_seq != request.audit[-1].seq:
            self.errors.append(f"push: audit checkpoint {response.audit_seq}, not the last sent")

    def new_batch(self) -> None:
        """A clinic's monthly batch received at the counter (受付), and its audit event."""
        record_id = new_id()
        now = datetime.now(UTC)
        data = {
            "id": record_id,
            "version": 1,
            "updated_at": now.isoformat(),
            "program_code": "colorectal",
            "clinic_code": "1312345678",
            "month": "2026-06",
            "received_count": 3,
            "received_on": date(2026, 7, self.rng.randint(1, 28)).isoformat(),
            "created_by": self.desk.staff_id,
        }
        self.outbox.append(
            wire.PushRecord(id=record_id, kind="form_batch", base_version=0, data=data)
        )
        seq, prev = self.chain[0] + 1, self.chain[1]
        fields: dict[str, Any] = {
            "seq": seq,
            "id": new_id(),
            "at": now.isoformat(timespec="seconds"),
            "staff_id": self.desk.staff_id,
            "workstation": self.desk.name,
            "action": "batch_create",
            "record_kind": "form_batch",
            "record_id": record_id,
            "outcome": "success",
            "detail": "",
        }
        digest = event_hash(fields, prev)
        self.events.append(wire.AuditEventWire(**fields, prev_hash=prev, hash=digest))
        self.chain = (seq, digest)


def _describe(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    status = getattr(exc, "status", None)
    cause = f" ({type(exc.__cause__).__name__})" if exc.__cause__ is not None else ""
    head = " ".join(str(part) for part in (status, code) if part)
    return f"{type(exc).__name__} {head} {exc}{cause}".strip()


def _sleep_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)


def load_process(
    desks: list[Desk],
    ca_pem: str,
    plan: Plan,
    ready: Any,
    go: Any,
    start: Any,
    barrier: Any,
    results: Any,
) -> None:
    """One client process: a thread per desk, all starting at the shared `start`."""
    runs = [DeskRun(desk, ca_pem, plan) for desk in desks]
    ready.put(len(runs))
    go.wait()
    threads = [
        threading.Thread(target=run.run, args=(start.value, barrier), daemon=True) for run in runs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(
        [
            {
                "index": run.desk.index,
                "ward": run.desk.ward,
                "latency": run.latency,
                "errors": run.errors,
                "seen": len(run.seen),
                "applied": run.applied,
                "cursors": run.cursors,
                "chain": run.chain,
                "outbox": run.outbox,
                "events": run.events,
            }
            for run in runs
        ]
    )


# ---------------------------------------------------------------- the database and the servers


@contextmanager
def database(pg: str, name: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise SystemExit(f"not a plain database name: {name}")
    admin = create_engine(f"{pg}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{pg}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def prepare(url: str, folder: Path, residents: int, desks: int, wards: bool) -> dict[str, Any]:
    """Secrets, TLS files, the migrated and seeded database, and one enrollment code per desk."""
    from pydantic import SecretStr
    from sqlalchemy import text

    from app.domain.synthetic import WARDS
    from server.app import create_app
    from server.bulk import load_residents
    from server.config import ServerSettings, write_signing_key
    from server.reference import seed_demo_staff
    from server.routes_admin import issue_enrollment_code
    from server.tls import write_demo_tls

    pepper = secrets.token_urlsafe(32)
    key_file = folder / "signing-key.pem"
    write_signing_key(key_file)
    tls = write_demo_tls(folder / "tls", hosts=("127.0.0.1", "localhost"))
    settings = ServerSettings(
        database_url=url, signing_key_file=key_file, token_pepper=SecretStr(pepper)
    )
    started = time.perf_counter()
    app = create_app(settings)  # migrates to head and adds roles, programs, settings
    context, engine = app.state.context, app.state.engine
    with context.sessions.begin() as session:
        seed_demo_staff(session, context.hasher, context.now())
    load_residents(engine, residents)
    codes: list[tuple[str, str | None]] = []
    with context.sessions.begin() as session:
        for index in range(desks):
            ward = WARDS[index % len(WARDS)] if wards else None
            body = wire.EnrollmentCodeCreate(workstation_name=f"bench-{index + 1:02d}", ward=ward)
            code, _ = issue_enrollment_code(
                session, context.pepper, body, context.now(), settings.enrollment_code_hours
            )
            codes.append((code, ward))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()
    print(f"database ready: {residents:,} residents in {time.perf_counter() - started:.1f} s")
    env = {
        "KENSHIN_SERVER_TOKEN_PEPPER": pepper,
        "KENSHIN_SERVER_SIGNING_KEY_FILE": str(key_file),
    }
    return {"tls": tls, "env": env, "codes": codes}


def start_servers(
    url: str,
    folder: Path,
    tls: Any,
    env: dict[str, str],
    count: int,
    servers: list[Any],
    root: Path = ROOT,
) -> None:
    """`count` server processes of the checkout `root`, added to `servers` as they start (so a
    failed start is still stopped by the caller), each answering /healthz before this returns."""
    command = [sys.executable, "-m", "server.cli"]  # healthdesk-server, from `root`
    for number in range(count):
        ready = folder / f"ready-{number}.json"
        log = (folder / f"server-{number}.log").open("wb")
        args = ["--database-url", url, "--host", "127.0.0.1", "--port", "0"]
        args += ["--tls-cert", str(tls.cert_file), "--tls-key", str(tls.key_file)]
        process = subprocess.Popen(
            [*command, *args, "--ready-file", str(ready)],
            cwd=root,
            env={**os.environ, **env, "PYTHONPATH": str(root)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        servers.append({"process": process, "ready": ready, "log": folder / f"server-{number}.log"})
    for server in servers:
        server["url"] = _wait_ready(server, tls.ca_pem)


def _wait_ready(server: dict[str, Any], ca_pem: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    url = None
    while time.monotonic() < deadline:
        if server["process"].poll() is not None:
            tail = server["log"].read_text(encoding="utf-8", errors="replace")[-3000:]
            raise SystemExit(f"a server process ended at start:\n{tail}")
        if url is None and server["ready"].is_file() and server["ready"].stat().st_size:
            url = json.loads(server["ready"].read_text(encoding="utf-8"))["url"]
        if url is not None:
            client = ServerClient(url, ca_pem)
            try:
                if client.healthz():
                    return str(url)
            finally:
                client.close()
        time.sleep(0.2)
    raise SystemExit("a server did not answer /healthz in time")


def stop_servers(servers: list[dict[str, Any]]) -> None:
    for server in servers:
        if server["process"].poll() is None:
            server["process"].send_signal(signal.SIGTERM)
    for server in servers:
        try:
            server["process"].wait(15)
        except subprocess.TimeoutExpired:
            server["process"].kill()
            server["process"].wait(5)


def enroll_all(urls: list[str], ca_pem: str, codes: list[tuple[str, str | None]]) -> list[Desk]:
    """Enrol every desk on its server (round-robin), log a clerk in, take the starting cursors."""
    from app.domain.policy import Role
    from app.domain.synthetic import DEMO_STAFF

    clerks = [(login, password) for login, _, roles, password in DEMO_STAFF if Role.CLERK in roles]
    retried: list[str] = []

    def one(index: int) -> Desk:
        code, ward = codes[index]
        url, name = urls[index % len(urls)], f"bench-{index + 1:02d}"
        client = ServerClient(url, ca_pem)
        try:
            enrolled = client.enroll(code, name)
            client.device_token = enrolled.device_token
            login = _login(client, *clerks[index % len(clerks)], retried)
            cursors = {
                stream: client.snapshot(stream, after=None, cursor=None, limit=1).cursor
                for stream in ("records", "residents")
            }
        finally:
            client.close()
        return Desk(
            index,
            url,
            name,
            ward,
            enrolled.device_token,
            login.staff_token,
            login.staff_id,
            cursors,
        )

    with ThreadPoolExecutor(8) as pool:
        desks = list(pool.map(one, range(len(codes))))
    if retried:
        print(f"setup: {len(retried)} logins answered 5xx and were retried as a desk does")
    return desks


def _login(client: ServerClient, login_id: str, password: str, retried: list[str]) -> Any:
    """A login, retried after a 5xx like the desk's sync engine does (the timed window
    counts every 5xx as an error; these logins are before it)."""
    for attempt in range(4):
        try:
            return client.login(login_id, password)
        except ServerBusy:
            if attempt == 3:
                raise
            retried.append(login_id)
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- the timed window


def run_load(
    desks: list[Desk], ca_pem: str, plan: Plan, processes: int, pids: list[int]
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    ctx = multiprocessing.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    start, barrier = ctx.Value("d", 0.0), ctx.Barrier(len(desks))
    shares = [desks[number::processes] for number in range(processes)]
    workers = [
        ctx.Process(
            target=load_process, args=(share, ca_pem, plan, ready, go, start, barrier, results)
        )
        for share in shares
        if share
    ]
    for worker in workers:
        worker.start()
        WORKERS.append(worker)
    for _ in workers:
        ready.get(timeout=120)
    start.value = time.time() + 0.5
    go.set()
    groups = {"servers": pids, "clients": [os.getpid(), *(w.pid for w in workers if w.pid)]}
    _sleep_until(start.value)
    before = _cpu(groups)
    _sleep_until(start.value + plan.seconds)
    after = _cpu(groups)
    collected: list[dict[str, Any]] = []
    for _ in workers:
        collected.extend(results.get(timeout=300))
    _stop_workers(wait=30)
    cpu = {name: after[name] - before[name] for name in before}
    return collected, cpu


def _stop_workers(wait: float = 0) -> None:
    """Join the client processes of a window (ended by then, given `wait` seconds), ending
    any that hang on (at once when the bench is stopped)."""
    while WORKERS:
        worker = WORKERS.pop()
        worker.join(wait)
        if worker.is_alive():
            worker.terminate()
            worker.join(5)


def _cpu(groups: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds of each group of processes, of PostgreSQL (every `postgres` process) and of
    the whole machine (busy, total), from /proc (Linux; empty elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        out = {name: sum(_process_cpu(pid) for pid in pids) / tick for name, pids in groups.items()}
        postgres = [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _comm(entry) == "postgres"
        ]
        out["postgres"] = sum(_process_cpu(pid) for pid in postgres) / tick
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        out["machine_total"] = sum(values) / tick
        out["machine_idle"] = (values[3] + values[4]) / tick
    except (OSError, IndexError, ValueError):
        return {}
    return out


def _comm(entry: Path) -> str:
    try:
        return (entry / "comm").read_text().strip()
    except OSError:
        return ""


def _process_cpu(pid: int) -> int:
    """utime + stime of a process in clock ticks (0 once it has gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(stat[11]) + int(stat[12])


# ---------------------------------------------------------------- report


def percentile(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass(frozen=True)
class Window:
    """What one timed window gave: its p95 over every request, and what went wrong."""

    p95: float
    requests: int
    errors: int
    skipped: int
    server_cpu: float  # server processes' CPU seconds in the window


def report(
    collected: list[dict[str, Any]],
    before: dict[Any, int],
    after: dict[Any, int],
    plan: Plan,
    cpu: dict[str, float],
) -> Window:
    """Print the figures of one window. `before` and `after` are the records of each ward on
    the server at its start and end: each desk must have seen the new ones of its ward."""
    kinds = ("bare",) if plan.bare else ("pull", "push")
    by_kind = {kind: [ms for desk in collected for ms in desk["latency"][kind]] for kind in kinds}
    everything = [ms for values in by_kind.values() for ms in values]
    errors = [message for desk in collected for message in desk["errors"]]
    server_cpu = cpu.get("servers", 0.0)
    for kind, values in (*by_kind.items(), ("all", everything)):
        line = " ".join(f"p{p}={percentile(values, p):7.1f}" for p in (50, 95, 99))
        top = max(values, default=0.0)
        print(f"  {kind:>4}: {len(values):6d} requests  {line}  max={top:7.1f} ms")
    per_request = server_cpu / len(everything) * 1000 if everything else 0.0
    print(
        f"  throughput: {len(everything) / plan.seconds:.1f} requests/s; "
        f"server CPU {per_request:.2f} ms a request"
    )
    skipped = 0
    if not plan.bare:
        pushed = sum(desk["applied"] for desk in collected)
        new = {ward: count - before.get(ward, 0) for ward, count in after.items()}
        total = sum(new.values())
        print(f"  pushed: {pushed / plan.seconds:.1f} records/s ({pushed} applied, {total} new)")
        for desk in collected:
            expected = total if desk["ward"] is None else new.get(desk["ward"], 0)
            skipped += max(0, expected - desk["seen"])
        skipped += abs(pushed - total)
        print(f"  pull completeness: {skipped} records missed by the desks (must be 0)")
    if errors:
        print(f"  errors: {len(errors)}; first ones:")
        for message in errors[:10]:
            print(f"    {message[:300]}")
    return Window(percentile(everything, 95), len(everything), len(errors), skipped, server_cpu)


def ward_counts(url: str) -> dict[Any, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT ward, count(*) FROM records GROUP BY ward"))
            return {ward: int(count) for ward, count in rows}
    finally:
        engine.dispose()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="floor + load windows")
    parser.add_argument("--seconds", type=float, default=60, help="each load window")
    parser.add_argument("--floor-seconds", type=float, default=20, help="each floor window")
    parser.add_argument("--workstations", type=int, default=50)
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=5, help="client processes")
    parser.add_argument("--servers", type=int, default=2, help="server processes")
    parser.add_argument("--server-root", type=Path, default=ROOT, help="checkout of the servers")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.0), metavar=("MIN", "MAX"))
    parser.add_argument("--residents-every", type=int, default=5, help="rounds between pulls")
    parser.add_argument("--max-batch", type=int, default=5, help="most records in one push")
    parser.add_argument("--all-wards", action="store_true", help="desks see every ward")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="kenshin_bench_load")
    args = parser.parse_args()
    if args.runs < 1 or args.seconds <= 0 or args.floor_seconds <= 0:
        parser.error("--runs, --seconds and --floor-seconds must be positive")
    if not (args.server_root / "server" / "cli.py").is_file():
        parser.error(f"--server-root {args.server_root}: no server/cli.py there")
    return args


def main() -> int:
    args = _arguments()
    # Setup (a 50,000-resident register, 50 argon2 logins) takes a minute or two; each run its
    # two windows, the drain (barrier ≤ 120 s) and the collection.
    window = args.floor_seconds + args.seconds + 150
    harness.start("server_load", seconds=600 + args.runs * window)
    plan = Plan(args.seconds, tuple(args.think), args.residents_every, args.max_batch)
    folder = Path(tempfile.mkdtemp(prefix="kenshin-bench-load-"))
    servers: list[dict[str, Any]] = []
    harness.on_exit(lambda: shutil.rmtree(folder, ignore_errors=True))
    harness.on_exit(lambda: stop_servers(servers))
    harness.on_exit(_stop_workers)
    try:
        with database(args.pg, args.database) as url:
            try:
                return _bench(args, url, folder, plan, servers)
            except BaseException:
                _print_logs(servers)
                raise
            finally:
                _stop_workers()
                stop_servers(servers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bench(
    args: argparse.Namespace, url: str, folder: Path, plan: Plan, servers: list[dict[str, Any]]
) -> int:
    ready = prepare(url, folder, args.residents, args.workstations, not args.all_wards)
    ca_pem = ready["tls"].ca_pem
    start_servers(url, folder, ready["tls"], ready["env"], args.servers, servers, args.server_root)
    urls = [server["url"] for server in servers]
    root = "" if args.server_root == ROOT else f" from {args.server_root}"
    print(f"servers{root}: {', '.join(urls)} (one database)")
    started = time.perf_counter()
    desks = enroll_all(urls, ca_pem, ready["codes"])
    print(f"{len(desks)} desks enrolled, clerks logged in: {time.perf_counter() - started:.1f} s")
    pids = [server["process"].pid for server in servers]
    print(
        f"each run: floor {args.floor_seconds:.0f} s (GET /healthz) then load {args.seconds:.0f} s;"
        f" {len(desks)} desks in {args.processes} processes, think {plan.think[0]}-"
        f"{plan.think[1]} s, 1-{plan.max_batch} records a push"
    )
    floors: list[Window] = []
    loads: list[Window] = []
    for number in range(1, args.runs + 1):
        bare = replace(plan, seconds=args.floor_seconds, bare=True)
        print(f"run {number}/{args.runs}, floor: {harness.load()}")
        collected, cpu = run_load(desks, ca_pem, bare, args.processes, pids)
        floors.append(report(collected, {}, {}, bare, cpu))
        harness.floor("bare GET /healthz, same desks and pacing", p95_ms=floors[-1].p95)
        print(f"run {number}/{args.runs}, load: {harness.load()}")
        before = ward_counts(url)
        collected, cpu = run_load(desks, ca_pem, plan, args.processes, pids)
        _print_cpu(cpu, plan.seconds)
        loads.append(report(collected, before, ward_counts(url), plan, cpu))
        desks = _carried(desks, collected)
    return _summary(floors, loads)


def _carried(desks: list[Desk], collected: list[dict[str, Any]]) -> list[Desk]:
    """The desks as the run left them: cursors, audit chain and what is still unsent."""
    state = {desk["index"]: desk for desk in collected}
    return [
        replace(
            desk,
            cursors=state[desk.index]["cursors"],
            chain=state[desk.index]["chain"],
            outbox=tuple(state[desk.index]["outbox"]),
            events=tuple(state[desk.index]["events"]),
        )
        for desk in desks
    ]


def _summary(floors: list[Window], loads: list[Window]) -> int:
    p95 = statistics.median(w.p95 for w in loads)
    floor = statistics.median(w.p95 for w in floors)
    errors = sum(w.errors for w in (*floors, *loads))
    skipped = sum(w.skipped for w in loads)
    requests = sum(w.requests for w in loads)
    cpu = sum(w.server_cpu for w in loads) / requests * 1000 if requests else 0.0
    print(
        f"median p95 {p95:.1f} ms over {len(loads)} runs "
        f"({' '.join(f'{w.p95:.1f}' for w in loads)}); floor {floor:.1f} ms "
        f"({' '.join(f'{w.p95:.1f}' for w in floors)}); server CPU {cpu:.2f} ms a request"
    )
    verdict = "meets" if p95 <= P95_TARGET_MS and not errors and not skipped else "misses"
    print(f"{verdict} the target: p95 ≤ {P95_TARGET_MS:.0f} ms with 0 errors, 0 changes skipped")
    harness.finish(
        "server_load",
        p95_ms=p95,
        floor_p95_ms=floor,
        errors=errors,
        skipped=skipped,
        requests=requests,
        server_cpu_ms=cpu,
    )
    return 1 if errors or skipped else 0


def _print_logs(servers: list[dict[str, Any]]) -> None:
    """The end of each server's log, when the run failed before its report."""
    for server in servers:
        text = server["log"].read_text(encoding="utf-8", errors="replace")
        print(f"--- {server['log'].name} (last lines)", file=sys.stderr)
        print(text[-4000:], file=sys.stderr)


def _print_cpu(cpu: dict[str, float], seconds: float) -> None:
    """Cores used on average during the window: who shares the machine with the servers."""
    if not cpu or not cpu["machine_total"]:
        return
    cores = os.cpu_count() or 1
    busy = (1 - cpu["machine_idle"] / cpu["machine_total"]) * cores
    parts = ", ".join(
        f"{name} {cpu[name] / seconds:.2f}" for name in ("servers", "clients", "postgres")
    )
    print(f"  cpu (cores, window average): {parts}; machine {busy:.2f} of {cores} busy")


if __name__ == "__main__":
    sys.exit(main())
