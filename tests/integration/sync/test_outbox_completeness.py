"""Every write of a workflow record goes to the outbox in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from app.bootstrap import Desk
from app.sync import wire
from tests.entry_support import PAPER, identity_of
from tests.support import login

Snapshot = dict[tuple[str, str], tuple[Any, ...]]


def snapshot(desk: Desk) -> Snapshot:
    rows: Snapshot = {}
    with desk.engine.connect() as connection:
        for kind, table in wire.RECORD_TABLES.items():
            for row in connection.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
                rows[(kind, row.id)] = tuple(row)
    return rows


def local_only(desk: Desk, kind: str, record_id: str) -> bool:
    """Drafts stay on the desk; an adjudication goes up once, decided."""
    with desk.engine.connect() as connection:
        if kind == "form_entry":
            query = "SELECT status = 'draft' FROM form_entries WHERE id = :i"
        elif kind == "adjudication" and kind in wire.APPEND_ONLY_KINDS:
            query = (
                "SELECT decision IN ('pending', 'return_pending') FROM adjudications WHERE id = :i"
            )
        else:
            return False
        return bool(connection.execute(text(query), {"i": record_id}).scalar())


def step(desk: Desk, action: Callable[[], object]) -> int:
    """Run one use case; every record row it wrote has a pending outbox entry of its own."""
    before = snapshot(desk)
    with desk.engine.connect() as connection:
        last = connection.execute(text("SELECT coalesce(max(seq), 0) FROM outbox")).scalar()
    action()
    after = snapshot(desk)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    with desk.engine.connect() as connection:
        queued = set(
            connection.execute(
                text(
                    "SELECT record_kind, record_id FROM outbox"
                    " WHERE seq > :s AND status = 'pending'"
                ),
                {"s": last},
            )
        )
    missing = {key for key in changed - queued if not local_only(desk, *key)}
    assert not missing, missing
    return len(changed)


def submit(
    desk: Desk, login_id: str, batch_id: str, form_no: int, person: dict[str, str], **changes: str
) -> None:
    session = login(desk, login_id)
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=form_no)
    desk.entry.submit(
        session, entry_id=slot.entry_id, identity=identity_of(person), values={**PAPER, **changes}
    )


def test_double_entry_adjudication_correction_and_issuance_all_reach_the_outbox(
    desk: Desk, person: dict[str, str]
) -> None:
    clerk1, clerk2 = login(desk, "clerk1"), login(desk, "clerk2")
    supervisor = login(desk, "supervisor")
    batch: list[str] = []
    step(
        desk,
        lambda: batch.append(
            desk.entry.create_batch(
                clerk1,
                program_code="colorectal",
                clinic_code="1312345678",
                month="2026-06",
                received_count=2,
            )
        ),
    )
    batch_id = batch[0]
    step(desk, lambda: submit(desk, "clerk1", batch_id, 1, person))
    step(desk, lambda: submit(desk, "clerk2", batch_id, 1, person, fobt_day2="1"))
    [item] = desk.verification.queue(supervisor)
    step(
        desk,
        lambda: desk.verification.key_from_paper(
            supervisor, form_id=item.form_id, field="fobt_day2", value="2"
        ),
    )
    step(
        desk,
        lambda: desk.verification.settle(
            supervisor, form_id=item.form_id, field="fobt_day2", decision="return", reason="再入力"
        ),
    )
    step(desk, lambda: submit(desk, "clerk1", batch_id, 1, person))
    step(desk, lambda: submit(desk, "clerk2", batch_id, 1, person))
    with desk.engine.connect() as connection:
        result_id = connection.execute(
            text("SELECT id FROM screening_results WHERE source = 'verified'")
        ).scalar()
    assert result_id
    followups: list[str] = []
    step(
        desk,
        lambda: followups.append(
            desk.followups.record(clerk1, result_id=result_id, status="unknown")
        ),
    )
    step(
        desk,
        lambda: desk.followups.confirm(supervisor, followup_id=followups[0], status="unknown"),
    )
    requests: list[str] = []
    step(
        desk,
        lambda: requests.append(
            desk.corrections.request_change(
                clerk1, result_id=result_id, changes={"judgement": "1"}, reason="訂正連絡"
            )
        ),
    )
    step(
        desk,
        lambda: desk.corrections.approve(
            supervisor, request_id=requests[0], reverified={"judgement": "1"}, reason="確認"
        ),
    )
    step(
        desk,
        lambda: requests.append(
            desk.corrections.request_delete(clerk2, result_id=result_id, reason="誤登録")
        ),
    )
    step(
        desk,
        lambda: desk.corrections.approve(
            supervisor, request_id=requests[1], reverified={}, reason="確認"
        ),
    )
    issued: list[str] = []
    step(
        desk,
        lambda: issued.append(
            desk.issuance.issue_one(
                clerk1, resident_id=person["id"], program_code="colorectal", fiscal_year=2026
            ).view.id
        ),
    )
    step(
        desk,
        lambda: issued.append(
            desk.issuance.reissue(supervisor, voucher_id=issued[0], reason="紛失").view.id
        ),
    )
    step(desk, lambda: desk.issuance.void(supervisor, voucher_id=issued[1], reason="誤発行"))
    run = desk.batch_issuance.plan_batch(supervisor, program_code="colorectal", fiscal_year=2026)
    assert step(desk, lambda: desk.batch_issuance.next_chunk(supervisor, run_id=run.id, size=5)) > 0
    step(
        desk,
        lambda: desk.statistics.program_report(
            supervisor, program_code="colorectal", fiscal_year=2026
        ),
    )
    with desk.engine.connect() as connection:
        kinds = {
            row[0] for row in connection.execute(text("SELECT DISTINCT record_kind FROM outbox"))
        }
    assert kinds == set(wire.RECORD_KINDS)
