"""情報連携 end to end: a real server process over TLS with the simulated 中間サーバー, and real
encrypted desks. A supervisor asks the former city of a resident who moved in; the answer waits
until a second supervisor confirms it; the desk then shows the former city's result in the
history and the eligibility rules count it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.errors import KenshinError
from server.renkei.layout import City, Item
from server.renkei.port import SpoolPort
from server.renkei.simulator import Simulator
from tests.e2e.harness import DeskFactory, ServerHandle, login

FORMER = City("271004", "大阪市")
INITIAL = "kari-pass-renkei-0001"
CHANGED = "hontou-no-pass-renkei-02"


def moved_in_woman_over_fifty(server: ServerHandle, simulator: Simulator) -> tuple[str, str]:
    """A resident of the register who moved in, a woman aged 50 or more by the end of FY2026
    (stomach screening by X-ray is for 50 and over), of whom no other city holds results yet
    (the demo's former cities hold some): her id and 個人番号."""
    born_by = date(1976, 3, 31).isoformat()
    rows = server.query(
        "SELECT id, my_number FROM residents WHERE moved_in IS NOT NULL AND my_number IS NOT "
        "NULL AND moved_out IS NULL AND died IS NULL AND sex = 'F' AND birth_date <= ? "
        "ORDER BY register_no",
        born_by,
    )
    for resident_id, my_number in rows:
        if not simulator.holds(str(my_number)):
            return str(resident_id), str(my_number)
    pytest.skip("the register has no moved-in woman of 50 or more")  # not with its seed


def second_supervisor(server: ServerHandle) -> None:
    made = server.admin(
        "POST",
        "/admin/staff",
        {"login_id": "supervisor-b", "display_name": "確認 二郎", "initial_password": INITIAL},
    )
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    server.admin(
        "POST",
        f"/admin/staff/{made['id']}/grants",
        {"role_code": "supervisor", "valid_from": since},
    )


def test_a_former_citys_endoscopy_reaches_the_desk_only_after_a_second_supervisor(
    server: ServerHandle, desks: DeskFactory
) -> None:
    simulator = Simulator(SpoolPort(server.directory / "renkei-spool"))
    resident_id, my_number = moved_in_woman_over_fifty(server, simulator)
    simulator.add_other_city_result(
        my_number, FORMER, Item(date(2025, 7, 1), "stomach_endo", "異常認めず", False)
    )
    desk = desks.new("renkei-desk")
    asker = login(desk, "supervisor")
    clerk = login(desk, "clerk1")
    with pytest.raises(KenshinError):
        desk.renkei.request(clerk, resident_id=resident_id)

    before = desk.lookup.open_resident(asker, resident_id=resident_id, fiscal_year=2026)
    assert not [line for line in before.history if line.former_city]

    desk.renkei.request(asker, resident_id=resident_id, reason="転入届の受付時")
    outcome = desk.renkei.exchange(asker)
    assert outcome.received >= 1
    waiting = [a for a in desk.renkei.answers(asker) if a.resident_id == resident_id]
    assert len(waiting) == 1
    with pytest.raises(KenshinError) as refused:
        desk.renkei.confirm_answer(asker, answer_id=waiting[0].id)
    assert "別の職員" in str(refused.value)
    desk.sync.sync_now(None)
    unchanged = desk.lookup.open_resident(asker, resident_id=resident_id, fiscal_year=2026)
    assert not [line for line in unchanged.history if line.former_city]

    second_supervisor(server)
    checker = desk.auth.login("supervisor-b", INITIAL)
    checker = desk.auth.change_password(checker, current=INITIAL, new=CHANGED)
    desk.renkei.confirm_answer(checker, answer_id=waiting[0].id, reason="照合済み")
    desk.sync.sync_now(None)

    after = desk.lookup.open_resident(asker, resident_id=resident_id, fiscal_year=2026)
    former = [line for line in after.history if line.former_city]
    assert [(line.program_code, line.screened_on, line.former_city) for line in former] == [
        ("stomach_endo", date(2025, 7, 1), FORMER.name)
    ]
    xray = next(line for line in after.eligibility if line.program_code == "stomach_xray")
    assert (xray.eligible, xray.reason) == (False, "stomach_after_endoscopy")
    kinds = {p.kind for p in desk.renkei.provisions(asker)}
    assert {"inquiry", "answer", "confirmed"} <= kinds
