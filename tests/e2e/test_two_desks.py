"""Two desks and a server: entry one here, entry two there, adjudication back here; then an
admin revokes a clerk and the other desk refuses them, online and offline, losing nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.services.errors import AuthenticationFailed
from tests.e2e.harness import ServerHandle, login
from tests.entry_support import PAPER, identity_of


def a_person(desk: Desk) -> dict[str, str]:
    with desk.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT id, kana, birth_date, sex, address FROM residents"
                " WHERE birth_date < '1970-01-01' AND moved_out IS NULL AND died IS NULL"
                " ORDER BY register_no LIMIT 1"
            )
        ).one()
    return {"id": row[0], "kana": row[1], "birth_date": row[2], "sex": row[3], "address": row[4]}


def key_entry(
    desk: Desk, login_id: str, batch_id: str, person: dict[str, str], **changes: str
) -> str:
    session = login(desk, login_id)
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    outcome = desk.entry.submit(
        session, entry_id=slot.entry_id, identity=identity_of(person), values={**PAPER, **changes}
    )
    report = desk.sync.sync_now(session)
    assert report.online and report.problems == 0, report.message
    return outcome.form_status


def count(desk: Desk, sql: str, **params: str) -> int:
    with desk.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar() or 0)


BATCH = "SELECT count(*) FROM form_batches WHERE id = :id"


def test_entry_at_two_desks_adjudicated_at_a_third_reaches_everyone(
    desk_a: Desk, desk_b: Desk
) -> None:
    person = a_person(desk_a)
    assert a_person(desk_b) == person  # the register reached both desks
    clerk1 = login(desk_a, "clerk1")
    batch_id = desk_a.entry.create_batch(
        clerk1,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-06",
        received_count=1,
    )
    assert key_entry(desk_a, "clerk1", batch_id, person) == "keying"

    desk_b.sync.sync_now(None)
    assert key_entry(desk_b, "clerk2", batch_id, person, fobt_day2="1") == "review"

    desk_a.sync.sync_now(None)
    supervisor = login(desk_a, "supervisor")
    [item] = desk_a.verification.queue(supervisor)
    desk_a.verification.key_from_paper(
        supervisor, form_id=item.form_id, field="fobt_day2", value="2"
    )
    status = desk_a.verification.settle(
        supervisor, form_id=item.form_id, field="fobt_day2", decision="accept", reason="用紙どおり"
    )
    assert status == "verified"
    assert desk_a.sync.sync_now(supervisor).problems == 0

    desk_b.sync.sync_now(None)
    verified = "SELECT count(*) FROM screening_results WHERE source = 'verified'"
    assert count(desk_b, verified) == 1
    assert count(desk_b, "SELECT count(*) FROM paper_forms WHERE status = 'verified'") == 1
    assert desk_a.sync.status().pending == 0 and desk_b.sync.status().pending == 0


def test_a_revoked_clerk_is_refused_everywhere_and_their_records_still_go_up(
    server: ServerHandle, desk_a: Desk, desk_b: Desk
) -> None:
    clerk2 = login(desk_b, "clerk2")
    assert clerk2.online
    batch_id = desk_b.entry.create_batch(
        clerk2,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-07",
        received_count=2,
    )
    # clerk2's batch is not pushed yet when the admin revokes them.
    staff_id = server.staff_id("clerk2")
    for grant in server.admin("GET", f"/admin/staff/{staff_id}/grants"):
        if grant["revoked_at"] is None:
            server.admin("POST", f"/admin/grants/{grant['id']}/revoke")
    try:
        report = desk_b.sync.sync_now(clerk2)
        assert report.session_revoked
        with pytest.raises(AuthenticationFailed):
            login(desk_b, "clerk2")  # online
        assert login(desk_b, "clerk1").online  # clerk1's offline grant for this desk
        server.proxy.target_port, live = 1, server.proxy.target_port  # the network is gone
        try:
            with pytest.raises(AuthenticationFailed):
                login(desk_b, "clerk2")  # offline: the synced grants say no
            assert login(desk_b, "clerk1").online is False  # others still work offline
        finally:
            server.proxy.target_port = live
        assert count(desk_b, BATCH, id=batch_id) == 1
        clerk1 = login(desk_b, "clerk1")
        assert desk_b.sync.sync_now(clerk1).problems == 0
        desk_a.sync.sync_now(None)
        assert count(desk_a, BATCH, id=batch_id) == 1
    finally:
        role = {"role_code": "clerk", "valid_from": "2026-04-01T00:00:00+00:00"}
        server.admin("POST", f"/admin/staff/{staff_id}/grants", role)
