"""Records that collide: two desks keying the same second entry offline, the same id pushed
with other content; a stale cursor after the server compacted its change log; a statutory
purge reaching every desk.

Each ends with the same check as the network faults: nothing lost (the losing desk's data kept
in its outbox until a supervisor decides), nothing doubled (one second entry, one result per
form), every desk's records the server's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.services.dto import StaffSession
from app.services.errors import AuthenticationFailed
from app.store.orm import OutboxEntry
from app.sync import wire
from app.sync.codec import record_codec
from app.sync.offline_grant import CLOCK_BEHIND
from server.push import FOLLOWS_LOST_ENTRY, NATURAL_KEY_TAKEN, SAME_ID_OTHER_CONTENT
from tests.e2e.faults import a_person, key
from tests.e2e.harness import DeskFactory, ServerHandle, login
from tests.e2e.invariants import (
    assert_in_step,
    assert_master_in_step,
    desk_records,
    rows,
    scalar,
    server_records,
)
from tests.support import SettableClock


def synced(desk: Desk, session: StaffSession | None) -> None:
    report = desk.sync.sync_now(session)
    assert report.online, report.message


# ---------------------------------------------------------------- the same second entry twice


def test_two_desks_keying_the_same_second_entry_offline(
    server: ServerHandle, factory: DeskFactory
) -> None:
    desk_a, desk_b = factory.new("entry-a"), factory.new("entry-b")
    person = a_person(desk_a, skip=3)
    clerk1, clerk2_a = login(desk_a, "clerk1"), login(desk_a, "clerk2")
    clerk2_b = login(desk_b, "clerk2")  # both online once: each desk holds clerk2's grant
    batch_id = desk_a.entry.create_batch(
        clerk1,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-06",
        received_count=1,
    )
    key(desk_a, clerk1, batch_id, person)
    synced(desk_a, clerk1)
    synced(desk_b, None)  # desk B holds the batch, the form and entry one
    form_id = scalar(desk_b, "SELECT id FROM paper_forms WHERE batch_id = :b", b=batch_id)
    assert form_id is not None

    with server.offline():
        # At A clerk2 misreads day 2 (review); at B clerk2 keys the paper as it is (verified).
        entry_a, status_a = key(desk_a, clerk2_a, batch_id, person, fobt_day2="1")
        entry_b, status_b = key(desk_b, clerk2_b, batch_id, person)
        assert (status_a, status_b) == ("review", "verified")
        result_b = scalar(desk_b, "SELECT id FROM screening_results WHERE form_id = :f", f=form_id)
        assert not desk_a.sync.sync_now(clerk2_a).online
        assert not desk_b.sync.sync_now(clerk2_b).online

    synced(desk_a, clerk2_a)  # A's second entry reaches the server first: it is kept
    synced(desk_b, clerk2_b)  # B's comes back as a conflict, with what followed from it
    held = server_records(server)
    seconds = {
        rid: data["entry_no"]
        for rid, (kind, data) in held.items()
        if kind == "form_entry" and data["form_id"] == form_id
    }
    assert sorted(seconds.values()) == [1, 2] and seconds[entry_a] == 2  # one entry two: A's
    assert entry_b not in held and result_b not in held  # B's result of a lost entry too

    supervisor = login(desk_b, "supervisor")
    problems = desk_b.sync.problems(supervisor)
    assert {p.record_id: (p.status, p.record_kind_ja, p.message) for p in problems} == {
        entry_b: ("conflict", "入力", NATURAL_KEY_TAKEN["form_entry"]),
        form_id: ("conflict", "用紙", FOLLOWS_LOST_ENTRY),
        result_b: ("conflict", "検診結果", FOLLOWS_LOST_ENTRY),
    }
    # Nothing of B's entry is lost before a supervisor decides: its data is in the outbox.
    [(payload,)] = rows(
        desk_b, "SELECT payload FROM outbox WHERE record_id = :r AND status = 'conflict'", r=entry_b
    )
    kept = json.loads(payload)
    assert kept["values"]["fobt_day2"] == "2" and kept["staff_id"] == clerk2_b.staff_id
    for problem in problems:
        desk_b.sync.resolve(supervisor, problem_id=problem.id, action="discard")
    assert desk_b.sync.problems(supervisor) == []
    synced(desk_b, supervisor)
    synced(desk_a, None)

    # One second entry everywhere (A's), the form in review at both desks, nothing doubled.
    for desk in (desk_a, desk_b):
        entries = rows(
            desk,
            "SELECT id, entry_no FROM form_entries WHERE form_id = :f ORDER BY entry_no",
            f=form_id,
        )
        assert [e[1] for e in entries] == [1, 2] and entries[1][0] == entry_a, desk.workstation
        assert scalar(desk, "SELECT status FROM paper_forms WHERE id = :f", f=form_id) == "review"
    assert_in_step(server, desk_a, desk_b)

    # The form proceeds: B's supervisor settles the difference from the paper; A sees it.
    assert form_id in {item.form_id for item in desk_b.verification.queue(supervisor)}
    desk_b.verification.key_from_paper(supervisor, form_id=form_id, field="fobt_day2", value="2")
    status = desk_b.verification.settle(
        supervisor, form_id=form_id, field="fobt_day2", decision="accept", reason="用紙どおり"
    )
    assert status == "verified"
    synced(desk_b, supervisor)
    synced(desk_a, None)
    for desk in (desk_a, desk_b):
        assert scalar(desk, "SELECT status FROM paper_forms WHERE id = :f", f=form_id) == "verified"
        assert (
            scalar(desk, "SELECT count(*) FROM screening_results WHERE form_id = :f", f=form_id)
            == 1
        )
    assert_in_step(server, desk_a, desk_b)


# ---------------------------------------------------------------- the same id, other content


def test_the_same_id_with_other_content_is_a_conflict_for_a_supervisor(
    server: ServerHandle, factory: DeskFactory
) -> None:
    desk_a, desk_b = factory.new("same-id-a"), factory.new("same-id-b")
    clerk_a, clerk_b = login(desk_a, "clerk1"), login(desk_b, "clerk2")
    batch_id = desk_a.entry.create_batch(
        clerk_a,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-07",
        received_count=1,
    )
    synced(desk_a, clerk_a)
    kind, version, data = server.records()[batch_id]
    assert (kind, version, data["received_count"]) == ("form_batch", 1, 1)

    # 1. Past any desk's bookkeeping, straight to the server: a new record (base version 0)
    #    under an id the server holds with another content.
    altered = {**data, "received_count": 5}
    client = desk_b.server_client()
    assert client is not None
    try:
        record = wire.PushRecord(id=batch_id, kind="form_batch", base_version=0, data=altered)
        answer = client.push(clerk_b.staff_token or "", wire.PushRequest(records=[record]))
    finally:
        client.close()
    [result] = answer.results
    assert (result.status, result.message) == ("conflict", SAME_ID_OTHER_CONTENT)
    assert server.records()[batch_id] == (kind, version, data)  # the server's copy stands
    queued = server.query("SELECT data, reason FROM conflicts WHERE record_id = ?", batch_id)
    assert [(json.loads(d)["received_count"], r) for d, r in queued] == [(5, SAME_ID_OTHER_CONTENT)]

    # 2. From a desk: desk B holds a row of that id with other content, pending in its outbox,
    #    written past its own services (as a store copied from another desk would hold it).
    with Session(desk_b.engine) as session, session.begin():
        row = {**data, "received_count": 7, "created_by": clerk_b.staff_id}
        record_codec("form_batch").apply(session.connection(), [row], datetime.now(UTC))
        session.add(
            OutboxEntry(
                record_kind="form_batch", record_id=batch_id, operation="create", payload={}
            )
        )
    report = desk_b.sync.sync_now(clerk_b)
    assert report.online and report.problems == 1
    supervisor = login(desk_b, "supervisor")
    [problem] = desk_b.sync.problems(supervisor)
    assert (problem.record_id, problem.status) == (batch_id, "conflict")
    assert (problem.message, problem.record_kind_ja) == (SAME_ID_OTHER_CONTENT, "用紙の束")
    [(payload,)] = rows(desk_b, "SELECT payload FROM outbox WHERE status = 'conflict'")
    assert json.loads(payload)["received_count"] == 7  # nothing lost before a decision
    assert server.records()[batch_id] == (kind, version, data)

    # The supervisor keeps the server's version: B's row becomes it again.
    desk_b.sync.resolve(supervisor, problem_id=problem.id, action="discard")
    synced(desk_b, supervisor)
    assert scalar(desk_b, "SELECT received_count FROM form_batches WHERE id = :b", b=batch_id) == 1
    assert_in_step(server, desk_a, desk_b)


# ---------------------------------------------------------------- a stale cursor


def test_a_stale_cursor_rebuilds_that_stream_alone(
    server: ServerHandle, factory: DeskFactory
) -> None:
    writer = factory.new("stale-writer")
    reader = factory.new("stale-reader", spy=True)
    clerk = login(writer, "clerk1")
    cursors = dict(
        rows(reader, "SELECT stream, cursor FROM sync_cursors WHERE stream NOT LIKE '%:%'")
    )
    # Some changes while the reader is away: a setting changed twice (its first change is
    # superseded, so compaction drops it), new records (kept: nothing supersedes them).
    server.admin("PUT", "/admin/settings/batch_overdue_days", {"value": 40})
    server.admin("PUT", "/admin/settings/batch_overdue_days", {"value": 45})
    made = writer.entry.create_batch(
        clerk,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-08",
        received_count=2,
    )
    synced(writer, clerk)
    compacted = json.loads(server.cli("compact", "--keep-last", "0"))
    assert compacted["deleted"] >= 1
    state = "SELECT name, value FROM server_state WHERE name LIKE 'tombstone_horizon:%'"
    horizons = {name.split(":")[1]: value for name, value in server.query(state)}
    stale = {
        stream
        for stream, cursor in cursors.items()
        if wire.decode_cursor(cursor)[2] < horizons[stream]
    }
    assert stale == {"settings"}, stale  # only its changes after the reader's cursor went

    spy = factory.transports["stale-reader"]
    spy.requests.clear()
    synced(reader, None)
    refused = [path for path, status in spy.requests if status == 409]
    snapshots = {path for path, status in spy.requests if path.startswith("/snapshot/")}
    assert refused == ["/sync/settings"], refused  # that stream alone must start again
    assert snapshots == {"/snapshot/settings"}, snapshots
    after = dict(
        rows(reader, "SELECT stream, cursor FROM sync_cursors WHERE stream NOT LIKE '%:%'")
    )
    moved = {stream for stream in cursors if after.get(stream) != cursors[stream]}
    assert moved == {"settings", "records"}, moved  # records moved on by its cursor
    assert_master_in_step(server, reader)
    value = scalar(reader, "SELECT value FROM settings WHERE key = 'batch_overdue_days'")
    assert json.loads(str(value)) == 45
    assert made in desk_records(reader)
    assert_in_step(server, writer, reader)


# ---------------------------------------------------------------- a purge reaching every desk

# The local tables a resident's data lives in, and the column naming the resident.
THEIRS = {
    "residents": "id",
    "welfare_periods": "resident_id",
    "nhi_periods": "resident_id",
    "screening_results": "resident_id",
    "vouchers": "resident_id",
    "paper_forms": "resident_id",
}
EVERYTHING = (
    *THEIRS,
    "form_batches",
    "form_entries",
    "adjudications",
    "correction_requests",
    "roles",
    "staff",
    "grants",
    "programs",
    "settings",
)


def contents(desk: Desk) -> dict[str, set[tuple[str, int]]]:
    """Every synced table of a desk: its (id, version) pairs."""
    return {table: set(rows(desk, f'SELECT id, version FROM "{table}"')) for table in EVERYTHING}  # noqa: S608


def held_of(desk: Desk, resident_id: str) -> dict[str, int]:
    """How many rows of the resident each table of a desk holds."""
    held = {}
    for table, column in THEIRS.items():
        sql = f'SELECT count(*) FROM "{table}" WHERE "{column}" = :r'  # noqa: S608
        held[table] = int(scalar(desk, sql, r=resident_id))
    return held


def purge_everywhere(server: ServerHandle, resident_id: str, *desks: Desk) -> None:
    """`purge-resident` on the server, a round at each desk: the resident and everything of
    theirs is gone from every desk, with no trace left, and nothing else changed."""
    before = {desk.workstation: contents(desk) for desk in desks}
    last = server.query("SELECT coalesce(max(seq), 0) FROM change_log")[0][0]
    server.cli("purge-resident", resident_id)
    query = "SELECT record_id FROM change_log WHERE stream = 'purges' AND seq > ?"
    purged = {rid for (rid,) in server.query(query, last)}
    assert resident_id in purged
    assert not server.query("SELECT id FROM records WHERE resident_id = ?", resident_id)
    for desk in desks:
        synced(desk, None)
        name = desk.workstation
        assert set(held_of(desk, resident_id).values()) == {0}, f"{name}: rows of theirs left"
        after = contents(desk)
        for table, pairs in before[name].items():
            assert after[table] == {p for p in pairs if p[0] not in purged}, f"{name}: {table}"
        orphans = (
            "SELECT count(*) FROM form_entries WHERE form_id NOT IN (SELECT id FROM paper_forms)"
        )
        assert scalar(desk, orphans) == 0
        for table in ("outbox", "record_versions", "held_records"):  # no trace of the values
            traces = {rid for (rid,) in rows(desk, f'SELECT record_id FROM "{table}"')}  # noqa: S608
            assert not traces & purged, f"{name}: {table} keeps purged records"
    assert_in_step(server, *desks)


def test_a_purge_reaches_every_desk_and_takes_nothing_else(
    server: ServerHandle, factory: DeskFactory
) -> None:
    desk_a, desk_b = factory.new("purge-a"), factory.new("purge-b")
    person = a_person(desk_a, periods=True)
    clerk1, clerk2 = login(desk_a, "clerk1"), login(desk_a, "clerk2")
    fiscal_year = fiscal_year_of(datetime.now(UTC).astimezone().date())
    synced(desk_a, clerk1)  # a block of voucher numbers for this desk
    desk_a.issuance.issue_one(
        clerk1, resident_id=person["id"], program_code="colorectal", fiscal_year=fiscal_year
    )
    batch_id = desk_a.entry.create_batch(
        clerk1,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-09",
        received_count=1,
    )
    key(desk_a, clerk1, batch_id, person)
    assert key(desk_a, clerk2, batch_id, person)[1] == "verified"
    synced(desk_a, clerk2)
    synced(desk_b, None)
    assert_in_step(server, desk_a, desk_b)
    held = held_of(desk_b, person["id"])  # the register's rows, a voucher, a form, a result
    assert held["residents"] == held["vouchers"] == held["paper_forms"] == 1
    assert held["screening_results"] >= 1 and held["nhi_periods"] + held["welfare_periods"] >= 1
    purge_everywhere(server, person["id"], desk_a, desk_b)

    # The change log compacted up to its head (the purge's rows go), then another purge: its
    # changes must not take sequence numbers the desks' cursors have already passed.
    server.cli("compact", "--keep-last", "0")
    other = a_person(desk_a, periods=True)
    assert other["id"] != person["id"] and held_of(desk_b, other["id"])["residents"] == 1
    purge_everywhere(server, other["id"], desk_a, desk_b)


# ---------------------------------------------------------------- a clock ten minutes off


def test_a_clock_ten_minutes_off(server: ServerHandle, factory: DeskFactory) -> None:
    clock = SettableClock(datetime.now(UTC))
    desk = factory.new("clock", clock=clock)
    assert login(desk, "clerk1").online  # the offline grant and the server's time come down
    seen = scalar(desk, "SELECT last_server_time FROM sync_device")
    assert seen is not None

    with server.offline():
        clock.current = datetime.now(UTC) - timedelta(minutes=10)
        with pytest.raises(AuthenticationFailed) as refused:
            login(desk, "clerk1")
        assert refused.value.message == CLOCK_BEHIND
        clock.current = datetime.now(UTC) + timedelta(minutes=10)
        ahead = login(desk, "clerk1")  # within the seven days of the grant
        assert not ahead.online

    for minutes in (-10, 10):  # online, the server's time decides
        clock.current = datetime.now(UTC) + timedelta(minutes=minutes)
        session = login(desk, "clerk1")
        assert session.online
        synced(desk, session)
    assert_in_step(server, desk, pushed=(desk,))
