"""The network failing at every step: a pull of several pages, a new desk's snapshot and a push
of several records, each cut in the TLS handshake, in a request and in a response; the server
restarted (and killed) mid-push; the same push arriving twice.

Each cut round must report offline without raising, the next clean round must complete, and
then nothing is lost and nothing doubled: the server and every desk hold each record once, with
the same content, and nothing waits in an outbox.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import Desk
from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.services.dto import StaffSession
from app.services.sync_dto import SyncReport
from app.sync import wire
from tests.e2e.faults import Offset, Shape, Writer, a_person, clean_round, cut_round, key
from tests.e2e.harness import DeskFactory, ServerHandle, login, restore_store, save_store
from tests.e2e.invariants import (
    assert_in_step,
    assert_master_in_step,
    desk_records,
    pending,
    rows,
    scalar,
    server_records,
)

PAGE_ROWS = 3  # 12 new records make four pages of the records stream
SNAPSHOT_ROWS = 100  # the 300 residents make three snapshot pages
BIG = 20_000  # a response this large is a page of residents


@pytest.fixture(scope="module")
def writer(factory: DeskFactory) -> Writer:
    desk = factory.new("writer", spy=True)
    session = login(desk, "clerk1")
    writer = Writer(desk, session, factory.transports["writer"])
    writer.settle()  # its voucher block and first audit events: later rounds are all alike
    return writer


def store_of(factory: DeskFactory, desk: Desk) -> Path:
    return factory.root / desk.workstation


# ---------------------------------------------------------------- a pull of several pages


def test_a_pull_of_several_pages_cut_at_every_step(
    server: ServerHandle, factory: DeskFactory, writer: Writer, tmp_path: Path
) -> None:
    reader = factory.new("reader", page_rows=PAGE_ROWS)
    made = writer.new_records(batches=4, forms=2)
    assert len(made) == 12
    writer.settle()
    saved = tmp_path / "reader-before"
    save_store(reader, store_of(factory, reader), saved)

    shape = Shape(clean_round(server, reader, None))
    assert made <= desk_records(reader).keys()
    assert_in_step(server, writer.desk, reader)
    # The round's last answers: the records stream's four pages, purges, the audit checkpoint.
    *_, page1, page2, page3, page4, _purges, _checkpoint = shape.downs
    assert all(page.size > 1000 for page in (page1, page2, page3, page4))
    offsets = shape.every_step()  # every stream's request and answer, each records page
    assert len(offsets) > 60
    for offset in offsets:
        restore_store(reader, store_of(factory, reader), saved)
        cut_round(server, reader, None, offset)
        # A page is applied with its cursor or not at all: whole pages of three, no more.
        have = len(made & desk_records(reader).keys())
        assert have % PAGE_ROWS == 0, f"{offset.label}: {have} records, not whole pages"
        clean_round(server, reader, None)
        assert_in_step(server, reader)
        assert made <= desk_records(reader).keys(), offset.label


# ---------------------------------------------------------------- a new desk's snapshot


def test_a_new_desks_snapshot_cut_at_every_step(
    server: ServerHandle, factory: DeskFactory, writer: Writer, tmp_path: Path
) -> None:
    newcomer = factory.new("newcomer", sync=False, snapshot_rows=SNAPSHOT_ROWS)
    saved = tmp_path / "newcomer-enrolled"
    save_store(newcomer, store_of(factory, newcomer), saved)

    shape = Shape(clean_round(server, newcomer, None))
    assert_master_in_step(server, newcomer)
    assert_in_step(server, writer.desk, newcomer)
    # The first three large answers: the residents snapshot's pages (then come the records).
    pages = [i for i, burst in enumerate(shape.downs) if burst.size > BIG][:3]
    assert pages == [pages[0], pages[0] + 1, pages[0] + 2], "three pages of residents"
    # Every request and the last byte of every answer (each stream's snapshot pages, the
    # records, the rest), and points all through the large pages of residents.
    offsets = shape.every_step(whole_responses=False)
    for page in (shape.downs[i] for i in pages):  # and more points inside the large pages
        offsets += [
            Offset(f"residents page at {at}", down=shape.down(page.start + at))
            for at in range(5_000, page.size, 10_000)
        ]
    for offset in offsets:
        restore_store(newcomer, store_of(factory, newcomer), saved)
        cut_round(server, newcomer, None, offset)
        staged, swapped = residents_staged(newcomer)
        again = clean_round(server, newcomer, None)
        # The download resumes where it was cut: the pages staged are not fetched again.
        fetched = sum(1 for b in Shape(again).downs if BIG < b.size < 60_000)
        expected = 0 if swapped else 3 - staged // SNAPSHOT_ROWS
        assert fetched == expected, f"{offset.label}: {staged} staged, swapped: {swapped}"
        assert_master_in_step(server, newcomer)
        assert_in_step(server, newcomer)
        assert scalar(newcomer, "SELECT count(*) FROM residents") == server.residents


def residents_staged(desk: Desk) -> tuple[int, bool]:
    """Rows of the residents snapshot staged so far, and whether it was swapped in already."""
    text = scalar(desk, "SELECT cursor FROM sync_cursors WHERE stream = 'snapshot:residents'")
    swapped = scalar(desk, "SELECT count(*) FROM sync_cursors WHERE stream = 'residents'")
    return (0 if text is None else int(json.loads(text)["rows"])), bool(swapped)


# ---------------------------------------------------------------- a push of several records


def test_a_push_of_several_records_cut_at_every_step(server: ServerHandle, writer: Writer) -> None:
    writer.new_records()
    before = len(server.proxy.conversations)
    writer.settle()
    shape = Shape(server.proxy.conversations[before])
    request, answer = shape.ups[-1], shape.downs[-1]
    assert request.size > 2000, "the push is the round's last request"
    # The records' bytes move a little from one batch to the next (sequence numbers grow a
    # digit now and then): the cuts near an end keep 8 bytes off it, inside the last TLS
    # record's 16-byte tag, so the peer can read nothing of that record either way.
    offsets = [
        *shape.handshake(),
        *shape.request(request, "the push", margin=8),
        *shape.response(answer, "the push's answer", margin=8),
    ]
    for offset in offsets:
        made = writer.new_records()
        cut_round(server, writer.desk, writer.session, offset)
        committed = made <= server_records(server).keys()
        assert committed == (offset.up is None and not offset.handshake), offset.label
        assert pending(writer.desk) == len(made), offset.label  # nothing marked sent unseen
        writer.settle()
        statuses = writer.wire.statuses()
        expected = "already_applied" if committed else "applied"
        assert {statuses[i][-1] for i in made} == {expected}, offset.label
        assert_in_step(server, writer.desk, pushed=(writer.desk,))


# ---------------------------------------------------------------- the server restarted


def push_in_thread(writer: Writer) -> tuple[threading.Thread, list[SyncReport]]:
    reports: list[SyncReport] = []
    thread = threading.Thread(
        target=lambda: reports.append(writer.desk.sync.sync_now(writer.session))
    )
    thread.start()
    return thread, reports


def test_the_server_restarted_mid_push_loses_and_doubles_nothing(
    server: ServerHandle, factory: DeskFactory, writer: Writer
) -> None:
    reader = factory.new("restart-reader")
    writer.new_records()
    before = len(server.proxy.conversations)
    writer.settle()
    shape = Shape(server.proxy.conversations[before])
    request, answer = shape.ups[-1], shape.downs[-1]

    # 1. The server dies (SIGKILL) with half the push received: nothing of it was kept.
    made = writer.new_records()
    server.proxy.hold_next(up=request.start + request.size // 2)
    thread, reports = push_in_thread(writer)
    assert server.proxy.held.wait(30)
    server.restart(kill=True)
    thread.join(60)
    assert not thread.is_alive() and not reports[0].online
    assert not made & server_records(server).keys()
    writer.settle()
    assert {writer.wire.statuses()[i][-1] for i in made} == {"applied"}

    # 2. The server had committed the push and begun its answer when it was stopped.
    made = writer.new_records()
    server.proxy.hold_next(down=shape.down(answer.start + 1), after_flight=True)
    thread, reports = push_in_thread(writer)
    assert server.proxy.held.wait(30)
    assert made <= server_records(server).keys()  # committed before the answer went out
    server.restart()
    thread.join(60)
    assert not thread.is_alive() and not reports[0].online
    assert pending(writer.desk) == len(made)
    writer.settle()
    assert {writer.wire.statuses()[i][-1] for i in made} == {"already_applied"}
    assert reader.sync.sync_now(None).online
    assert_in_step(server, writer.desk, reader, pushed=(writer.desk,))


# ---------------------------------------------------------------- the same push twice


def test_the_same_push_twice_is_kept_once(server: ServerHandle, writer: Writer) -> None:
    # As the network does it: the answer lost after the server committed; the desk resends.
    writer.new_records()
    before = len(server.proxy.conversations)
    writer.settle()
    shape = Shape(server.proxy.conversations[before])
    answer = shape.downs[-1]
    made = writer.new_records()
    sent = len(writer.wire.sent)
    cut_round(
        server, writer.desk, writer.session, Offset("answer", down=shape.down(answer.end - 8))
    )
    assert made <= server_records(server).keys()
    writer.settle()
    assert {writer.wire.statuses()[i][-1] for i in made} == {"already_applied"}
    first, again = (wire.PushRequest.model_validate_json(b) for b in writer.wire.sent[sent:][:2])
    # The same records with the same content; the pull before the resend brought the server's
    # copies back, so the desk knew they were its own and resent them on version 1.
    assert [(r.id, r.data) for r in first.records] == [(r.id, r.data) for r in again.records]
    assert {r.base_version for r in first.records} == {0}
    assert {r.base_version for r in again.records} == {1}
    marked = rows(writer.desk, "SELECT record_id FROM outbox WHERE status = 'sent'")
    assert made <= {rid for (rid,) in marked}  # the desk marked them sent

    # As a replaying client does it: the very same request again, straight to the server.
    client = writer.desk.server_client()
    assert client is not None
    try:
        answer_again = wire.PushResponse.model_validate(
            client.request(
                "POST",
                "/sync/push",
                staff_token=writer.session.staff_token,
                content=writer.wire.sent[sent],
            )
        )
    finally:
        client.close()
    assert {r.status for r in answer_again.results} == {"already_applied"}
    versions = {rid: version for rid, (_, version, _) in server.records().items() if rid in made}
    assert set(versions.values()) == {1}
    logged = Counter(rid for (rid,) in server.query("SELECT record_id FROM change_log"))
    assert {logged[rid] for rid in made} == {1}  # each went into the change log once
    writer.settle()
    assert_in_step(server, writer.desk, pushed=(writer.desk,))


def issue_a_voucher(desk: Desk, session: StaffSession) -> str:
    """A voucher for the first resident still without one this year: its id."""
    fiscal_year = fiscal_year_of(datetime.now(UTC).astimezone().date())
    for (resident_id,) in rows(
        desk, "SELECT id FROM residents WHERE birth_date < '1975-01-01' ORDER BY register_no"
    ):
        try:
            issued = desk.issuance.issue_one(
                session, resident_id=resident_id, program_code="colorectal", fiscal_year=fiscal_year
            )
        except KenshinError:
            continue
        return issued.view.id
    raise AssertionError("no resident may have a voucher")


def test_an_answer_lost_then_the_record_changed_goes_up_as_an_update(
    server: ServerHandle, writer: Writer
) -> None:
    supervisor = login(writer.desk, "supervisor")
    voucher_id = issue_a_voucher(writer.desk, writer.session)
    writer.wire.lose_next_answer = True
    assert not writer.desk.sync.sync_now(writer.session).online
    assert voucher_id in server_records(server)  # the server took it; the desk cannot know
    # Before the next round the voucher is voided here: the desk now sends another content
    # for the same id. It is this desk's own record moving on, not two desks disagreeing.
    writer.desk.issuance.void(supervisor, voucher_id=voucher_id, reason="書き損じ")
    report = writer.desk.sync.sync_now(supervisor)
    assert report.online and report.problems == 0, writer.desk.sync.problems(supervisor)
    kind, version, data = server.records()[voucher_id]
    assert (kind, version, data["status"]) == ("voucher", 2, "void")
    assert not server.query("SELECT id FROM conflicts WHERE record_id = ?", voucher_id)

    # The same with an update: a supervisor's blind value goes up and its answer is lost;
    # then the field is settled here. The server holds version 2 of the adjudication, which
    # this desk sent; the settlement must go up on it, not as a change to version 1.
    clerk2 = login(writer.desk, "clerk2")
    person = a_person(writer.desk)
    batch_id = writer.new_batch(forms=1)
    key(writer.desk, writer.session, batch_id, person)
    assert key(writer.desk, clerk2, batch_id, person, fobt_day2="1")[1] == "review"
    writer.push()
    form_id = scalar(writer.desk, "SELECT id FROM paper_forms WHERE batch_id = :b", b=batch_id)
    [adjudication_id] = [
        row[0]
        for row in rows(writer.desk, "SELECT id FROM adjudications WHERE form_id = :f", f=form_id)
    ]
    writer.desk.verification.key_from_paper(
        supervisor, form_id=form_id, field="fobt_day2", value="2"
    )
    writer.wire.lose_next_answer = True
    assert not writer.desk.sync.sync_now(supervisor).online
    assert server.records()[adjudication_id][1] == 2
    status = writer.desk.verification.settle(
        supervisor, form_id=form_id, field="fobt_day2", decision="accept", reason="用紙どおり"
    )
    assert status == "verified"
    report = writer.desk.sync.sync_now(supervisor)
    assert report.online and report.problems == 0, writer.desk.sync.problems(supervisor)
    kind, version, data = server.records()[adjudication_id]
    assert (version, data["decision"], data["final_value"]) == (3, "accepted", "2")
    assert not server.query("SELECT id FROM conflicts WHERE record_id = ?", adjudication_id)
    writer.settle()
    assert_in_step(server, writer.desk, pushed=(writer.desk,))
