"""Audit chains continue from the server's checkpoint; voucher blocks never overlap."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from app.domain.audit_chain import GENESIS, event_hash
from app.domain.ids import new_id
from app.sync import wire
from server.models import AuditEvent, Record
from tests.server.conftest import Server
from tests.server.test_push import batch


def chain(count: int, start_seq: int = 1, prev: str = GENESIS) -> list[dict[str, Any]]:
    events = []
    for seq in range(start_seq, start_seq + count):
        event = {
            "seq": seq, "id": new_id(), "at": "2026-11-26T01:00:00+00:00", "staff_id": "s",
            "workstation": "ws", "action": "login", "record_kind": None, "record_id": None,
            "outcome": "ok", "detail": "",
        }  # fmt: skip
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(event, prev)
        events.append(event)
    return events


def test_audit_events_continue_the_chain_and_move_the_checkpoint(server: Server) -> None:
    device = server.enroll()
    staff = server.login(device)
    assert server.get("/audit/checkpoint", device).json() == {"seq": 0, "hash": GENESIS}
    events = chain(5)
    first = server.post("/sync/push", staff, {"audit": events[:3]}).json()
    assert (first["audit_seq"], first["audit_hash"]) == (3, events[2]["hash"])
    resent = server.post("/sync/push", staff, {"audit": events}).json()  # 1-3 again, then 4-5
    assert (resent["audit_seq"], resent["audit_hash"]) == (5, events[4]["hash"])
    assert server.get("/audit/checkpoint", device).json() == {"seq": 5, "hash": events[4]["hash"]}


@pytest.mark.parametrize("breakage", ["gap", "tampered", "relinked", "rewritten"])
def test_a_broken_chain_is_refused_and_nothing_of_the_request_is_stored(
    server: Server, breakage: str
) -> None:
    device = server.enroll()
    staff = server.login(device)
    events = chain(4)
    server.post("/sync/push", staff, {"audit": events[:2]})
    bad = [dict(event) for event in events[2:]]
    if breakage == "gap":
        bad = bad[1:]
    elif breakage == "tampered":
        bad[0]["detail"] = "changed"
    elif breakage == "relinked":
        bad[0]["prev_hash"] = "f" * 64
    else:
        bad = [{**events[0], "detail": "rewritten"}, *bad]
    b = batch()
    answer = server.post("/sync/push", staff, {"records": [b], "audit": bad})
    assert answer.status_code == 422 and "監査記録のつながり" in answer.json()["message"]
    assert server.get("/audit/checkpoint", device).json()["seq"] == 2
    with server.context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2
        assert session.get(Record, b["id"]) is None


def _block(server: Server, staff: dict[str, str], year: int = 2026, size: int = 50) -> Any:
    answer = server.post("/vouchers/blocks", staff, {"fiscal_year": year, "size": size})
    assert answer.status_code == 200, answer.text
    return wire.VoucherBlock.model_validate_json(answer.content)


def test_voucher_blocks_never_overlap_and_expire_in_30_days(server: Server) -> None:
    staff_a = server.login(server.enroll("a"))
    staff_b = server.login(server.enroll("b"), "clerk2")
    blocks = [_block(server, staff_a), _block(server, staff_b, size=7), _block(server, staff_a)]
    other_year = _block(server, staff_a, year=2027)
    assert [(b.first, b.last) for b in blocks] == [(1, 50), (51, 57), (58, 107)]
    assert (other_year.first, other_year.last) == (1, 50)
    assert (blocks[0].expires_at - server.clock.now()).days == 30


def test_voucher_blocks_requested_at_once_never_overlap(server: Server) -> None:
    staffs = [server.login(server.enroll(f"d{i}")) for i in range(4)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        blocks = list(pool.map(lambda i: _block(server, staffs[i % 4], size=10), range(40)))
    serials = sorted(s for b in blocks for s in range(b.first, b.last + 1))
    assert serials == list(range(1, 401))
