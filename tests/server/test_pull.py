"""Pull pages, cursors, ward scope, must_resnapshot, snapshots with resume."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from app.sync import wire
from server import streams
from server.changes import compact
from server.deps import DeviceInfo
from server.models import Resident
from tests.server.conftest import HEADER, WARDS, Server, resident_line


def test_pages_carry_count_and_hash_and_cursors_continue_without_gaps(server: Server) -> None:
    server.add_residents(25)
    device = server.enroll()
    changes, cursor = server.pull_all("residents", device, limit=7)
    assert len(changes) == 25 == len({c["id"] for c in changes})
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs)
    assert all(c["op"] == "upsert" and c["data"]["register_no"] for c in changes)
    assert set(changes[0]["data"]) >= {"id", "version", "updated_at", "kana_key", "birth_date"}
    assert changes[0]["data"]["birth_date"] == "1960-04-01"
    again, same = server.pull_all("residents", device, cursor)
    assert again == [] and same == cursor
    server.add_residents(3, start=25)
    later, _ = server.pull_all("residents", device, cursor)
    assert len(later) == 3


def test_a_ward_desk_sees_only_its_ward(server: Server) -> None:
    server.add_residents(10, wards=("北区", "南区"))
    north = server.enroll("n", ward="北区")
    everywhere = server.enroll("all")
    mine, _ = server.pull_all("residents", north)
    assert len(mine) == 5 and {c["data"]["ward"] for c in mine} == {"北区"}
    assert len(server.pull_all("residents", everywhere)[0]) == 10
    assert len(server.pull_all("staff", north)[0]) == 4  # staff go to every desk


def test_a_resident_moving_out_of_the_ward_is_deleted_there(server: Server) -> None:
    server.add_residents(2, wards=("北区",))
    north = server.enroll("n", ward="北区")
    _, cursor = server.pull_all("residents", north)
    moved = HEADER + "\n" + resident_line(0, "南区") + "\n"
    assert server.ingest("residents", moved).json()["changed"] == 1
    changes, _ = server.pull_all("residents", north, cursor)
    assert [(c["op"], c["data"]) for c in changes] == [("delete", None)]


def test_several_changes_of_one_row_collapse_to_the_last(server: Server) -> None:
    server.add_residents(1)
    device = server.enroll()
    _, cursor = server.pull_all("residents", device)
    for name in ("一", "二", "三"):
        line = resident_line(0, "中央区", name=f"試験　{name}")
        server.ingest("residents", HEADER + "\n" + line + "\n")
    changes, _ = server.pull_all("residents", device, cursor)
    assert len(changes) == 1 and changes[0]["data"]["name"] == "試験　三"
    assert changes[0]["data"]["version"] == 4


def test_wrong_scope_stream_or_garbage_cursors_must_resnapshot(server: Server) -> None:
    server.add_residents(4)
    north = server.enroll("n", ward="北区")
    south = server.enroll("s", ward="南区")
    _, north_cursor = server.pull_all("residents", north)
    for device, stream, cursor in (
        (south, "residents", north_cursor),  # another scope
        (north, "staff", north_cursor),  # another stream
        (north, "residents", "not-a-cursor"),
        (north, "residents", wire.encode_cursor("residents", "0" * 16, 0)),
    ):
        answer = server.get(f"/sync/{stream}", device, cursor=cursor)
        assert answer.status_code == 409 and answer.json()["code"] == "must_resnapshot"


def test_a_cursor_below_the_compacted_horizon_must_resnapshot(server: Server) -> None:
    server.add_residents(5)
    device = server.enroll()
    _, old = server.pull_all("residents", device)
    _, quiet = server.pull_all("programs", device)
    server.add_residents(5, start=5)
    moved = resident_line(5, WARDS[5 % len(WARDS)], address="静岡県さくら市北区新町2丁目5番")
    assert server.ingest("residents", f"{HEADER}\n{moved}\n").status_code == 200
    with server.context.sessions.begin() as session:
        # Resident 6's first change, after the old cursor, is superseded and compacted away.
        _, horizon = compact(session, keep_last_n=2)
    assert horizon > wire.decode_cursor(old)[2]
    answer = server.get("/sync/residents", device, cursor=old)
    assert answer.status_code == 409 and answer.json()["code"] == "must_resnapshot"
    assert server.get("/sync/residents", device).status_code == 409  # from 0 is below too
    # Nothing was compacted away from a quiet stream: its old cursor carries on.
    assert server.get("/sync/programs", device, cursor=quiet).status_code == 200
    page = server.get("/snapshot/residents", device, limit=100).json()
    assert page["count"] == 10 and page["done"]
    changes, _ = server.pull_all("residents", device, page["cursor"])
    assert changes == []


def test_a_snapshot_resumes_by_id_and_its_cursor_catches_later_changes(server: Server) -> None:
    server.add_residents(12, wards=("北区", "南区"))
    north = server.enroll("n", ward="北区")
    first = wire.SnapshotPage.model_validate_json(
        server.get("/snapshot/residents", north, limit=4).content
    )
    assert first.count == 4 and not first.done and first.hash == wire.page_hash(first.rows)
    server.add_residents(2, wards=("北区",), start=12)  # arrives mid-snapshot
    rows = list(first.rows)
    page = first
    while not page.done:
        answer = server.get(
            "/snapshot/residents", north, limit=4, after=page.after, cursor=first.cursor
        )
        page = wire.SnapshotPage.model_validate_json(answer.content)
        assert page.cursor == first.cursor
        rows += page.rows
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {row["ward"] for row in rows} == {"北区"}
    changes, _ = server.pull_all("residents", north, first.cursor)
    with server.context.sessions() as session:
        north_ids = set(session.scalars(select(Resident.id).where(Resident.ward == "北区")))
    assert set(ids) | {c["id"] for c in changes} == north_ids
    assert len(changes) >= 2


def test_a_later_snapshot_page_needs_the_first_pages_cursor(server: Server) -> None:
    server.add_residents(3)
    device = server.enroll()
    answer = server.get("/snapshot/residents", device, after="0", limit=1)
    assert answer.status_code == 422 and answer.json()["code"] == "invalid"


def test_periods_follow_their_residents_ward(server: Server) -> None:
    server.add_residents(4, wards=("北区", "南区"))
    feed = "register_no,start,end\n0000000001,2024-04-01,\n0000000002,2023-01-01,2024-03-31\n"
    result = server.ingest("welfare", feed)
    assert result.json() == {"feed": "welfare", "accepted": 2, "changed": 2}
    north = server.enroll("n", ward="北区")
    changes, _ = server.pull_all("welfare", north)
    assert len(changes) == 1 and changes[0]["data"]["start"] == "2024-04-01"
    assert changes[0]["data"]["end"] is None
    snap = server.get("/snapshot/welfare", north).json()
    assert [row["id"] for row in snap["rows"]] == [changes[0]["id"]]


def test_snapshot_rows_are_the_canonical_json_of_each_row_on_either_database(
    server: Server,
) -> None:
    """PostgreSQL writes snapshot rows itself (row_to_json); they must be byte for byte what
    the desk and the hash take as canonical: escapes, no microseconds or all six, NULLs."""
    server.add_residents(4, wards=("北区",))
    awkward = {
        'a "quoted" \\ name\t\n\r\b\f\x01\x1f\x7f 😀 \u2028 ｶﾅ': datetime(
            2026, 1, 2, 3, 4, 5, tzinfo=UTC
        ),
        "plain": datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
    }
    with server.context.sessions.begin() as session:
        residents = session.scalars(select(Resident).order_by(Resident.id)).all()
        for resident, (name, stamp) in zip(residents, awkward.items(), strict=False):
            resident.name, resident.updated_at, resident.my_number = name, stamp, None
    device = DeviceInfo("d", "desk", None, "workstation")
    table = streams.table_of("residents")
    with server.context.sessions() as session:
        by_database = streams.in_json_by_postgres(session, table)
        assert by_database == (session.get_bind().dialect.name == "postgresql")
        page = streams.snapshot(session, "residents", device, after=None, cursor=None, limit=3)
        rows = streams.RowWriter(list(table.columns)).dicts(
            session.execute(select(*table.columns).order_by(table.c.id)).all()
        )
    body = page.body(server_time="2026-01-01T00:00:00+00:00")
    assert wire.rows_as_sent(body, 3) == [wire.canonical_json(row) for row in rows[:3]]
    assert page.fields["after"] == rows[2]["id"] and not page.fields["done"]
    assert page.fields["hash"] == wire.page_hash(rows[:3])
    assert {row["name"] for row in rows} >= set(awkward)
