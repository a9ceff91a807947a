"""情報連携 from an enrolled desk through a real server and its simulated 中間サーバー (issue 14):
a supervisor asks a moved-in resident's former city, an exchange brings the answer, the
requester may not confirm it, a second supervisor does, and after the sync round the desk's
history names the former city and its endoscopy blocks this year's stomach screening."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.services.renkei_dto import RenkeiAnswerView
from tests.e2e.harness import DeskFactory, ServerHandle, login, start_server

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
SECOND = "supervisor2"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with start_server(tmp_path_factory.mktemp("server"), residents=60) as handle:
        yield handle


@pytest.fixture(scope="module")
def desk(server: ServerHandle, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    made = DeskFactory(server, tmp_path_factory.mktemp("desks"))
    yield made.new("renkei-desk")
    made.close()


def moved_in_resident(server: ServerHandle) -> str:
    """The latest moved-in resident with a 個人番号: the demo's former city holds results."""
    [(rid,)] = server.query(
        "SELECT id FROM residents WHERE moved_in IS NOT NULL AND my_number IS NOT NULL"
        " ORDER BY moved_in DESC, register_no LIMIT 1"
    )
    return str(rid)


def second_supervisor(desk: Desk) -> StaffSession:
    admin = login(desk, "admin")
    password = desk.admin.create_staff(
        admin, login_id=SECOND, display_name="責任 次郎", roles=[Role.SUPERVISOR]
    )
    session = desk.auth.login(SECOND, password)
    return desk.auth.change_password(session, current=password, new="Kaede-renkei-pass-2026")


def test_a_request_answered_and_confirmed_by_another_enters_the_desks_history(
    server: ServerHandle, desk: Desk
) -> None:
    supervisor = login(desk, "supervisor")
    assert supervisor.online
    rid = moved_in_resident(server)
    made = desk.renkei.request(supervisor, resident_id=rid, reason="転入時に窓口で希望")
    assert (made.resident_id, made.status, made.trigger) == (rid, "queued", "manual")
    with pytest.raises(KenshinError) as again:
        desk.renkei.request(supervisor, resident_id=rid)
    assert "既に" in again.value.message  # the server's own Japanese reason, as it is

    done = desk.renkei.exchange(supervisor)
    assert done.sent >= 1 and done.received >= 1
    [asked] = [r for r in desk.renkei.requests(supervisor) if r.id == made.id]
    assert asked.status == "answered"
    [answer] = [a for a in desk.renkei.answers(supervisor) if a.resident_id == rid]
    assert answer.mine and answer.former_city
    assert "stomach_endo" in {item.program_code for item in answer.items}
    with pytest.raises(KenshinError) as own:
        desk.renkei.confirm_answer(supervisor, answer_id=answer.id)
    assert own.value.message == "照会を依頼した職員とは別の職員が確認してください。"

    second = second_supervisor(desk)
    [theirs] = [a for a in desk.renkei.answers(second) if a.id == answer.id]
    assert not theirs.mine
    outcome = desk.renkei.confirm_answer(second, answer_id=answer.id)
    assert outcome.answer.status == "confirmed" and outcome.synced, outcome.sync_message
    _history_shows(desk, supervisor, rid, answer)

    kinds = {p.kind for p in desk.renkei.provisions(supervisor)}
    assert {"inquiry", "answer"} <= kinds


def _history_shows(
    desk: Desk, supervisor: StaffSession, rid: str, answer: RenkeiAnswerView
) -> None:
    endoscopy = next(i for i in answer.items if i.program_code == "stomach_endo")
    year = fiscal_year_of(endoscopy.screened_on) + 1  # the fiscal year after it
    detail = desk.lookup.open_resident(supervisor, resident_id=rid, fiscal_year=year)
    former = [h for h in detail.history if h.former_city]
    assert len(former) == len(answer.items)
    assert {h.former_city for h in former} == {answer.former_city}
    assert not any(h.result_id in {f.result_id for f in detail.open_follow_ups} for h in former)
    xray = next(line for line in detail.eligibility if line.program_code == "stomach_xray")
    assert (xray.eligible, xray.reason) == (False, "stomach_after_endoscopy")


def test_a_clerk_is_refused_by_the_desk_before_the_server(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    with pytest.raises(PermissionDenied):
        desk.renkei.requests(clerk)
    with pytest.raises(PermissionDenied):
        desk.renkei.exchange(clerk)
