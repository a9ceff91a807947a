"""Pushing the outbox and the audit chain: order, collapsing, every answer, backoff, the pointer."""

from __future__ import annotations

from app.sync.engine import AUDIT_ROLLBACK
from tests.integration.sync.conftest import SyncDesk


def eligible(desk: SyncDesk, count: int) -> list[str]:
    return [
        row[0]
        for row in desk.rows(
            "SELECT id FROM residents WHERE birth_date < '1980-01-01' ORDER BY id LIMIT :n",
            n=count,
        )
    ]


def issue(desk: SyncDesk, resident_id: str) -> str:
    return desk.desk.issuance.issue_one(
        desk.session("clerk1"), resident_id=resident_id, program_code="colorectal", fiscal_year=2026
    ).view.id


def outbox(desk: SyncDesk) -> list[tuple[str, str, str]]:
    return [
        (row[0], row[1], row[2])
        for row in desk.rows("SELECT record_id, status, coalesce(server_message, '') FROM outbox")
    ]


def test_the_outbox_drains_in_device_order_one_record_each_as_it_is_now(synced: SyncDesk) -> None:
    first, second = eligible(synced, 2)
    voucher_a = issue(synced, first)
    voucher_b = issue(synced, second)
    synced.desk.issuance.void(synced.session("supervisor"), voucher_id=voucher_a, reason="誤発行")
    report = synced.sync()
    assert report.online and report.pushed == 2
    records = synced.server.pushes[-1]["records"]
    assert [r["id"] for r in records] == [voucher_a, voucher_b]
    assert records[0]["data"]["status"] == "void" and records[0]["base_version"] == 0
    assert outbox(synced) == [(voucher_a, "sent", ""), (voucher_b, "sent", "")]
    assert (
        synced.scalar(
            "SELECT server_version FROM record_versions WHERE record_id = :i", i=voucher_a
        )
        == 1
    )


def test_an_update_goes_up_with_the_server_version_it_was_based_on(synced: SyncDesk) -> None:
    voucher = issue(synced, eligible(synced, 1)[0])
    synced.sync()
    synced.desk.issuance.void(synced.session("supervisor"), voucher_id=voucher, reason="誤発行")
    synced.sync()
    update = synced.server.pushes[-1]["records"][0]
    assert update["base_version"] == 1 and update["data"]["status"] == "void"
    assert (
        synced.scalar("SELECT server_version FROM record_versions WHERE record_id = :i", i=voucher)
        == 2
    )


def test_every_answer_is_kept_and_a_refused_record_blocks_none_after_it(synced: SyncDesk) -> None:
    ids = [issue(synced, resident) for resident in eligible(synced, 6)]
    answers = ["rejected", "conflict", "already_applied", "merged", "retry_later", "applied"]
    synced.server.forced = dict(zip(ids, answers, strict=True))
    report = synced.sync()
    assert report.problems == 2
    states = {record_id: (status, message) for record_id, status, message in outbox(synced)}
    assert states[ids[0]] == ("rejected", "強制")
    assert states[ids[1]] == ("conflict", "強制")
    assert [states[i][0] for i in ids[2:]] == ["sent", "sent", "pending", "sent"]
    payload = synced.scalar("SELECT payload FROM outbox WHERE record_id = :i", i=ids[0])
    assert ids[0] in payload  # the data sent is kept with the refusal
    problems = synced.desk.sync.problems(synced.session("supervisor"))
    assert [(p.record_kind_ja, p.status) for p in problems] == [
        ("受診券", "rejected"),
        ("受診券", "conflict"),
    ]
    assert synced.desk.sync.status().problems == 2


def test_retry_later_backs_off_and_tries_again_when_due(synced: SyncDesk) -> None:
    voucher = issue(synced, eligible(synced, 1)[0])
    synced.server.forced[voucher] = "retry_later"
    synced.sync()
    row = synced.rows("SELECT status, attempts, next_attempt_at FROM outbox")[0]
    assert row[0] == "pending" and row[1] == 1
    synced.server.forced.clear()
    pushes = len(synced.server.pushes)
    synced.sync()
    assert all(not p["records"] for p in synced.server.pushes[pushes:])
    synced.clock.advance(seconds=31)
    synced.sync()
    assert outbox(synced) == [(voucher, "sent", "")]


def test_the_audit_chain_goes_up_and_the_pointer_follows_the_checkpoint(synced: SyncDesk) -> None:
    head = synced.scalar("SELECT seq FROM audit_head")
    assert synced.server.checkpoint[0] == head
    assert synced.scalar("SELECT cursor FROM sync_cursors WHERE stream = 'audit:pushed'") == str(
        head
    )
    assert synced.desk.sync.status().pending == 0
    issue(synced, eligible(synced, 1)[0])
    before = len(synced.server.audit)
    synced.sync()
    pushed = synced.server.pushes[-1]["audit"]
    assert [e["seq"] for e in pushed] == list(range(head + 1, head + 1 + len(pushed)))
    assert len(synced.server.audit) == before + len(pushed)


def test_a_local_chain_without_the_server_checkpoint_is_reported_once(synced: SyncDesk) -> None:
    head = synced.scalar("SELECT seq FROM audit_head")
    synced.server.checkpoint = (head + 5, "f" * 64)  # the server saw events this desk lost
    report = synced.sync()
    assert report.message == AUDIT_ROLLBACK
    synced.sync()
    assert synced.desk.sync.status().message == AUDIT_ROLLBACK
    events = "SELECT count(*) FROM audit_events WHERE action = 'audit_rollback_detected'"
    assert synced.scalar(events) == 1


def test_a_busy_server_or_no_network_leaves_the_outbox_pending(synced: SyncDesk) -> None:
    voucher = issue(synced, eligible(synced, 1)[0])
    synced.server.errors.append(("/sync/push", 503, "busy"))
    report = synced.sync()
    assert not report.online and report.message
    synced.server.errors.append(("/sync/", 0, ""))
    report = synced.sync()
    assert not report.online and "オフライン" in report.message
    assert outbox(synced) == [(voucher, "pending", "")]
    assert synced.desk.sync.status().online is False


def test_without_a_staff_token_only_the_pull_runs(synced: SyncDesk) -> None:
    issue(synced, eligible(synced, 1)[0])
    pushes = len(synced.server.pushes)
    report = synced.sync(None)
    assert report.online and len(synced.server.pushes) == pushes
    assert synced.desk.sync.status().needs_online_login


def test_a_revoked_staff_member_ends_the_session_and_loses_the_offline_grant(
    synced: SyncDesk,
) -> None:
    clerk = synced.session("clerk1")
    with synced.desk.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO offline_grants (staff_id, signed_grant, expires_at) VALUES (?, '{}', ?)",
            (clerk.staff_id, "2026-12-01 00:00:00.000000"),
        )
    synced.server.errors.append(("/sync/push", 401, "staff_revoked"))
    issue(synced, eligible(synced, 1)[0])
    report = synced.desk.sync.sync_now(clerk)
    assert report.session_revoked
    assert synced.scalar("SELECT count(*) FROM offline_grants") == 0


def test_a_problem_can_be_sent_again_or_discarded_by_a_supervisor(synced: SyncDesk) -> None:
    first, second = (issue(synced, r) for r in eligible(synced, 2))
    synced.server.forced = {first: "rejected", second: "rejected"}
    synced.sync()
    supervisor = synced.session("supervisor")
    problems = {p.record_id: p.id for p in synced.desk.sync.problems(supervisor)}
    synced.desk.sync.resolve(supervisor, problem_id=problems[first], action="retry")
    synced.desk.sync.resolve(supervisor, problem_id=problems[second], action="discard")
    synced.server.forced.clear()
    synced.sync()
    assert dict((r, s) for r, s, _ in outbox(synced)) == {first: "sent", second: "discarded"}
    assert (
        synced.scalar("SELECT count(*) FROM audit_events WHERE action LIKE 'sync_problem_%'") == 2
    )
