"""精検 follow-ups: recorded by one person, confirmed blind by another; only confirmed count."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.errors import PermissionDenied
from tests.support import login


def rows(desk: Desk, query: str, **params: object) -> list[tuple[object, ...]]:
    with desk.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(query), params)]


def followup_row(desk: Desk, result_id: str) -> tuple[object, ...] | None:
    found = rows(
        desk,
        "SELECT status, outcome, examined_on, state, recorded_by, confirmed_by"
        " FROM followups WHERE result_id = :r",
        r=result_id,
    )
    return found[0] if found else None


def test_recorded_then_confirmed_by_another_person_who_re_keys_blind(
    desk: Desk, result_id: str, person: dict[str, str]
) -> None:
    clerk1, clerk2 = login(desk, "clerk1"), login(desk, "clerk2")
    [line] = desk.followups.referrals(clerk1, resident_id=person["id"])
    assert (line.result_id, line.state) == (result_id, "")
    followup_id = desk.followups.record(
        clerk1, result_id=result_id, status="attended", outcome="cancer", examined_on="R8.7.1"
    )
    row = followup_row(desk, result_id)
    assert row is not None and row[:4] == ("attended", "cancer", "2026-07-01", "pending")
    [pending] = desk.followups.pending(clerk2)
    assert pending.id == followup_id and not pending.mine
    assert "cancer" not in repr(pending) and "attended" not in repr(pending)
    assert desk.followups.pending(clerk1)[0].mine
    with pytest.raises(KenshinError, match="自分が入力した"):
        desk.followups.confirm(clerk1, followup_id=followup_id, status="attended", outcome="cancer")
    with pytest.raises(KenshinError, match="一致しません"):
        desk.followups.confirm(clerk2, followup_id=followup_id, status="attended", outcome="other")
    assert followup_row(desk, result_id)[3] == "pending"  # type: ignore[index]
    desk.followups.confirm(clerk2, followup_id=followup_id, status="attended", outcome="cancer")
    row = followup_row(desk, result_id)
    assert row is not None and row[3] == "confirmed" and row[5] == clerk2.staff_id
    assert desk.followups.pending(clerk2) == []
    [line] = desk.followups.referrals(clerk2, resident_id=person["id"])
    assert (line.state, line.status, line.outcome) == ("confirmed", "attended", "cancer")
    detail = desk.lookup.open_resident(clerk2, resident_id=person["id"])
    assert result_id not in {h.result_id for h in detail.open_follow_ups}  # no longer open
    with pytest.raises(KenshinError, match="確認済み"):
        desk.followups.record(clerk1, result_id=result_id, status="unknown")
    actions = rows(
        desk,
        "SELECT action, outcome, record_id, detail FROM audit_events"
        " WHERE action LIKE 'followup_%' ORDER BY seq",
    )
    assert [a[:2] for a in actions] == [
        ("followup_record", "ok"),
        ("followup_mismatch", "denied"),
        ("followup_confirm", "ok"),
    ]
    assert all(a[2] == result_id and a[3] == f"followup={followup_id}" for a in actions)
    queued = rows(
        desk,
        "SELECT count(*) FROM outbox WHERE record_kind = 'followup' AND record_id = :i",
        i=followup_id,
    )
    assert queued[0][0] >= 2


def test_a_pending_follow_up_may_be_re_recorded(desk: Desk, result_id: str) -> None:
    clerk1, supervisor = login(desk, "clerk1"), login(desk, "supervisor")
    first = desk.followups.record(clerk1, result_id=result_id, status="unknown")
    again = desk.followups.record(
        supervisor, result_id=result_id, status="attended", outcome="normal"
    )
    assert first == again
    # now supervisor recorded it: clerk1 may confirm
    desk.followups.confirm(clerk1, followup_id=first, status="attended", outcome="normal")
    assert followup_row(desk, result_id)[3] == "confirmed"  # type: ignore[index]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "maybe"}, "受診状況"),
        ({"status": "not_attended", "outcome": "cancer"}, "「受診」のときだけ"),
        ({"status": "unknown", "examined_on": "R8.7.1"}, "「受診」のときだけ"),
        ({"status": "attended"}, "精検結果を選んで"),
        ({"status": "attended", "outcome": "tumour"}, "から選んで"),
        ({"status": "attended", "outcome": "normal", "examined_on": "R9.1.5"}, "未来"),
        ({"status": "attended", "outcome": "normal", "examined_on": "R8.5.1"}, "より前"),
        ({"status": "attended", "outcome": "normal", "examined_on": "R8.7\x001"}, "制御文字"),
        ({"result_id": "no-such-result"}, "見つかりません"),
        ({"result_id": "abc\x07"}, "制御文字"),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_written(
    desk: Desk, result_id: str, changes: dict[str, str], message: str
) -> None:
    clerk = login(desk, "clerk1")
    args: dict[str, str] = {"result_id": result_id, "status": "attended", **changes}
    before = rows(desk, "SELECT count(*) FROM outbox")
    with pytest.raises(KenshinError, match=message):
        desk.followups.record(clerk, **args)  # type: ignore[arg-type]
    assert rows(desk, "SELECT count(*) FROM followups") == [(0,)]
    assert rows(desk, "SELECT count(*) FROM outbox") == before


def test_only_a_referral_takes_a_follow_up(desk: Desk, result_id: str) -> None:
    with desk.engine.begin() as connection:
        connection.execute(
            text("UPDATE screening_results SET judgement = '異常認めず' WHERE id = :i"),
            {"i": result_id},
        )
    with pytest.raises(KenshinError, match="要精検の結果ではありません"):
        desk.followups.record(login(desk, "clerk1"), result_id=result_id, status="unknown")


def test_admins_may_neither_record_nor_confirm(desk: Desk, result_id: str) -> None:
    admin = login(desk, "admin")
    with pytest.raises(PermissionDenied):
        desk.followups.record(admin, result_id=result_id, status="unknown")
    with pytest.raises(PermissionDenied):
        desk.followups.pending(admin)


def test_reminders_stop_only_for_a_confirmed_attended_follow_up(desk: Desk, result_id: str) -> None:
    supervisor, clerk = login(desk, "supervisor"), login(desk, "clerk1")

    def reminded() -> bool:
        found = desk.reminders.follow_ups(supervisor, months=1)
        screened = {(c.resident_id, c.screened_on) for c in found.items}
        [(resident_id,)] = rows(
            desk, "SELECT resident_id FROM screening_results WHERE id = :i", i=result_id
        )
        return (resident_id, date(2026, 6, 10)) in screened

    assert reminded()
    followup_id = desk.followups.record(
        clerk, result_id=result_id, status="attended", outcome="normal"
    )
    assert reminded()  # not confirmed yet
    desk.followups.confirm(supervisor, followup_id=followup_id, status="attended", outcome="normal")
    assert not reminded()
