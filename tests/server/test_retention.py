"""Retention on the server: candidates by program and year, names on request (audited), an
approval that deletes results and their corrections, purges them on the desks and clears the
my_number of people left with nothing who moved out or died."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from server.models import Record, Resident, RetentionRun, ServerAudit
from tests.server.conftest import Server
from tests.server.test_push import push, record


def result(resident_id: str, program: str, fiscal_year: int) -> dict[str, Any]:
    return record(
        "screening_result",
        {
            "resident_id": resident_id,
            "program_code": program,
            "screened_on": f"{fiscal_year}-10-01",
            "fiscal_year": fiscal_year,
            "judgement": "異常なし",
        },
    )


def correction(result_id: str) -> dict[str, Any]:
    return record(
        "correction_request",
        {
            "result_id": result_id,
            "kind": "fix",
            "reason": "転記誤り",
            "requested_by": "s",
            "requested_at": "2020-01-10T00:00:00+00:00",
        },
    )


def residents(server: Server) -> list[str]:
    server.add_residents(4)
    with server.context.sessions.begin() as session:
        rows = list(session.scalars(select(Resident).order_by(Resident.register_no)))
        rows[0].moved_out = date(2022, 5, 1)  # moved out, nothing left after FY 2019 goes
        rows[1].died = date(2023, 1, 1)  # died, but a FY 2021 result stays
        return [row.id for row in rows]


def setup(server: Server) -> tuple[dict[str, str], list[str], list[dict[str, Any]]]:
    people = residents(server)
    clerk = server.login(server.enroll("clerk-desk"))
    old = [result(people[0], "lung", 2019), result(people[1], "lung", 2019)]
    kept = [
        result(people[1], "lung", 2021),
        result(people[2], "osteoporosis", 2019),
        result(people[2], "lung", 2020),
    ]
    fix = correction(old[0]["id"])
    answer = push(server, clerk, *old, *kept, fix)
    assert {r.status for r in answer.results} == {"applied"}
    return clerk, people, [*old, fix]


def test_candidates_are_counts_of_due_groups_for_a_supervisor_only(server: Server) -> None:
    clerk, _, _ = setup(server)
    supervisor = server.login(server.enroll("sv-desk"), "supervisor")
    answer = server.get("/retention/candidates", supervisor)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["as_of"] == "2026-11-26"
    assert [(g["program_code"], g["fiscal_year"], g["count"]) for g in body["groups"]] == [
        ("lung", 2019, 2),
        ("lung", 2020, 1),
    ]
    assert body["groups"][0]["deletion_date"] == "2025-04-01"
    for who in (clerk, server.login(server.enroll("admin-desk"), "admin")):
        assert server.get("/retention/candidates", who).status_code == 403
        assert server.get("/retention/candidates/lung/2019/names", who).status_code == 403
        refused = server.post(
            "/retention/approve",
            who,
            {"program_code": "lung", "fiscal_year": 2019, "expected_count": 2},
        )
        assert refused.status_code == 403
    device_only = {k: v for k, v in supervisor.items() if k != "Authorization"}
    assert server.get("/retention/candidates", device_only).status_code == 401


def test_names_are_on_request_and_audited(server: Server) -> None:
    _, people, _ = setup(server)
    supervisor = server.login(server.enroll("sv-desk"), "supervisor")
    answer = server.get("/retention/candidates/lung/2019/names", supervisor)
    assert answer.status_code == 200, answer.text
    assert {n["resident_id"] for n in answer.json()["names"]} == {people[0], people[1]}
    assert all(n["name"] for n in answer.json()["names"])
    assert server.get("/retention/candidates/lung/2021/names", supervisor).status_code == 422
    with server.context.sessions() as session:
        events = list(
            session.scalars(select(ServerAudit).where(ServerAudit.action == "retention_names"))
        )
    assert [(e.target_id, e.detail) for e in events] == [("lung:2019", "names=2")]


def test_approval_deletes_purges_and_clears_my_numbers_first(server: Server) -> None:
    _, people, gone = setup(server)
    supervisor = server.login(server.enroll("sv-desk"), "supervisor")
    other = server.enroll("other-desk")
    _, cursor = server.pull_all("purges", other)
    _, resident_cursor = server.pull_all("residents", other)
    stale = server.post(
        "/retention/approve",
        supervisor,
        {"program_code": "lung", "fiscal_year": 2019, "expected_count": 3},
    )
    assert stale.status_code == 422
    not_due = server.post(
        "/retention/approve",
        supervisor,
        {"program_code": "lung", "fiscal_year": 2021, "expected_count": 1},
    )
    assert not_due.status_code == 422
    assert "2027-03-31" in not_due.json()["message"]
    answer = server.post(
        "/retention/approve",
        supervisor,
        {"program_code": "lung", "fiscal_year": 2019, "expected_count": 2},
    )
    assert answer.status_code == 200, answer.text
    run = answer.json()
    assert (run["results"], run["corrections"], run["my_numbers_cleared"]) == (2, 1, 1)
    purges, _ = server.pull_all("purges", other, cursor)
    assert sorted((c["id"], c["kind"], c["op"], c["data"]) for c in purges) == sorted(
        (r["id"], r["kind"], "purge", None) for r in gone
    )
    changed, _ = server.pull_all("residents", other, resident_cursor)
    assert [(c["id"], c["op"], c["data"]["my_number"]) for c in changed] == [
        (people[0], "upsert", None)
    ]
    with server.context.sessions() as session:
        left = set(session.scalars(select(Record.id)))
        assert not left & {r["id"] for r in gone}
        assert len(left) == 3
        numbers = {r.id: r.my_number for r in session.scalars(select(Resident))}
        assert numbers[people[0]] is None  # moved out, nothing left
        assert numbers[people[1]] is not None  # died, a FY 2021 result remains
        assert numbers[people[3]] is not None  # never touched
        (kept,) = session.scalars(select(RetentionRun))
        assert (kept.program_code, kept.fiscal_year, kept.results) == ("lung", 2019, 2)
        audited = session.scalars(
            select(ServerAudit.outcome).where(ServerAudit.action == "retention_purge")
        )
        assert sorted(audited) == ["ok", "refused", "refused"]
    again = server.get("/retention/candidates", supervisor).json()["groups"]
    assert [(g["program_code"], g["fiscal_year"]) for g in again] == [("lung", 2020)]


def test_the_retention_setting_overrides_the_defaults(server: Server) -> None:
    setup(server)
    admin = server.login(server.enroll("admin-desk"), "admin")
    put = server.put("/admin/settings/retention_years", admin, {"value": {"osteoporosis": 5}})
    assert put.status_code == 200, put.text
    supervisor = server.login(server.enroll("sv-desk"), "supervisor")
    groups = server.get("/retention/candidates", supervisor).json()["groups"]
    assert ("osteoporosis", 2019, 1) in [
        (g["program_code"], g["fiscal_year"], g["count"]) for g in groups
    ]


def test_the_form_its_entries_adjudications_followup_and_vouchers_go_with_the_result(
    server: Server,
) -> None:
    from app.domain import voucher_number
    from tests.server.test_push import batch, entry, form

    people = residents(server)
    clerk = server.login(server.enroll("clerk-desk"))
    b = batch()
    f = form(b["id"])
    first, second = entry(f["id"], 1), entry(f["id"], 2)
    adjudication = record("adjudication", {
        "form_id": f["id"], "field": "judgement", "first_value": "1", "second_value": "2",
        "first_staff_id": "a", "second_staff_id": "b", "program_code": "lung", "month": "2019-10",
    })  # fmt: skip
    verified = record("screening_result", {
        "resident_id": people[2], "program_code": "lung", "screened_on": "2019-10-01",
        "fiscal_year": 2019, "judgement": "要精検", "form_id": f["id"],
    })  # fmt: skip
    followup = record("followup", {
        "result_id": verified["id"], "resident_id": people[2], "program_code": "lung",
        "fiscal_year": 2019, "status": "unknown", "recorded_by": "a",
        "recorded_at": "2020-01-10T00:00:00+00:00", "state": "confirmed",
    })  # fmt: skip

    def voucher(year: int, serial: int) -> dict[str, Any]:
        return record("voucher", {
            "number": voucher_number.make(year, serial), "resident_id": people[2],
            "program_code": "lung", "fiscal_year": year,
            "issued_at": f"{year}-05-01T00:00:00+00:00", "issued_by": "a", "status": "issued",
        })  # fmt: skip

    old_voucher, new_voucher = voucher(2019, 1), voucher(2021, 2)
    pushed = [b, f, first, second, adjudication, verified, followup, old_voucher, new_voucher]
    assert {r.status for r in push(server, clerk, *pushed).results} == {"applied"}
    supervisor = server.login(server.enroll("sv-desk"), "supervisor")
    answer = server.post(
        "/retention/approve",
        supervisor,
        {"program_code": "lung", "fiscal_year": 2019, "expected_count": 1},
    )
    assert answer.status_code == 200, answer.text
    with server.context.sessions() as session:
        left = set(session.scalars(select(Record.id)))
    gone = {f["id"], first["id"], second["id"], adjudication["id"], verified["id"]}
    gone |= {followup["id"], old_voucher["id"]}
    assert not left & gone
    assert {b["id"], new_voucher["id"]} <= left  # the clinic's batch and another year stay
