"""Retention end to end: a real server with five years of past screenings, two desks; a
supervisor approves one program and fiscal year at desk A; after a round each, both desks have
lost exactly those records (with their corrections), nothing else changed, and the server keeps
the counts of what went in `retention_runs` (the figures a statistics table can keep)."""

from __future__ import annotations

from collections import Counter

from app.bootstrap import Desk
from tests.e2e.harness import DeskFactory, ServerHandle, login
from tests.e2e.invariants import assert_in_step, rows

TRACES = ("outbox", "record_versions", "held_records")


def results(desk: Desk) -> dict[str, tuple[str, int]]:
    return {
        rid: (program, int(year))
        for rid, program, year in rows(
            desk, "SELECT id, program_code, fiscal_year FROM screening_results"
        )
    }


def server_results(server: ServerHandle) -> dict[str, tuple[str, int]]:
    return {
        rid: (str(data["program_code"]), int(data["fiscal_year"]))
        for rid, (kind, _, data) in server.records().items()
        if kind == "screening_result"
    }


def test_an_approved_group_is_deleted_everywhere_and_nothing_else(
    server: ServerHandle, desks: DeskFactory
) -> None:
    server.admin("PUT", "/admin/settings/retention_years", {"value": {"lung": 1}})
    desk_a, desk_b = desks.new("keep-a"), desks.new("keep-b")
    supervisor = login(desk_a, "supervisor")
    assert supervisor.online
    service = desk_a.retention
    overview = service.candidates(supervisor)
    lung = [g for g in overview.groups if g.program_code == "lung"]
    assert lung, "the demo's past lung screenings are past a one-year retention"
    group = min(lung, key=lambda g: g.fiscal_year)
    on_server = server_results(server)
    doomed = {rid for rid, key in on_server.items() if key == ("lung", group.fiscal_year)}
    assert group.count == len(doomed) > 0
    names = service.names(supervisor, program_code="lung", fiscal_year=group.fiscal_year)
    assert {n.result_id for n in names} == doomed

    before = {desk.workstation: results(desk) for desk in (desk_a, desk_b)}
    for held in before.values():
        assert doomed <= set(held)
    statistics = Counter(on_server.values())  # what a statistics table made earlier counted
    made = desk_a.statistics.program_report(
        supervisor, program_code="lung", fiscal_year=group.fiscal_year
    )
    assert made.report.total().examinees == group.count
    assert desk_a.sync.sync_now(supervisor).problems == 0  # the report goes up like a record

    outcome = service.approve(
        supervisor, program_code="lung", fiscal_year=group.fiscal_year, expected_count=group.count
    )
    assert outcome.results == group.count and outcome.synced, outcome.sync_message
    report = desk_b.sync.sync_now(None)
    assert report.online, report.message

    left = server_results(server)
    assert set(left) == set(on_server) - doomed
    for desk in (desk_a, desk_b):
        name = desk.workstation
        after = results(desk)
        assert after == {r: k for r, k in before[name].items() if r not in doomed}, name
        for table in TRACES:
            traces = {rid for (rid,) in rows(desk, f'SELECT record_id FROM "{table}"')}  # noqa: S608
            assert not traces & doomed, f"{name}: {table} keeps deleted records"
    assert_in_step(server, desk_a, desk_b)
    # Statistics already made are kept, on both desks, as they were made.
    supervisor_b = login(desk_b, "supervisor")
    for desk, who in ((desk_a, supervisor), (desk_b, supervisor_b)):
        kept_report = desk.statistics.saved(who, program_code="lung", fiscal_year=group.fiscal_year)
        assert kept_report is not None, desk.workstation
        assert kept_report.report.rows == made.report.rows, desk.workstation

    (run,) = server.query(
        "SELECT program_code, fiscal_year, results, my_numbers_cleared FROM retention_runs"
    )
    assert run[:3] == ("lung", group.fiscal_year, group.count)
    kept = Counter(left.values())
    assert kept + Counter({("lung", group.fiscal_year): run[2]}) == statistics
    cleared = {
        rid
        for (rid,) in server.query(
            "SELECT id FROM residents WHERE my_number IS NULL"
            " AND (moved_out IS NOT NULL OR died IS NOT NULL)"
        )
    }
    assert len(cleared) >= run[3]
    for desk in (desk_a, desk_b):
        local = {rid for (rid,) in rows(desk, "SELECT id FROM residents WHERE my_number IS NULL")}
        assert cleared <= local, desk.workstation
    audited = server.query(
        "SELECT action, outcome FROM server_audit WHERE action LIKE 'retention_%' ORDER BY id"
    )
    assert audited == [("retention_names", "ok"), ("retention_purge", "ok")]
    local_audit = rows(
        desk_a,
        "SELECT action, outcome FROM audit_events WHERE action LIKE 'retention_%' ORDER BY seq",
    )
    assert local_audit == [("retention_names", "ok"), ("retention_approve", "ok")]
