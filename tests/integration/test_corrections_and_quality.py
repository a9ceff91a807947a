"""Corrections need a second person who re-keys the changed field; keying errors per 1,000."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.identity import IDENTITY_FIELDS
from app.services.errors import PermissionDenied
from tests.entry_support import PAPER, key
from tests.support import login


def result_values(desk: Desk, result_id: str) -> tuple[str, str]:
    with desk.engine.connect() as connection:
        row = connection.execute(
            text('SELECT judgement, "values" FROM screening_results WHERE id = :id'),
            {"id": result_id},
        ).one()
    return row[0], row[1]


def test_a_change_is_applied_only_after_another_person_re_keys_it(
    desk: Desk, result_id: str
) -> None:
    clerk = login(desk, "clerk1")
    request = desk.corrections.request_change(
        clerk,
        result_id=result_id,
        changes={"judgement": "1", "fobt_day2": "陰性"},
        reason="医療機関から訂正連絡",
    )
    supervisor = login(desk, "supervisor")
    [pending] = desk.corrections.pending(supervisor)
    assert {code for code, _ in pending.fields} == {"judgement", "fobt_day2"}
    assert "陰性" not in repr(pending)  # the approver keys the values without seeing them
    with pytest.raises(KenshinError, match="一致しません"):
        desk.corrections.approve(
            supervisor,
            request_id=request,
            reverified={"judgement": "1", "fobt_day2": "2"},
            reason="確認",
        )
    assert result_values(desk, result_id)[0] == "要精検"  # nothing changed
    desk.corrections.approve(
        supervisor,
        request_id=request,
        reverified={"judgement": "異常認めず", "fobt_day2": "1"},
        reason="確認",
    )
    judgement, values = result_values(desk, result_id)
    assert judgement == "異常認めず" and '"fobt_day2": "1"' in values
    assert desk.corrections.pending(supervisor) == []


def test_nobody_approves_their_own_request_and_clerks_approve_nothing(
    desk: Desk, result_id: str
) -> None:
    supervisor = login(desk, "supervisor")
    request = desk.corrections.request_delete(supervisor, result_id=result_id, reason="重複登録")
    with pytest.raises(KenshinError, match="自分が申請した"):
        desk.corrections.approve(supervisor, request_id=request, reverified={}, reason="確認")
    with pytest.raises(PermissionDenied):
        desk.corrections.pending(login(desk, "clerk2"))


def test_an_approved_deletion_removes_the_result_and_goes_up_as_a_delete(
    desk: Desk, result_id: str
) -> None:
    request = desk.corrections.request_delete(
        login(desk, "clerk1"), result_id=result_id, reason="別人の用紙"
    )
    desk.corrections.reject(login(desk, "supervisor"), request_id=request, reason="本人と確認")
    assert result_values(desk, result_id)
    request = desk.corrections.request_delete(
        login(desk, "clerk1"), result_id=result_id, reason="別人の用紙"
    )
    desk.corrections.approve(
        login(desk, "supervisor"), request_id=request, reverified={}, reason="用紙を確認"
    )
    with desk.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM screening_results WHERE id = :i"), {"i": result_id}
            ).scalar()
            == 0
        )
        ops = [
            r[0]
            for r in connection.execute(
                text(
                    "SELECT operation FROM outbox WHERE record_kind = 'screening_result'"
                    " ORDER BY seq"
                )
            )
        ]
    assert ops[-1] == "delete"


def test_a_bad_correction_value_is_refused_in_japanese(desk: Desk, result_id: str) -> None:
    with pytest.raises(KenshinError, match="1=異常認めず"):
        desk.corrections.request_change(
            login(desk, "clerk1"), result_id=result_id, changes={"judgement": "9"}, reason="訂正"
        )


def test_keying_errors_are_charged_to_the_entry_that_was_wrong(
    desk: Desk,
    batch_id: str,
    person: dict[str, str],
) -> None:
    key(desk, "clerk1", batch_id, person)
    key(desk, "clerk2", batch_id, person, fobt_day2="1")
    supervisor = login(desk, "supervisor")
    [item] = desk.verification.queue(supervisor)
    desk.verification.key_from_paper(supervisor, form_id=item.form_id, field="fobt_day2", value="2")
    desk.verification.settle(
        supervisor, form_id=item.form_id, field="fobt_day2", decision="accept", reason="用紙どおり"
    )
    by_clerk = {row.label: row for row in desk.quality.keying_errors(supervisor, by="clerk")}
    fields_per_entry = len(PAPER) - 1 + len(IDENTITY_FIELDS)  # the comment is not compared
    assert by_clerk["clerk2"].errors == 1 and by_clerk["clerk1"].errors == 0
    assert by_clerk["clerk2"].fields_keyed == fields_per_entry
    assert by_clerk["clerk2"].per_thousand == pytest.approx(1000 / fields_per_entry)
    by_field = {row.key: row for row in desk.quality.keying_errors(supervisor, by="field")}
    assert by_field["colorectal:fobt_day2"].errors == 1


def test_a_second_request_waits_until_the_first_is_decided(desk: Desk, result_id: str) -> None:
    clerk = login(desk, "clerk1")
    desk.corrections.request_delete(clerk, result_id=result_id, reason="重複登録")
    with pytest.raises(KenshinError, match="承認待ちの申請"):
        desk.corrections.request_change(
            clerk, result_id=result_id, changes={"judgement": "1"}, reason="訂正"
        )
