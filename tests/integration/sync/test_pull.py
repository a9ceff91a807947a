"""Pulling master data: snapshots with resume, cursors with their pages, resets, scope, purges."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.store.engine import CACHE_KIB
from app.store.sync_repository import SqlAlchemySyncRepository
from app.sync import pull
from app.sync.pull import snapshot_name
from tests.integration.sync.conftest import SyncDesk, make_sync_desk
from tests.integration.sync.fake_server import FakeServer


def residents_on(desk: SyncDesk) -> set[str]:
    return {row[0] for row in desk.rows("SELECT id FROM residents")}


def new_resident(desk: SyncDesk, ward: str = "北区", **changes: Any) -> dict[str, Any]:
    """A copy of a server resident with a new id and register number."""
    template = next(iter(desk.server.tables["residents"].values()))
    number = len(desk.server.tables["residents"]) + 1
    row = {
        **template,
        "id": f"ffffffff-0000-7000-8000-{number:012d}",
        "register_no": f"9{number:09d}",
        "my_number": None,
        "ward": ward,
        "version": 1,
        **changes,
    }
    desk.server.upsert("residents", row)
    return row


def test_the_first_sync_snapshots_every_master_stream_then_follows_cursors(
    synced: SyncDesk,
) -> None:
    requests = synced.server.requests
    assert "GET /snapshot/residents" in requests and "GET /sync/residents" in requests
    assert requests.index("GET /snapshot/roles") < requests.index("GET /snapshot/residents")
    row = new_resident(synced)
    synced.server.requests.clear()
    report = synced.sync()
    assert report.online and report.pulled >= 1
    assert row["id"] in residents_on(synced)
    assert not [r for r in synced.server.requests if r.startswith("GET /snapshot")]


def test_a_snapshot_cut_between_pages_resumes_after_the_last_page_and_swaps_at_once(
    tmp_path: Path, server: FakeServer, ca_pem: str
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=20)
    before = residents_on(desk)
    dropped = sorted(before)[:5]
    for resident_id in dropped:
        server.tables["residents"].pop(resident_id)
    added = [new_resident(desk, ward="中央区")["id"] for _ in range(3)]
    server.page_rows = 5
    server.cut_snapshot_after["residents"] = 2
    report = desk.sync()
    assert not report.online
    assert residents_on(desk) == before  # two pages staged, nothing swapped in yet
    with desk.desk.engine.connect() as connection:
        staged = connection.exec_driver_sql("SELECT count(*) FROM sync_staging_residents").scalar()
    assert staged == 10
    assert desk.scalar("SELECT count(*) FROM sync_cursors WHERE stream = 'residents'") == 0
    server.requests.clear()
    assert desk.sync().online
    assert residents_on(desk) == (before - set(dropped)) | set(added)
    snapshot_requests = [r for r in server.requests if r == "GET /snapshot/residents"]
    assert len(snapshot_requests) == 2  # the 3rd and the 4th (last) pages of 18 rows only
    progress = "SELECT count(*) FROM sync_cursors WHERE stream = :s"
    assert desk.scalar(progress, s=snapshot_name("residents")) == 0


def test_a_page_and_its_cursor_are_committed_together(
    synced: SyncDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = new_resident(synced)
    cursor = synced.scalar("SELECT cursor FROM sync_cursors WHERE stream = 'residents'")
    original = SqlAlchemySyncRepository.set_cursor

    def failing(self: SqlAlchemySyncRepository, name: str, value: str, at: Any) -> None:
        if name == "residents":
            raise RuntimeError("power cut")
        original(self, name, value, at)

    monkeypatch.setattr(SqlAlchemySyncRepository, "set_cursor", failing)
    with pytest.raises(RuntimeError):
        synced.sync()
    assert row["id"] not in residents_on(synced)
    assert synced.scalar("SELECT cursor FROM sync_cursors WHERE stream = 'residents'") == cursor
    monkeypatch.setattr(SqlAlchemySyncRepository, "set_cursor", original)
    assert synced.sync().online
    assert row["id"] in residents_on(synced)


def test_a_page_whose_hash_does_not_match_resets_that_stream_alone(synced: SyncDesk) -> None:
    row = new_resident(synced)
    programs = synced.scalar("SELECT cursor FROM sync_cursors WHERE stream = 'programs'")
    synced.server.corrupt_next_page.add("residents")
    synced.server.requests.clear()
    assert synced.sync().online
    assert "GET /snapshot/residents" in synced.server.requests
    assert "GET /snapshot/programs" not in synced.server.requests
    assert row["id"] in residents_on(synced)
    assert synced.scalar("SELECT cursor FROM sync_cursors WHERE stream = 'programs'") == programs


def test_must_resnapshot_rebuilds_that_stream_alone(synced: SyncDesk) -> None:
    synced.server.errors.append(("/sync/nhi", 409, "must_resnapshot"))
    synced.server.requests.clear()
    assert synced.sync().online
    snapshots = [r for r in synced.server.requests if r.startswith("GET /snapshot")]
    assert snapshots == ["GET /snapshot/nhi"]


def test_a_scope_change_removes_rows_but_keeps_unsynced_work_until_it_went_up(
    synced: SyncDesk,
) -> None:
    clerk = synced.session("clerk1")
    ward = synced.scalar("SELECT ward FROM residents GROUP BY ward ORDER BY count(*) DESC")
    outside = synced.rows(
        "SELECT id FROM residents WHERE ward != :w AND birth_date < '1980-01-01' LIMIT 1", w=ward
    )[0][0]
    synced.desk.issuance.issue_one(
        clerk, resident_id=outside, program_code="colorectal", fiscal_year=2026
    )
    synced.server.ward = ward
    synced.server.errors.append(("/sync/push", 0, ""))  # the voucher cannot go up yet
    assert not synced.sync("clerk1").online
    kept = {row[0] for row in synced.rows("SELECT id FROM residents WHERE ward != :w", w=ward)}
    assert kept == {outside}
    assert synced.scalar("SELECT count(*) FROM residents WHERE ward = :w", w=ward) > 0
    assert synced.sync("clerk1").online
    assert outside not in residents_on(synced)
    assert synced.scalar("SELECT count(*) FROM vouchers") == 0


def test_a_purge_deletes_the_resident_and_everything_of_theirs(synced: SyncDesk) -> None:
    clerk = synced.session("clerk1")
    resident_id = synced.rows("SELECT id FROM residents WHERE birth_date < '1980-01-01' LIMIT 1")[
        0
    ][0]
    issued = synced.desk.issuance.issue_one(
        clerk, resident_id=resident_id, program_code="colorectal", fiscal_year=2026
    )
    synced.server.purge("resident", resident_id)
    assert synced.sync(None).online  # pulled before the voucher could go up
    assert resident_id not in residents_on(synced)
    for table in ("vouchers", "screening_results", "welfare_periods", "nhi_periods"):
        assert (
            synced.scalar(f"SELECT count(*) FROM {table} WHERE resident_id = :i", i=resident_id)  # noqa: S608
            == 0
        )
    assert synced.scalar("SELECT count(*) FROM outbox WHERE record_id = :i", i=issued.view.id) == 0


def test_a_bulk_swap_rebuilds_every_index_and_leaves_no_file_beside_the_store(
    synced: SyncDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pull, "BULK_ROWS", 5)  # the path of a snapshot of a whole register
    index_sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
    indexes = set(synced.rows(index_sql, t="residents"))
    files = sorted(path.name for path in synced.data_dir.iterdir())
    row = new_resident(synced)
    synced.server.errors.append(("/sync/residents", 409, "must_resnapshot"))
    synced.server.requests.clear()
    assert synced.sync().online
    assert "GET /snapshot/residents" in synced.server.requests
    assert row["id"] in residents_on(synced)
    assert set(synced.rows(index_sql, t="residents")) == indexes
    assert sorted(path.name for path in synced.data_dir.iterdir()) == files
    assert not synced.rows("SELECT name FROM sqlite_master WHERE name LIKE 'sync_staging%'")
    assert synced.scalar("PRAGMA integrity_check") == "ok"


def test_staged_pages_commit_without_waiting_for_the_disk_and_no_connection_keeps_it(
    tmp_path: Path, server: FakeServer, ca_pem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=12)
    server.page_rows = 5
    seen: list[tuple[int, bool]] = []
    stage = pull.Puller._stage

    def watched(puller: pull.Puller, connection: Any, stream: str, rows: Any) -> None:
        level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        if stream == "residents":
            seen.append((level, len(rows) < 5))  # the last page is the short one
        stage(puller, connection, stream, rows)

    monkeypatch.setattr(pull.Puller, "_stage", watched)
    assert desk.sync().online
    assert seen == [(1, False), (1, False), (2, True)]  # NORMAL while staging; FULL to swap
    engine = desk.desk.engine
    pool = [engine.connect().execution_options(read_only=True) for _ in range(4)]  # them all
    try:
        for connection in pool:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB
    finally:
        for connection in pool:
            connection.close()


def test_snapshot_pages_download_while_earlier_pages_are_still_being_written(
    tmp_path: Path, server: FakeServer, ca_pem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The downloads do not wait for the desk to write: while the first page of residents is
    being staged, the next ones (up to two waiting after the one being read) come in."""
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=30)
    server.page_rows = 5  # six pages of residents
    requested_while_writing: list[int] = []
    stage = pull.Puller._stage

    def slow(puller: pull.Puller, connection: Any, stream: str, rows: Any) -> None:
        if stream == "residents" and not requested_while_writing:
            deadline = time.monotonic() + 5
            while _snapshot_requests(server) < 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            requested_while_writing.append(_snapshot_requests(server))
        stage(puller, connection, stream, rows)

    monkeypatch.setattr(pull.Puller, "_stage", slow)
    assert desk.sync().online
    assert requested_while_writing[0] >= 4  # was 2: the page being written and the next
    assert len(residents_on(desk)) == 30


def test_a_stage_that_fails_stops_the_snapshot_with_its_error_and_resumes_after(
    tmp_path: Path, server: FakeServer, ca_pem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=30)
    before = residents_on(desk)
    server.page_rows = 5
    staged_rows = pull.Puller._staged_rows
    calls: list[str] = []

    def failing(puller: pull.Puller, stream: str, rows: Any) -> Any:
        if stream == "residents":
            calls.append(stream)
            if len(calls) == 3:
                raise RuntimeError("decoding broke down")
        return staged_rows(puller, stream, rows)

    monkeypatch.setattr(pull.Puller, "_staged_rows", failing)
    with pytest.raises(RuntimeError, match="decoding broke down"):
        desk.sync()
    assert residents_on(desk) == before  # nothing swapped in
    assert not [t for t in threading.enumerate() if t.name.startswith("snapshot-")]
    with desk.desk.engine.connect() as connection:
        staged = connection.exec_driver_sql("SELECT count(*) FROM sync_staging_residents").scalar()
    assert staged == 10  # the two pages before the failure, kept for the resume
    monkeypatch.setattr(pull.Puller, "_staged_rows", staged_rows)
    server.requests.clear()
    assert desk.sync().online
    assert _snapshot_requests(server) == 4  # pages 3 to 6 only
    assert len(residents_on(desk)) == 30


def _snapshot_requests(server: FakeServer) -> int:
    return sum(1 for r in list(server.requests) if r == "GET /snapshot/residents")


def test_a_resumed_bulk_swap_counts_the_rows_staged_before_the_cut_without_reading_them_again(
    tmp_path: Path, server: FakeServer, ca_pem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_sync_desk(tmp_path, server, ca_pem, residents=18)
    server.page_rows = 5
    server.cut_snapshot_after["residents"] = 2  # 10 rows staged, then the cut
    assert not desk.sync().online
    monkeypatch.setattr(pull, "BULK_ROWS", 15)  # 18 rows in all, 8 of them after the cut
    dropped: list[str] = []
    drop = pull._drop_plain_indexes

    def spy(connection: Any, table: str) -> list[str]:
        dropped.append(table)
        return drop(connection, table)

    monkeypatch.setattr(pull, "_drop_plain_indexes", spy)
    statements: list[str] = []
    engine = desk.desk.engine
    listener = lambda *args: statements.append(str(args[2]))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert desk.sync().online
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert dropped == ["residents"]  # the bulk path: 10 + 8 rows staged
    assert not [s for s in statements if "count(*)" in s and "sync_staging" in s]
    assert len(residents_on(desk)) == 18
