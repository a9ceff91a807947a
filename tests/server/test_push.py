"""Push: every status, idempotence, merges and conflicts, natural keys, the records stream."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.domain import voucher_number
from app.domain.ids import new_id
from app.sync import wire
from server.models import Conflict, Record, Resident
from tests.server.conftest import Server


def record(
    kind: str, data: dict[str, Any], *, rid: str | None = None, base: int = 0
) -> dict[str, Any]:
    rid = rid or new_id()
    return {"id": rid, "kind": kind, "base_version": base, "data": {"id": rid, **data}}


def batch(**extra: Any) -> dict[str, Any]:
    data = {
        "program_code": "lung", "clinic_code": "C001", "month": "2026-10",
        "received_count": 10, "received_on": "2026-11-01", "created_by": "staff-1",
    } | extra  # fmt: skip
    return record("form_batch", data)


def form(batch_id: str, form_no: int = 1) -> dict[str, Any]:
    return record("paper_form", {"batch_id": batch_id, "form_no": form_no, "status": "keying"})


def entry(form_id: str, entry_no: int = 2) -> dict[str, Any]:
    data = {"form_id": form_id, "entry_no": entry_no, "staff_id": "s", "values": {"a": 1}}
    return record("form_entry", data)


def push(server: Server, staff: dict[str, str], *records: dict[str, Any], audit: Any = ()) -> Any:
    answer = server.post("/sync/push", staff, {"records": list(records), "audit": list(audit)})
    assert answer.status_code == 200, answer.text
    return wire.PushResponse.model_validate_json(answer.content)


def statuses(response: wire.PushResponse) -> list[str]:
    return [result.status for result in response.results]


def test_new_records_apply_and_the_same_push_twice_is_already_applied(server: Server) -> None:
    staff = server.login(server.enroll())
    b = batch()
    f = form(b["id"])
    first = push(server, staff, b, f)
    assert statuses(first) == ["applied", "applied"]
    assert [r.server_version for r in first.results] == [1, 1]
    again = push(server, staff, b, f)
    assert statuses(again) == ["already_applied", "already_applied"]


def test_a_missing_parent_is_retried_later_and_a_bad_record_never_blocks_the_rest(
    server: Server,
) -> None:
    staff = server.login(server.enroll())
    b = batch()
    orphan = form(new_id())
    bad = batch(received_count="ten")
    mismatch = record("form_batch", {**batch()["data"], "id": "other"})
    unknown = record("notice", {"x": 1})
    extra = batch(colour="red")
    voucher = record("voucher", {
        "number": "12345678901", "resident_id": "r", "program_code": "lung", "fiscal_year": 2026,
        "issued_at": "2026-11-01T00:00:00+00:00", "issued_by": "s",
    })  # fmt: skip
    answer = push(server, staff, orphan, bad, mismatch, unknown, extra, voucher, b)
    assert statuses(answer) == [
        "retry_later", "rejected", "rejected", "rejected", "rejected", "rejected", "applied",
    ]  # fmt: skip
    assert all(r.message for r in answer.results[:6])
    assert "received_count" in answer.results[1].message


def test_a_new_record_whose_id_is_taken_by_other_content_is_a_conflict(server: Server) -> None:
    staff = server.login(server.enroll())
    b = batch()
    push(server, staff, b)
    other = {**b, "data": {**b["data"], "clinic_code": "C999"}}
    answer = push(server, staff, other)
    assert statuses(answer) == ["conflict"]


def test_an_update_on_the_current_version_applies_even_to_an_adjudication(
    server: Server,
) -> None:
    staff = server.login(server.enroll())
    b = batch()
    f = form(b["id"])
    push(server, staff, b, f)
    changed = {**f, "base_version": 1, "data": {**f["data"], "status": "keyed"}}
    answer = push(server, staff, changed)
    assert statuses(answer) == ["applied"] and answer.results[0].server_version == 2
    adjudication = record("adjudication", {
        "form_id": f["id"], "field": "height", "first_value": "1", "second_value": "2",
        "first_staff_id": "a", "second_staff_id": "b", "program_code": "lung", "month": "2026-10",
    })  # fmt: skip
    assert statuses(push(server, staff, adjudication)) == ["applied"]
    # An adjudication is opened pending and settled later, perhaps at another desk: versioned.
    update = {**adjudication, "base_version": 1, "data": {**adjudication["data"], "reason": "x"}}
    settled = push(server, staff, update)
    assert statuses(settled) == ["applied"] and settled.results[0].server_version == 2


def test_stale_updates_merge_when_fields_differ_and_conflict_when_they_overlap(
    server: Server,
) -> None:
    device = server.enroll()
    desk_a, desk_b = server.login(device, "clerk1"), server.login(server.enroll("b"), "clerk2")
    b = batch()
    push(server, desk_a, b)
    first = {**b, "base_version": 1, "data": {**b["data"], "clinic_code": "C002"}}
    assert statuses(push(server, desk_a, first)) == ["applied"]
    other_field = {**b, "base_version": 1, "data": {**b["data"], "received_count": 12}}
    merged = push(server, desk_b, other_field)
    assert statuses(merged) == ["merged"] and merged.results[0].server_version == 3
    same_field = {**b, "base_version": 1, "data": {**b["data"], "clinic_code": "C003"}}
    assert statuses(push(server, desk_b, same_field)) == ["conflict"]
    assert statuses(push(server, desk_b, other_field)) == ["already_applied"]
    with server.context.sessions() as session:
        row = session.get(Record, b["id"])
        assert row is not None
        assert row.data["clinic_code"] == "C002" and row.data["received_count"] == 12
        queue = [(c.status, c.record_id) for c in session.scalars(select(Conflict))]
    assert sorted(queue) == [("flagged", b["id"]), ("open", b["id"])]


def test_two_desks_keying_the_same_second_entry_one_applies_one_conflicts(server: Server) -> None:
    desk_a = server.login(server.enroll("a"), "clerk1")
    desk_b = server.login(server.enroll("b"), "clerk2")
    b = batch()
    f = form(b["id"])
    push(server, desk_a, b, f)
    first = push(server, desk_a, entry(f["id"]))
    second = push(server, desk_b, entry(f["id"]))
    assert statuses(first) == ["applied"] and statuses(second) == ["conflict"]
    assert "2回目入力が別の端末で既に登録" in second.results[0].message
    with server.context.sessions() as session:
        conflicts = list(session.scalars(select(Conflict)))
    assert [(c.kind, c.record_id, c.status) for c in conflicts] == [
        ("form_entry", second.results[0].id, "open")
    ]


def test_voucher_numbers_are_unique_on_the_server(server: Server) -> None:
    server.add_residents(1)
    staff = server.login(server.enroll())
    with server.context.sessions() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    number = voucher_number.make(2026, 1)
    data = {
        "number": number, "resident_id": resident_id, "program_code": "lung",
        "fiscal_year": 2026, "issued_at": "2026-11-01T00:00:00+00:00", "issued_by": "s",
    }  # fmt: skip
    answer = push(server, staff, record("voucher", data), record("voucher", data))
    assert statuses(answer) == ["applied", "conflict"]
    missing = record(
        "voucher", {**data, "number": voucher_number.make(2026, 2), "resident_id": "x"}
    )
    assert statuses(push(server, staff, missing)) == ["retry_later"]


def test_one_followup_per_result_a_second_for_the_same_result_conflicts(server: Server) -> None:
    server.add_residents(1)
    staff = server.login(server.enroll())
    with server.context.sessions() as session:
        resident_id = session.scalars(select(Resident.id)).one()
    result = record("screening_result", {
        "resident_id": resident_id, "program_code": "colorectal", "screened_on": "2026-06-10",
        "fiscal_year": 2026, "judgement": "要精検",
    })  # fmt: skip
    data = {
        "result_id": result["id"], "resident_id": resident_id, "program_code": "colorectal",
        "fiscal_year": 2026, "status": "attended", "outcome": "cancer",
        "examined_on": "2026-07-01", "recorded_by": "s1",
        "recorded_at": "2026-07-02T00:00:00+00:00", "state": "pending",
    }  # fmt: skip
    first = push(server, staff, result, record("followup", data))
    assert statuses(first) == ["applied", "applied"]
    second = push(server, staff, record("followup", {**data, "status": "unknown", "outcome": None}))
    assert statuses(second) == ["conflict"]
    assert "精検結果は別の端末で既に登録" in second.results[0].message


def test_records_come_down_to_desks_of_the_pushing_ward_only(server: Server) -> None:
    north_a = server.enroll("na", ward="北区")
    north_b = server.enroll("nb", ward="北区")
    south = server.enroll("s", ward="南区")
    b = batch()
    push(server, server.login(north_a), b)
    changes, _ = server.pull_all("records", north_b)
    assert [(c["kind"], c["id"], c["data"]["version"]) for c in changes] == [
        ("form_batch", b["id"], 1)
    ]
    assert server.pull_all("records", south)[0] == []
    snap = server.get("/snapshot/records", north_b).json()
    assert [(r["id"], r["kind"], r["version"]) for r in snap["rows"]] == [
        (b["id"], "form_batch", 1)
    ]


def test_a_push_over_the_limits_is_refused(server: Server) -> None:
    staff = server.login(server.enroll())
    too_many = server.post("/sync/push", staff, {"records": [batch() for _ in range(101)]})
    assert too_many.status_code == 422 and too_many.json()["code"] == "invalid"
    huge = batch(clinic_code="x" * 2_000_000)
    too_big = server.post("/sync/push", staff, {"records": [huge]})
    assert too_big.status_code == 413


def test_a_desk_delete_carries_only_the_id_and_a_recreated_id_starts_afresh(
    server: Server,
) -> None:
    staff = server.login(server.enroll())
    b = batch()
    push(server, staff, b)
    gone = {"id": b["id"], "kind": "form_batch", "op": "delete", "base_version": 1,
            "data": {"id": b["id"]}}  # fmt: skip
    answer = push(server, staff, gone)
    assert statuses(answer) == ["applied"]
    assert statuses(push(server, staff, gone)) == ["already_applied"]  # a retried delete
    with server.context.sessions() as session:
        assert session.get(Record, b["id"]) is None
    again = push(server, staff, b)  # the same id made anew on a desk
    assert statuses(again) == ["applied"] and again.results[0].server_version == 1


def test_an_administrator_pushes_the_desks_audit_but_never_health_records(
    server: Server,
) -> None:
    device = server.enroll()
    admin = server.login(device, "admin")
    b = batch()
    answer = push(server, admin, b)
    assert statuses(answer) == ["retry_later"]  # kept on the desk for a clerk's session
    assert "事務担当" in answer.results[0].message
    with server.context.sessions() as session:
        assert session.get(Record, b["id"]) is None
    block = server.post("/vouchers/blocks", admin, {"fiscal_year": 2026, "size": 10})
    assert block.status_code == 403
    assert statuses(push(server, server.login(device, "clerk1"), b)) == ["applied"]
