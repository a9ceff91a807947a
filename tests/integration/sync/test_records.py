"""Pulled workflow records never overwrite local work the push has not settled."""

from __future__ import annotations

from typing import Any

from tests.integration.sync.conftest import SyncDesk
from tests.integration.sync.test_push import eligible, issue

STAMP = "2026-11-26T01:00:00.000000+00:00"


def server_copy(desk: SyncDesk, record_id: str, **changes: Any) -> dict[str, Any]:
    return {**desk.server.records[record_id]["data"], **changes}


def test_a_pull_never_overwrites_a_row_waiting_for_the_push(synced: SyncDesk) -> None:
    voucher = issue(synced, eligible(synced, 1)[0])
    synced.sync()
    synced.desk.issuance.void(synced.session("supervisor"), voucher_id=voucher, reason="誤発行")
    synced.server.put_record("voucher", server_copy(synced, voucher, reason="他端末"), version=2)
    assert synced.sync(None).online  # pull only: the local void waits for the push
    assert synced.scalar("SELECT status FROM vouchers WHERE id = :i", i=voucher) == "void"
    assert synced.scalar("SELECT count(*) FROM held_records") == 1
    synced.sync()  # based on version 1, the server holds 2: a conflict for a supervisor
    assert (
        synced.scalar("SELECT status FROM outbox WHERE record_id = :i ORDER BY seq DESC", i=voucher)
        == "conflict"
    )
    assert synced.scalar("SELECT status FROM vouchers WHERE id = :i", i=voucher) == "void"
    supervisor = synced.session("supervisor")
    problem = synced.desk.sync.problems(supervisor)[0]
    synced.desk.sync.resolve(supervisor, problem_id=problem.id, action="discard")
    assert synced.scalar("SELECT reason FROM vouchers WHERE id = :i", i=voucher) == "他端末"
    assert synced.scalar("SELECT count(*) FROM held_records") == 0


def test_a_refused_row_yields_its_natural_key_to_the_pulled_record_and_keeps_its_data(
    synced: SyncDesk,
) -> None:
    mine = issue(synced, eligible(synced, 1)[0])
    synced.server.forced[mine] = "conflict"
    synced.sync()
    number = synced.scalar("SELECT number FROM vouchers WHERE id = :i", i=mine)
    theirs = "01ffffff-0000-7000-8000-000000000001"
    row = {**synced.server.pushes[-1]["records"][0]["data"], "id": theirs, "reason": "他端末"}
    synced.server.forced.clear()
    synced.server.put_record("voucher", row)
    assert synced.sync(None).online
    assert synced.scalar("SELECT id FROM vouchers WHERE number = :n", n=number) == theirs
    assert synced.scalar("SELECT count(*) FROM vouchers WHERE id = :i", i=mine) == 0
    kept = synced.scalar("SELECT payload FROM outbox WHERE record_id = :i", i=mine)
    assert number in kept and mine in kept


def test_a_pending_row_keeps_its_natural_key_and_the_pulled_record_waits(synced: SyncDesk) -> None:
    mine = issue(synced, eligible(synced, 1)[0])
    number = synced.scalar("SELECT number FROM vouchers WHERE id = :i", i=mine)
    data = synced.scalar("SELECT resident_id FROM vouchers")
    row = {
        "id": "01ffffff-0000-7000-8000-000000000002",
        "version": 1,
        "updated_at": STAMP,
        "number": number,
        "resident_id": data,
        "program_code": "colorectal",
        "fiscal_year": 2026,
        "issued_at": STAMP,
        "issued_by": "someone",
        "status": "issued",
        "reissue_of": None,
        "reason": "",
    }
    synced.server.put_record("voucher", row)
    assert synced.sync(None).online
    assert synced.scalar("SELECT id FROM vouchers WHERE number = :n", n=number) == mine
    assert synced.scalar("SELECT count(*) FROM held_records") == 1


def test_a_record_whose_parent_is_not_here_waits_for_it(synced: SyncDesk) -> None:
    batch_id = "01ffffff-0000-7000-8000-0000000000b1"
    form = {
        "id": "01ffffff-0000-7000-8000-0000000000f1",
        "version": 1,
        "updated_at": STAMP,
        "batch_id": batch_id,
        "form_no": 1,
        "status": "keying",
        "resident_id": None,
        "identity_problem": None,
        "result_id": None,
    }
    synced.server.put_record("paper_form", form)
    assert synced.sync(None).online
    assert synced.scalar("SELECT count(*) FROM paper_forms") == 0
    batch = {
        "id": batch_id,
        "version": 1,
        "updated_at": STAMP,
        "program_code": "colorectal",
        "clinic_code": "1312345678",
        "month": "2026-06",
        "received_count": 1,
        "received_on": "2026-06-30",
        "created_by": "someone",
    }
    synced.server.put_record("form_batch", batch)
    assert synced.sync(None).online
    assert synced.scalar("SELECT count(*) FROM paper_forms WHERE batch_id = :b", b=batch_id) == 1
    assert synced.scalar("SELECT count(*) FROM held_records") == 0
    assert (
        synced.scalar(
            "SELECT server_version FROM record_versions WHERE record_id = :i", i=form["id"]
        )
        == 1
    )
