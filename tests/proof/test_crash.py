"""Crash proof: a child keys forms (or applies sync pages) and is killed with SIGKILL at random
moments, again and again on the same store; after every kill the store opens as the app opens
it, both integrity checks are clean, every acknowledged commit is there exactly as acknowledged,
and nothing is half there. CI runs 30 kills of each kind; `-m slow` runs the full 200.

A failure names its seed: KENSHIN_CRASH_SEED=<seed> pytest tests/proof/test_crash.py -k …
replays the same plan, the same server and the same kill points (counted in commits and pages;
the milliseconds after them vary with the machine). KENSHIN_CRASH_RUNS sets the CI count.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text

from app.bootstrap import open_checked
from app.domain.audit_chain import verify_chain
from app.store.keys import KeyringKeyStore
from app.store.unit_of_work import SqlAlchemyUnitOfWork, session_factory
from app.sync import wire
from app.sync.pull import snapshot_name, staging_table
from tests.integration.sync.conftest import make_sync_desk
from tests.integration.sync.fake_server import FakeServer
from tests.proof.crash_child import (
    CrashServer,
    EntryPlan,
    add_generation,
    base_server,
    entry_plan,
    resident_rows,
    stored_digest,
)
from tests.support import MemoryKeyring, make_desk, self_signed_ca_pem

ROOT = Path(__file__).resolve().parents[2]
CI_RUNS = int(os.environ.get("KENSHIN_CRASH_RUNS", "30"))
FULL_RUNS = 200
# A kill comes a random 0–MS milliseconds after a random 0–N-th acknowledgement (or page of
# residents or records served) following "ready". Idle, two logins take 120 ms and an entry
# (2 drafts, submit) 100 ms; a sync round serves 11 such pages (of 20) in 300 ms.
ENTRY_KILL_ACKS, ENTRY_KILL_MS = 5, 100
SYNC_KILL_PAGES, SYNC_KILL_MS = 12, 60
WAIT_S = 60.0


def crash_seed() -> int:
    return int(os.environ.get("KENSHIN_CRASH_SEED") or random.SystemRandom().randrange(10**9))


def with_seed(seed: int, body: Callable[[], object]) -> None:
    try:
        body()
    except BaseException as error:
        error.add_note(f"crash proof seed: KENSHIN_CRASH_SEED={seed}")
        raise


# ---------------------------------------------------------------- the child


class Zygote:
    """The child program, started once; it forks a worker per run (see crash_child)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.proof.crash_child"],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.live: int | None = None  # a worker forked and not yet reaped
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(message, ensure_ascii=False) + "\n").encode())
        self.process.stdin.flush()

    def next(self) -> dict[str, Any]:
        try:
            message = self.lines.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError("the crash child stopped answering") from None
        if message is None:
            raise AssertionError("the crash child's zygote died")
        return message

    def run(self, kill: tuple[int, float] | None, **command: Any) -> Run:
        """Fork a worker. `kill=(n, ms)`: SIGKILL it `ms` after its n-th progress line (an
        acknowledged commit, or a sync page served) following "ready"; None: let it finish.
        Counting progress, not only time, keeps every run doing work on a loaded machine."""
        self.send({"cmd": "run", "kill": kill is not None, **command})
        run = Run()
        marks, extra_ms = kill or (0, 0.0)
        while run.pid is None or not (
            (run.ready and run.progress >= marks) or run.errors or run.exit
        ):
            run.take(self.next())
            self.live = run.pid
        if kill is not None and run.exit is None:
            if not run.errors:
                time.sleep(extra_ms / 1000)
            os.kill(run.pid, signal.SIGKILL)  # a worker in kill mode lingers, never exits alone
        while run.exit is None:
            run.take(self.next())
        self.live = None
        return run

    def close(self) -> None:
        if self.live is not None:  # a run that failed half-way: end its worker, if still there
            pending = []
            while not self.lines.empty():
                pending.append(self.lines.get_nowait())
            if not any(m and m.get("exit") == self.live for m in pending):
                os.kill(self.live, signal.SIGKILL)
        self.send({"cmd": "quit"})
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Run:
    pid: int | None = None
    ready: bool = False
    progress: int = 0
    last_mark: str = "none"
    exit: dict[str, Any] | None = None
    acks: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def take(self, message: dict[str, Any]) -> None:
        if "pid" in message:
            self.pid = message["pid"]
        elif "exit" in message:
            self.exit = message
        elif "ready" in message:
            self.ready = True
        elif "ack" in message:
            self.acks.append(message)
            self.progress += 1
        elif "mark" in message:
            self.progress += 1
            self.last_mark = message["mark"]
        elif "error" in message:
            self.errors.append(message["error"])

    def check(self, *, killed: bool) -> None:
        assert not self.errors, self.errors[0]
        if killed:
            assert self.exit and self.exit.get("signal") == signal.SIGKILL, self.exit
        else:
            assert self.exit and self.exit.get("code") == 0, self.exit


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    child = Zygote()
    yield child
    child.close()


def share_keys(zygote: Zygote, backend: MemoryKeyring) -> None:
    """The store key (and the device token) go to the child through its stdin pipe."""
    entries = [[service, user, secret] for (service, user), secret in backend.entries.items()]
    zygote.send({"cmd": "keys", "entries": entries})


# ---------------------------------------------------------------- after each kill


def reopen(data_dir: Path, keys: KeyringKeyStore) -> Engine:
    """As the app opens it: header checks, the full page check, migrations; then both integrity
    checks again on a connection of the engine."""
    engine, health = open_checked(data_dir, keys)
    health.wait()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
        assert connection.exec_driver_sql("PRAGMA cipher_integrity_check").all() == []
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    return engine


def audit_chain_intact(engine: Engine) -> None:
    work = SqlAlchemyUnitOfWork(
        session_factory(engine), workstation="check", now=lambda: datetime.now(UTC), read_only=True
    )
    with work as uow:
        report = verify_chain(uow.audit.events(), uow.audit.head())
    assert report.ok, report


def rows(connection: Connection, sql: str, **params: Any) -> list[Any]:
    return list(connection.execute(text(sql), params))


def columns_of(connection: Connection, table: str, columns: tuple[str, ...]) -> list[Any]:
    names = ", ".join(f'"{c}"' for c in columns)
    return rows(connection, f'SELECT {names} FROM "{table}"')  # noqa: S608 - our own names


# ---------------------------------------------------------------- double entry


@dataclass
class Keyed:
    """What the child acknowledged so far, across every run."""

    batches: dict[str, int] = field(default_factory=dict)
    entries: dict[str, str] = field(default_factory=dict)  # id -> digest
    drafts: dict[str, int] = field(default_factory=dict)  # id -> highest stage
    plans: dict[tuple[str, int], EntryPlan] = field(default_factory=dict)  # (form, entry no)
    digests: dict[str, str] = field(default_factory=dict)  # entry id -> its plan's digest

    def take(self, acks: list[dict[str, Any]]) -> None:
        for ack in acks:
            if ack["ack"] == "batch":
                self.batches[ack["id"]] = ack["forms"]
            elif ack["ack"] == "entry":
                self.entries[ack["id"]] = ack["digest"]
            elif ack["ack"] == "draft":
                self.drafts[ack["id"]] = max(ack["stage"], self.drafts.get(ack["id"], -1))


def check_entries(engine: Engine, seed: int, keyed: Keyed) -> Counter[str]:
    """Every acknowledged batch, draft and entry is there as acknowledged; every batch, form and
    entry found is whole: its forms, outbox rows and audit events all there or none."""
    with engine.connect() as connection:
        residents = resident_rows(connection)
        batches = dict(rows(connection, "SELECT id, received_count FROM form_batches"))
        forms = rows(
            connection,
            "SELECT id, batch_id, form_no, status, result_id, identity_problem FROM paper_forms",
        )
        entries = rows(
            connection,
            'SELECT id, form_id, entry_no, staff_id, status, identity, "values" FROM form_entries',
        )
        outbox = Counter(
            (kind, rid, op)
            for kind, rid, op in rows(
                connection, "SELECT record_kind, record_id, operation FROM outbox"
            )
        )
        audit = Counter(
            (action, rid)
            for action, rid in rows(connection, "SELECT action, record_id FROM audit_events")
        )
        results = {r[0] for r in rows(connection, "SELECT id FROM screening_results")}
        verified = [
            r[0]
            for r in rows(connection, "SELECT id FROM screening_results WHERE source = 'verified'")
        ]
        adjudicated = {r[0] for r in rows(connection, "SELECT form_id FROM adjudications")}
    assert set(keyed.batches) <= set(batches), "an acknowledged batch is missing"
    for batch_id, count in batches.items():
        numbers = sorted(f[2] for f in forms if f[1] == batch_id)
        assert numbers == list(range(1, count + 1)), f"batch {batch_id} has forms {numbers}"
        assert count == keyed.batches.get(batch_id, count)
        assert outbox[("form_batch", batch_id, "create")] == 1
        assert audit[("create", batch_id)] == 1
    by_form: dict[str, list[Any]] = {}
    states: Counter[str] = Counter()
    for entry_id, form_id, entry_no, _, status, identity, values in entries:
        by_form.setdefault(form_id, []).append((entry_no, status))
        plan = keyed.plans.get((form_id, entry_no))
        if plan is None:
            plan = keyed.plans[(form_id, entry_no)] = entry_plan(seed, form_id, entry_no, residents)
        identity, values = json.loads(identity), json.loads(values)
        submitted = status == "submitted"
        states[status] += 1
        assert audit[("entry_start", entry_id)] == 1
        assert audit[("entry_submit", entry_id)] == submitted, f"entry {entry_id} half submitted"
        assert outbox[("form_entry", entry_id, "submit")] == submitted
        if submitted:
            digest = keyed.digests.get(entry_id) or keyed.digests.setdefault(entry_id, plan.digest)
            assert stored_digest(identity, values) == digest, f"entry {entry_id} differs"
            assert keyed.entries.get(entry_id, digest) == digest, f"entry {entry_id} not as acked"
        else:
            assert status == "draft" and entry_id not in keyed.entries, f"lost {entry_id}"
            assert values in [{}, *plan.stages], f"draft {entry_id} is torn"
            stage = [{}, *plan.stages].index(values) - 1
            assert identity in ({}, plan.identity)
            assert stage >= keyed.drafts.get(entry_id, -1), f"draft {entry_id} went back"
    assert set(keyed.entries) <= {e[0] for e in entries}, "an acknowledged entry is missing"
    for form_id, batch_id, _, status, result_id, problem in forms:
        assert batch_id in batches
        assert outbox[("paper_form", form_id, "create")] == 1
        keyed_form = by_form.get(form_id, [])
        both = sorted(keyed_form) == [(1, "submitted"), (2, "submitted")]
        states[f"form {status}"] += 1
        if not both:
            assert status == "keying" and result_id is None, f"form {form_id} is {status}"
        elif status == "verified":
            assert result_id in results
            assert outbox[("screening_result", result_id, "create")] == 1
        else:
            assert status == "review" and (form_id in adjudicated or problem), form_id
    complete = {f for f, keyed_form in by_form.items() if len(keyed_form) == 2}
    assert adjudicated <= complete, "adjudications for a form not keyed twice"
    assert sorted(verified) == sorted(f[4] for f in forms if f[3] == "verified"), "a lone result"
    audit_chain_intact(engine)
    return states


def crash_while_keying(zygote: Zygote, root: Path, runs: int, seed: int) -> None:
    rng = random.Random(seed)
    backend = MemoryKeyring()
    keys = KeyringKeyStore(backend)
    data_dir = root / "entry"
    make_desk(data_dir, keys=keys, residents=30).close()
    share_keys(zygote, backend)
    keyed = Keyed()
    for run_no in range(runs):
        kill = (rng.randint(0, ENTRY_KILL_ACKS), rng.uniform(0, ENTRY_KILL_MS))
        run = zygote.run(kill, mode="entry", dir=str(data_dir), seed=seed, run=run_no)
        run.check(killed=True)
        keyed.take(run.acks)
        engine = reopen(data_dir, keys)
        try:
            check_entries(engine, seed, keyed)
        finally:
            engine.dispose()
    run = zygote.run(None, mode="entry", dir=str(data_dir), seed=seed, run=runs)
    run.check(killed=False)
    keyed.take(run.acks)
    engine = reopen(data_dir, keys)
    try:
        states = check_entries(engine, seed, keyed)
    finally:
        engine.dispose()
    assert states["draft"] == states["form keying"] == 0, states  # every form keyed twice
    print(f"keying, seed {seed}: {runs} kills, {len(keyed.entries)} entries acknowledged, {states}")
    assert len(keyed.entries) >= runs // 2, f"too few commits between kills: {states}"


# ---------------------------------------------------------------- sync pages


def ca_certificate_pem() -> str:
    return self_signed_ca_pem("Kenshin Crash CA")


RESIDENT = ("id", "version", "register_no", "kana", "address")
RECORDS = {
    "form_batch": ("form_batches", ("id", "version", "received_count", "created_by")),
    "paper_form": ("paper_forms", ("id", "version", "batch_id", "form_no")),
    "form_entry": ("form_entries", ("id", "version", "form_id", "entry_no", "values")),
}


def fingerprint(items: Any) -> frozenset[tuple[Any, ...]]:
    return frozenset(
        tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict) else v for v in item)
        for item in items
    )


@dataclass
class Replica:
    """The server's change log replayed: the exact desk state each cursor names."""

    server: CrashServer
    residents: dict[int, frozenset[tuple[Any, ...]]] = field(default_factory=dict)
    records: dict[int, frozenset[tuple[Any, ...]]] = field(default_factory=dict)
    people: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    kept: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    replayed: int = 0

    def extend(self, generation: int, seed: int) -> None:
        while self.server.generation < generation:
            add_generation(self.server, seed)
        for entry in self.server.log[self.replayed :]:
            row = self.server.history[entry.seq]
            if entry.stream == "residents":
                if row is None:
                    self.people.pop(entry.id, None)
                else:
                    self.people[entry.id] = tuple(row[c] for c in RESIDENT)
                self.residents[entry.seq] = fingerprint(self.people.values())
            elif entry.stream == "records":
                assert row is not None and entry.kind is not None
                self.kept[entry.id] = (entry.kind, *(row[c] for c in RECORDS[entry.kind][1]))
                self.records[entry.seq] = fingerprint(self.kept.values())
        self.replayed = len(self.server.log)

    def last(self, states: dict[int, Any], seq: int) -> int:
        return max((s for s in states if s <= seq), default=0)

    def at(self, states: dict[int, frozenset[tuple[Any, ...]]], seq: int) -> Any:
        before = [s for s in states if s <= seq]
        return states[max(before)] if before else frozenset()


def cursor_seq(text_cursor: str | None) -> int | None:
    return None if text_cursor is None else wire.decode_cursor(text_cursor)[2]


def desk_state(connection: Connection, table: str = "residents") -> tuple[Any, Any]:
    """The residents (or a staging copy of them) and the pulled records, as fingerprints."""
    people = fingerprint(columns_of(connection, table, RESIDENT))
    records = []
    for kind, (name, columns) in RECORDS.items():
        for row in columns_of(connection, name, columns):
            loaded = (
                json.loads(v) if c == "values" else v for c, v in zip(columns, row, strict=True)
            )
            records.append((kind, *loaded))
    return people, fingerprint(records)


@dataclass
class SyncSeen:
    """What the parent verified last, what the child acknowledged, and where kills landed."""

    residents_seq: int = 0
    records_seq: int = 0
    acked_gen: int = 0
    inside_a_round: int = 0  # a stream's cursor between two generations' ends
    landed: Counter[str] = field(default_factory=Counter)  # the last page served before a kill
    after_a_reset: int = 0  # the residents stream reset, its snapshot not yet begun
    inside_a_snapshot: int = 0  # whole snapshot pages staged, not yet swapped in


def check_sync(engine: Engine, replica: Replica, seen: SyncSeen) -> None:
    """Each stream's rows are exactly those its cursor names: a page and its cursor went in
    together or not at all. A snapshot under way holds whole pages and its resume point, and
    the stream's table is untouched until the swap. No acknowledged round is undone."""
    server = replica.server
    stage = staging_table("residents")
    with engine.connect() as connection:
        cursors = dict(rows(connection, "SELECT stream, cursor FROM sync_cursors"))
        people, records = desk_state(connection)
        held = connection.execute(text("SELECT count(*) FROM held_records")).scalar()
        find = "SELECT count(*) FROM sqlite_master WHERE name = :n"
        staging = connection.execute(text(find), {"n": stage}).scalar()
        staged = desk_state(connection, stage)[0] if staging else frozenset()
    assert held == 0, "a pulled record waits for a parent that came in an earlier page"
    audit_chain_intact(engine)
    acked_end = server.ends[seen.acked_gen]
    records_seq = cursor_seq(cursors.get("records"))
    assert records_seq is not None and records_seq >= seen.records_seq, "records went back"
    assert records_seq >= replica.last(replica.records, acked_end), "an acknowledged round lost"
    assert records == replica.at(replica.records, records_seq), "records differ from the cursor"
    seen.records_seq = records_seq
    ends = {replica.last(replica.records, end) for end in server.ends}
    residents_seq = cursor_seq(cursors.get("residents"))
    progress_text = cursors.get(snapshot_name("residents"))
    if residents_seq is not None:
        assert not staging and progress_text is None
        assert residents_seq >= seen.residents_seq, "residents went back"
        assert residents_seq >= replica.last(replica.residents, acked_end), "a round was lost"
        assert people == replica.at(replica.residents, residents_seq), "residents differ"
        seen.residents_seq = residents_seq
        ends |= {replica.last(replica.residents, end) for end in server.ends}
        seen.inside_a_round += not {records_seq, residents_seq} <= ends
        return
    # The stream was reset for a snapshot: its table is as an earlier cursor left it.
    earlier = max((s for s, state in replica.residents.items() if state == people), default=-1)
    assert earlier >= seen.residents_seq, "residents changed before the snapshot's swap"
    assert earlier >= replica.last(replica.residents, acked_end), "a round was lost"
    if progress_text is None:
        assert not staging, "a staging table without its resume point"
        seen.after_a_reset += 1
        return
    seen.inside_a_snapshot += 1
    progress = json.loads(progress_text)
    snapshot_seq = cursor_seq(progress["cursor"])
    assert snapshot_seq in server.ends, "a snapshot spans generations"
    whole = sorted(replica.at(replica.residents, snapshot_seq))[: progress["rows"]]
    assert staged == frozenset(whole), "the staged rows are not whole pages"
    assert progress["after"] == whole[-1][0], "the resume point is not the last staged row"


def crash_while_syncing(zygote: Zygote, root: Path, runs: int, seed: int) -> SyncSeen:
    rng = random.Random(seed)
    server = FakeServer()
    made = make_sync_desk(root, server, ca_certificate_pem(), residents=20)
    assert made.desk.sync.sync_now(None).online
    made.desk.close()
    base = [[entry.stream, server.tables[entry.stream][entry.id]] for entry in server.log]
    zygote.send({"cmd": "base", "rows": base})
    share_keys(zygote, made.backend)
    replica = Replica(base_server(base))
    seen = SyncSeen()
    start = 1
    for _ in range(runs):
        kill = (rng.randint(0, SYNC_KILL_PAGES), rng.uniform(0, SYNC_KILL_MS))
        run = zygote.run(kill, mode="sync", dir=str(made.data_dir), seed=seed, start=start)
        run.check(killed=True)
        seen.landed[run.last_mark] += 1
        for ack in run.acks:
            seen.acked_gen = max(seen.acked_gen, ack["gen"])
        start = max(start, seen.acked_gen + 1)
        replica.extend(start, seed)
        engine = reopen(made.data_dir, made.keys)
        try:
            check_sync(engine, replica, seen)
        finally:
            engine.dispose()
    stop = start + 1
    replica.extend(stop, seed)
    run = zygote.run(None, mode="sync", dir=str(made.data_dir), seed=seed, start=start, stop=stop)
    run.check(killed=False)
    seen.acked_gen = stop
    engine = reopen(made.data_dir, made.keys)
    try:
        check_sync(engine, replica, seen)
        with engine.connect() as connection:
            people, records = desk_state(connection)
    finally:
        engine.dispose()
    final = replica.server  # exactly the server's rows: none lost, none twice
    residents = final.tables["residents"].values()
    assert people == fingerprint(tuple(r[c] for c in RESIDENT) for r in residents)
    assert records == fingerprint(
        (r["kind"], *(r["data"][c] for c in RECORDS[r["kind"]][1])) for r in final.records.values()
    )
    print(f"sync pages, seed {seed}: {runs} kills, {seen}")
    return seen


# ---------------------------------------------------------------- the tests


def test_a_desk_killed_while_keying_keeps_every_acknowledged_entry_whole(
    zygote: Zygote, tmp_path: Path
) -> None:
    seed = crash_seed()
    with_seed(seed, lambda: crash_while_keying(zygote, tmp_path, CI_RUNS, seed))


def test_a_desk_killed_while_applying_sync_pages_keeps_pages_and_cursors_together(
    zygote: Zygote, tmp_path: Path
) -> None:
    seed = crash_seed()
    with_seed(seed, lambda: crash_while_syncing(zygote, tmp_path, CI_RUNS, seed))


@pytest.mark.slow
def test_200_kills_while_keying(zygote: Zygote, tmp_path: Path) -> None:
    seed = crash_seed()
    with_seed(seed, lambda: crash_while_keying(zygote, tmp_path, FULL_RUNS, seed))


@pytest.mark.slow
def test_200_kills_while_applying_sync_pages(zygote: Zygote, tmp_path: Path) -> None:
    seed = crash_seed()
    with_seed(seed, lambda: crash_while_syncing(zygote, tmp_path, FULL_RUNS, seed))
