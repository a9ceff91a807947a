"""The crash proof's child: keys forms or applies sync pages until it is killed with SIGKILL.

    python -m tests.proof.crash_child        (started by tests/proof/test_crash.py)

Importing the app takes a second and a half, too long to pay 200 times, so this process is a
zygote: it imports everything once, then forks one worker per run. Each worker opens the store
itself, as the app does (header, `cipher_integrity_check`, migrations), and works until the
parent kills it. The zygote writes `{"pid": …}` after each fork and `{"exit": …}` once the
worker is reaped, so every line the worker wrote before it died is read before that.

Commands come on stdin, one JSON object a line:
    {"cmd": "keys", "entries": [[service, user, secret], …]}   the store key (and device token)
    {"cmd": "base", "rows": [[stream, row], …]}                  the sync server's master data
    {"cmd": "run", "mode": "entry" | "sync", …}                   fork a worker
The store key travels only through this pipe, never a file or argv.

A worker writes one JSON line per event with a single `os.write`, after the commit it reports:
    {"ready": true}                                  the store is open (as the app opens it)
    {"ack": "batch", "id": …, "forms": n}            create_batch returned
    {"ack": "draft", "id": …, "stage": k}            save_draft of stage k returned
    {"ack": "entry", "id": …, "digest": …}           submit returned; digest of the stored values
    {"ack": "synced", "gen": g}                      a sync round caught up with generation g
    {"mark": stream}                                 a page of residents or records is served
    {"done": true} / {"error": traceback}
The parent kills a worker a random few milliseconds after a random n-th ack or mark.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import configure_mappers

from app.bootstrap import build_desk, open_engine
from app.domain import wareki
from app.domain.forms import get_form, validate
from app.domain.identity import canonical_identity
from app.services.dto import StaffSession
from app.store import migrate
from app.store.keys import KeyringKeyStore
from app.sync import wire
from tests.integration.sync.fake_server import FakeServer
from tests.support import PASSWORDS, MemoryKeyring, SettableClock, cheap_hasher

PROGRAM = "welfare_checkup"  # the largest real form: 17 values an entry
LINGER_S = 120.0  # a worker waiting to be killed gives up after this (the parent has gone)
SNAPSHOT_PAGE = 8
PAGE = 3  # change-log rows a page: many pages a round
STAMP = "2026-11-26T01:00:00.000000+00:00"
MARKED = ("residents", "records")  # the streams whose pages (and snapshot pages) change rows


STARTED = [time.monotonic()]


def emit(message: dict[str, Any]) -> None:
    """One line, one write(2): lines of the worker and the zygote never interleave. Each line
    carries the milliseconds since the worker was forked (for tuning the kill window)."""
    message["ms"] = round((time.monotonic() - STARTED[0]) * 1000)
    os.write(1, (json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))


# ---------------------------------------------------------------- double entry


@dataclass(frozen=True)
class EntryPlan:
    """What a clerk keys for one entry: drafts as the fields are filled, then the whole form."""

    identity: dict[str, str]
    stages: tuple[dict[str, str], ...]
    values: dict[str, str]

    @property
    def digest(self) -> str:
        return stored_digest(canonical_identity(self.identity), validate_values(self.values))


def validate_values(values: dict[str, str]) -> dict[str, str]:
    return validate(get_form(PROGRAM), values)


def stored_digest(identity: dict[str, Any], values: dict[str, Any]) -> str:
    """SHA-256 over an entry's identity block and values, as stored (canonical)."""
    blob = json.dumps([identity, values], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def resident_rows(connection: Connection) -> list[tuple[str, str, str, str, str]]:
    query = "SELECT id, kana, birth_date, sex, address FROM residents ORDER BY register_no"
    return [tuple(str(v) for v in row) for row in connection.execute(text(query))]  # type: ignore[misc]


def entry_plan(seed: int, form_id: str, entry_no: int, residents: list[Any]) -> EntryPlan:
    """Deterministic per (seed, form, entry): the parent recomputes it to judge what it finds.
    The second entry differs from the first in one value now and then (a form for review)."""
    form_rng = random.Random(f"{seed}:{form_id}")
    _, kana, born, sex, address = residents[form_rng.randrange(len(residents))]
    identity = {
        "kana": kana,
        "birth_date": wareki.format_short(date.fromisoformat(born)),
        "sex": "1" if sex == "M" else "2",
        "address": address.split("区", 1)[-1],
    }
    values = {
        "screening_date": "R8.6.10",
        "clinic_code": "1312345678",
        "first_time": form_rng.choice("12"),
        "height": f"{form_rng.uniform(140, 190):.1f}",
        "weight": f"{form_rng.uniform(40, 100):.1f}",
        "systolic_bp": str(form_rng.randint(95, 170)),
        "diastolic_bp": str(form_rng.randint(55, 100)),
        "hba1c": f"{form_rng.uniform(4.5, 8.0):.1f}",
        "ldl_cholesterol": str(form_rng.randint(60, 200)),
        "hdl_cholesterol": str(form_rng.randint(30, 90)),
        "triglycerides": str(form_rng.randint(40, 400)),
        "ast": str(form_rng.randint(10, 60)),
        "alt": str(form_rng.randint(10, 60)),
        "ggt": str(form_rng.randint(10, 120)),
        "creatinine": f"{form_rng.uniform(0.5, 1.3):.2f}",
        "judgement": form_rng.choice("12"),
        "comment": f"crash {form_id[-12:]} {entry_no}",
    }
    entry_rng = random.Random(f"{seed}:{form_id}:{entry_no}")
    if entry_no == 2 and entry_rng.random() < 0.25:
        values["systolic_bp"] = str(int(values["systolic_bp"]) + 1)  # a typo to adjudicate
    names = list(values)
    stages = tuple({n: values[n] for n in names[:cut]} for cut in (5, 11))
    return EntryPlan(identity, stages, values)


def unfinished(desk: Any, clerk: StaffSession) -> list[tuple[str, int, int]]:
    """(batch, form number, entry number) still to key, the first entry before the second."""
    todo = []
    for view in desk.entry.batches(clerk):
        first, second = set(view.missing_first), set(view.missing_second)
        for form_no in sorted(first | second):
            todo += [(view.id, form_no, n) for n, m in ((1, first), (2, second)) if form_no in m]
    return todo


def key_one(
    desk: Any, clerk: StaffSession, seed: int, residents: list[Any], work: tuple[str, int, int]
) -> None:
    batch_id, form_no, entry_no = work
    slot = desk.entry.open_form(clerk, batch_id=batch_id, form_no=form_no)
    if slot.entry_no != entry_no:
        raise AssertionError(f"form {form_no}: entry {slot.entry_no} opened, {entry_no} expected")
    plan = entry_plan(seed, slot.form_id, entry_no, residents)
    resumed = [{}, *plan.stages].index(slot.values)  # a killed run's draft goes on from there
    for stage, values in enumerate(plan.stages):
        if stage < resumed:
            continue
        desk.entry.save_draft(clerk, entry_id=slot.entry_id, identity=plan.identity, values=values)
        emit({"ack": "draft", "id": slot.entry_id, "stage": stage})
    desk.entry.submit(clerk, entry_id=slot.entry_id, identity=plan.identity, values=plan.values)
    emit({"ack": "entry", "id": slot.entry_id, "digest": plan.digest})


def entry_worker(data_dir: Path, keys: KeyringKeyStore, seed: int, run: int, finish: bool) -> None:
    """Key forms through the services until killed: first what a killed run left, then new
    batches. Between batches the engine is disposed (as at the app's exit), so the last
    connection's close checkpoints the WAL and a kill can land in a checkpoint too."""
    engine = open_engine(data_dir, keys)
    desk = build_desk(engine, hasher=cheap_hasher(), clock=SettableClock(), workstation="desk-1")
    emit({"ready": True})
    clerks = {n: desk.auth.login(i, PASSWORDS[i]) for n, i in ((1, "clerk1"), (2, "clerk2"))}
    with engine.connect() as connection:
        residents = resident_rows(connection)
    rng = random.Random(f"{seed}:run:{run}")
    todo = unfinished(desk, clerks[1])  # what killed runs left, found as a clerk finds it
    while True:
        for work in todo:
            key_one(desk, clerks[work[2]], seed, residents, work)
        if finish:
            return
        engine.dispose()
        forms = rng.randint(1, 4)
        batch_id = desk.entry.create_batch(
            clerks[1], program_code=PROGRAM, clinic_code="1312345678", month="2026-06",
            received_count=forms,
        )  # fmt: skip
        emit({"ack": "batch", "id": batch_id, "forms": forms})
        todo = [(batch_id, form_no, n) for form_no in range(1, forms + 1) for n in (1, 2)]


# ---------------------------------------------------------------- sync pages


@dataclass
class CrashServer(FakeServer):
    """The fake server, deterministic from a seed and a generation, serving each change-log
    entry with the row as it was at that entry (so a cursor names one exact state), and with
    its own compaction horizon for the residents stream (a desk behind it takes a snapshot)."""

    history: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    horizons: dict[str, int] = field(default_factory=dict)
    generation: int = 0
    ends: list[int] = field(default_factory=list)  # the last seq of each generation
    made: list[str] = field(default_factory=list)  # residents the generations added
    marks: bool = False  # in the worker: report pages of MARKED (the parent's kill clock)

    def _log(self, stream: str, op: str, row_id: str, kind: str | None) -> None:
        super()._log(stream, op, row_id, kind)
        row = self.records.get(row_id, {}).get("data") if stream == "records" else None
        if stream != "records":
            row = self.tables[stream].get(row_id)
        self.history[self.log[-1].seq] = copy.deepcopy(row) if op == "upsert" else None

    def handle(self, request: Any) -> Any:
        response = super().handle(request)
        stream = request.url.path.rsplit("/", 1)[-1]
        if self.marks and stream in MARKED:
            emit({"mark": stream})  # a page of rows on its way to the desk
        return response

    def _row(self, entry: Any) -> dict[str, Any] | None:
        return self.history.get(entry.seq)

    def _pull(self, stream: str, query: dict[str, str]) -> Any:
        horizon = self.horizons.get(stream)
        if horizon is not None and "cursor" in query:
            _, _, since = wire.decode_cursor(query["cursor"])
            if since < horizon:
                return self._error(409, "must_resnapshot")
        return super()._pull(stream, query)

    def _snapshot(self, request: Any, stream: str, query: dict[str, str]) -> Any:
        self.page_rows = SNAPSHOT_PAGE
        try:
            return super()._snapshot(request, stream, query)
        finally:
            self.page_rows = PAGE


def base_server(base: list[list[Any]]) -> CrashServer:
    """The server as the desk last saw it at enrolment: the same change log, seq for seq."""
    server = CrashServer(page_rows=PAGE)
    for stream, row in base:
        server.upsert(stream, row)
    server.ends.append(server.log[-1].seq)
    return server


def staff_id(server: FakeServer, login_id: str) -> str:
    return str(next(r["id"] for r in server.tables["staff"].values() if r["login_id"] == login_id))


def add_generation(server: CrashServer, seed: int) -> None:
    """The next generation of server changes: residents made, changed and deleted, and a batch
    of keyed forms from another desk with one older entry changed. Every fourth generation the
    residents log is compacted, so the desk rebuilds that stream from a snapshot."""
    server.generation += 1
    g = server.generation
    rng = random.Random(f"{seed}:gen:{g}")
    if g % 4 == 0:
        server.horizons["residents"] = server.log[-1].seq + 1
    residents = server.tables["residents"]
    template = residents[min(residents)]
    for i in range(5):
        number = g * 10 + i
        server.made.append(f"{g:08x}-0000-7000-8000-{i:012x}")
        server.upsert(
            "residents",
            {
                **template,
                "id": server.made[-1],
                "register_no": f"8{number:09d}",
                "my_number": None,
                "address": f"{template['address']}#{g}.{i}",
                "version": 1,
                "updated_at": STAMP,
            },
        )
    for i in range(5):
        row = residents[rng.choice(sorted(residents))]
        address = f"{row['address'].split('#')[0]}#{g}.u{i}"
        server.upsert("residents", {**row, "address": address, "version": row["version"] + 1})
    made = [r for r in server.made if r in residents]
    for gone in rng.sample(made, 4) if len(made) > 12 else ():
        server.delete("residents", gone)
    _add_records(server, rng, g)
    server.ends.append(server.log[-1].seq)


def _add_records(server: CrashServer, rng: random.Random, g: int) -> None:
    clerks = (staff_id(server, "clerk1"), staff_id(server, "clerk2"))
    batch = f"{g:08x}-0000-7000-9000-000000000000"
    server.put_record(
        "form_batch",
        {
            "id": batch,
            "updated_at": STAMP,
            "program_code": PROGRAM,
            "clinic_code": "1312345678",
            "month": "2026-06",
            "received_count": 3,
            "received_on": "2026-06-30",
            "created_by": clerks[0],
        },
    )
    for n in (1, 2, 3):
        form = f"{g:08x}-0000-7000-9001-{n:012x}"
        server.put_record(
            "paper_form",
            {
                "id": form,
                "updated_at": STAMP,
                "batch_id": batch,
                "form_no": n,
                "status": "keying",
                "resident_id": None,
                "identity_problem": None,
                "result_id": None,
            },
        )
        for entry_no in (1, 2):
            server.put_record(
                "form_entry",
                {
                    "id": f"{g:08x}-0000-7000-9002-{n * 2 + entry_no:012x}",
                    "updated_at": STAMP,
                    "form_id": form,
                    "entry_no": entry_no,
                    "staff_id": clerks[entry_no - 1],
                    "status": "submitted",
                    "identity": {"kana": "クラッシュ テスト", "sex": "F"},
                    "values": {"height": f"{rng.uniform(140, 190):.1f}", "weight": "55.0"},
                    "returned_fields": [],
                    "submitted_at": STAMP,
                },
            )
    entries = sorted(i for i, r in server.records.items() if r["kind"] == "form_entry")
    old = server.records[rng.choice(entries)]
    data = {**old["data"], "values": {**old["data"]["values"], "weight": f"{g}.5"}}
    server.put_record("form_entry", data, version=old["version"] + 1)


def sync_worker(
    data_dir: Path,
    keys: KeyringKeyStore,
    base: list[list[Any]],
    seed: int,
    start: int,
    stop: int | None,
) -> None:
    """Sync rounds (pull, as the desk does every 30 s) against a server that grows by one
    generation a round, from generation `start`, until killed or past `stop`."""
    server = base_server(base)
    while server.generation < start:
        add_generation(server, seed)
    server.marks = True
    engine = open_engine(data_dir, keys)
    desk = build_desk(
        engine,
        hasher=cheap_hasher(),
        clock=SettableClock(),
        workstation="desk-1",
        keys=keys,
        data_dir=data_dir,
        transport=server.transport,
    )
    emit({"ready": True})
    while True:
        report = desk.sync.sync_now(None)
        if not report.online:
            raise RuntimeError(f"sync round offline: {report.message}")
        emit({"ack": "synced", "gen": server.generation})
        if stop is not None and server.generation >= stop:
            return
        add_generation(server, seed)


# ---------------------------------------------------------------- zygote


def _worker(message: dict[str, Any], keys: KeyringKeyStore, base: list[list[Any]]) -> None:
    """The forked child: never returns, never runs the zygote's exit handlers."""
    status = 0
    try:
        data_dir = Path(message["dir"])
        if message["mode"] == "entry":
            entry_worker(data_dir, keys, message["seed"], message["run"], not message["kill"])
        else:
            sync_worker(
                data_dir, keys, base, message["seed"], message["start"], message.get("stop")
            )
        emit({"done": True})
    except BaseException:
        emit({"error": traceback.format_exc()})
        status = 1
    if message["kill"]:
        time.sleep(LINGER_S)  # the parent kills a live process, never a reused pid
    os._exit(status)


def _reap(pid: int) -> None:
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        emit({"exit": pid, "signal": os.WTERMSIG(status)})
    else:
        emit({"exit": pid, "code": os.waitstatus_to_exitcode(status)})


def warm_up() -> None:
    """What the app loads on first use, loaded once here instead of in every worker."""
    migrate.head_revision()  # imports Alembic's script reader
    configure_mappers()


def serve() -> None:
    warm_up()
    backend = MemoryKeyring()
    keys = KeyringKeyStore(backend)
    base: list[list[Any]] = []
    for line in sys.stdin:
        message = json.loads(line)
        command = message["cmd"]
        if command == "keys":
            for service, user, secret in message["entries"]:
                backend.set_password(service, user, secret)
        elif command == "base":
            base = message["rows"]
        elif command == "run":
            STARTED[0] = time.monotonic()
            pid = os.fork()
            if pid == 0:
                _worker(message, keys, base)
            emit({"pid": pid})
            _reap(pid)
        elif command == "quit":
            return


if __name__ == "__main__":
    serve()
