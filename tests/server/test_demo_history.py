"""The demo's past screenings (受診歴): seeded on the server as `screening_result` records, with
their change rows, and pulled by a real encrypted desk into screening_results (source 'history')
exactly as app.store.demo_seed would have put them there."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.bootstrap import build_desk, open_engine
from app.domain import synthetic
from app.store.keys import KeyringKeyStore
from app.store.orm import ScreeningResult
from app.sync import wire
from app.sync.codec import record_codec
from server import record_rules
from server.app import create_app
from server.bulk import RESULT_FIELDS, load_residents
from server.demo import prepare_demo
from server.models import ChangeLog, Record, RecordHistory, Resident
from tests.server.conftest import HASHER, Server
from tests.support import MemoryKeyring, SettableClock, make_desk

RESIDENTS = 300
SEED = 20261126

Screening = tuple[
    str, str, str, int, str, bool
]  # register_no, program, day, year, judgement, first


def generated(count: int, seed: int = SEED) -> Counter[Screening]:
    """The history app.domain.synthetic draws for the register (demo_seed's order of draws)."""
    rng, today = random.Random(seed), date.today()
    people = list(synthetic.residents(count, rng, synthetic.name_pools(seed), today))
    for share in (synthetic.WELFARE_SHARE, synthetic.NHI_SHARE):
        for person in people:
            synthetic.periods(rng, person["id"], today, share)
    return Counter(
        (
            person["register_no"],
            result["program_code"],
            result["screened_on"].isoformat(),
            result["fiscal_year"],
            result["judgement"],
            result["first_time"],
        )
        for person in people
        for result in synthetic.history(rng, person, today)
    )


def desk_history(engine: Any) -> Counter[Screening]:
    sql = (
        "SELECT r.register_no, s.program_code, s.screened_on, s.fiscal_year, s.judgement,"
        " s.first_time FROM screening_results s JOIN residents r ON r.id = s.resident_id"
        " WHERE s.source = 'history' AND s.form_id IS NULL AND s.\"values\" IS NULL"
        " AND s.version = 1"
    )
    with engine.connect() as connection:
        rows = connection.execute(text(sql)).all()
    return Counter((r[0], r[1], str(r[2]), r[3], r[4], bool(r[5])) for r in rows)


def check_records(engine: Any) -> int:
    """Every seeded record: the workstation's columns, acceptable as a push, hashed, in its
    resident's ward, with exactly one change row (stream records, same ward and kind)."""
    with Session(engine) as session:
        records = session.execute(
            select(Record, Resident.ward.label("resident_ward")).join(
                Resident, Resident.id == Record.resident_id
            )
        ).all()
        changes = Counter(
            session.execute(
                select(ChangeLog.record_id, ChangeLog.kind, ChangeLog.ward, ChangeLog.op).where(
                    ChangeLog.stream == "records"
                )
            ).all()
        )
        kept = session.scalar(select(func.count()).select_from(RecordHistory))
    columns = {column.name for column in ScreeningResult.__table__.columns}
    assert set(RESULT_FIELDS) == columns
    for row in records:
        record, data = row.Record, row.Record.data
        assert record.kind == "screening_result" and record.version == 1
        assert set(data) == columns
        assert data["id"] == record.id and data["version"] == 1
        assert data["source"] == "history" and data["form_id"] is None and data["values"] is None
        assert record_rules.problem(record.kind, record.id, data) is None
        assert record.content_hash == wire.content_hash(data)
        assert record.resident_id == data["resident_id"] == record.parent_id
        assert record.ward == row.resident_ward
        assert changes[(record.id, "screening_result", record.ward, "upsert")] == 1
        record_codec(record.kind).db_rows([data], record.updated_at)  # the desk's codec takes it
    assert sum(changes.values()) == len(records) == kept
    return len(records)


def test_the_demo_desk_pulls_the_history_demo_seed_would_have_made(tmp_path: Path) -> None:
    demo = prepare_demo(tmp_path / "server", residents=RESIDENTS, seed=SEED, hasher=HASHER)
    app = create_app(demo.settings, hasher=HASHER)
    expected = generated(RESIDENTS)
    assert sum(expected.values()) > RESIDENTS // 2  # adults over five years: plenty
    assert check_records(app.state.engine) == sum(expected.values())

    client = TestClient(app)
    keys = KeyringKeyStore(MemoryKeyring())
    desk_dir = tmp_path / "desk"
    engine = open_engine(desk_dir, keys, create=True)
    desk = build_desk(
        engine,
        hasher=HASHER,
        clock=SettableClock(),
        workstation="demo-desk",
        keys=keys,
        data_dir=desk_dir,
        transport=client._transport,
    )
    try:
        desk.enrollment.enroll("https://testserver", demo.codes[0], demo.tls.ca_pem, "demo-desk")
        report = desk.sync.sync_now(None)
        assert report.online, report.message
        pulled = desk_history(desk.engine)
        with desk.engine.connect() as connection:
            held = connection.execute(text("SELECT count(*) FROM held_records")).scalar()
        assert held == 0
    finally:
        desk.close()
        client.close()
        app.state.engine.dispose()
    assert pulled == expected

    # The same people and screenings as the desk's own demo store for the same seed.
    own = make_desk(tmp_path / "own", residents=RESIDENTS)
    try:
        assert desk_history(own.engine) == pulled
    finally:
        own.close()


def test_a_demo_loaded_without_history_gets_it_once(tmp_path: Path) -> None:
    folder = tmp_path / "server"
    demo = prepare_demo(folder, residents=RESIDENTS, hasher=HASHER, history=False)
    app = create_app(demo.settings, hasher=HASHER)
    assert check_records(app.state.engine) == 0
    prepare_demo(folder, residents=RESIDENTS, hasher=HASHER)
    added = check_records(app.state.engine)
    assert added > RESIDENTS // 2
    prepare_demo(folder, residents=RESIDENTS, hasher=HASHER)
    assert check_records(app.state.engine) == added
    with app.state.engine.connect() as connection:
        residents = connection.scalar(select(func.count()).select_from(Resident))
    assert residents == RESIDENTS
    app.state.engine.dispose()


def test_the_bulk_loader_serves_history_in_the_records_stream(server: Server) -> None:
    """SQLite (executemany) and PostgreSQL (COPY): served to a desk by ward, every one."""
    totals = load_residents(server.engine, RESIDENTS, seed=SEED, history=True)
    assert totals["history"] == sum(generated(RESIDENTS).values())
    assert check_records(server.engine) == totals["history"]

    changes, _ = server.pull_all("records", server.enroll("all"))
    assert len(changes) == totals["history"]
    assert {change["kind"] for change in changes} == {"screening_result"}
    columns = {column.name for column in ScreeningResult.__table__.columns}
    assert all(set(change["data"]) == columns for change in changes)

    ward = synthetic.WARDS[0]
    scoped, _ = server.pull_all("records", server.enroll("ward", ward=ward))
    with server.engine.connect() as connection:
        in_ward = connection.scalar(
            select(func.count()).select_from(Record).where(Record.ward == ward)
        )
    assert 0 < len(scoped) == in_ward < len(changes)

    snapshot = server.get("/snapshot/records", server.enroll("snap"))
    assert snapshot.status_code == 200, snapshot.text
    assert snapshot.json()["count"] == totals["history"] <= wire.SNAPSHOT_ROWS


def test_the_bulk_loader_adds_no_history_unless_asked(server: Server) -> None:
    """Benchmarks load the bare register; the demo asks for history."""
    totals = load_residents(server.engine, 50)
    assert totals["history"] == 0 and check_records(server.engine) == 0
