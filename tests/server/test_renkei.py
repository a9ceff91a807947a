"""情報連携 end to end through the 中間サーバー simulator, on SQLite and on PostgreSQL: 情報照会
with a second person's confirmation, 副本登録 with the 自動応答不可 flag, refusals that change
nothing, the 情報提供等記録, and the purge of answers after their retention."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.domain import eligibility, synthetic
from app.domain.ids import new_id
from app.domain.policy import Role
from app.sync import wire
from server.changes import Change, compact, log_changes
from server.config import ServerSettings
from server.models import (
    Grant,
    Record,
    RenkeiAnswer,
    RenkeiRecord,
    RenkeiRequest,
    Resident,
    Staff,
)
from server.purge import purge_resident
from server.reference import DEMO_FROM
from server.renkei import layout, service
from server.renkei.layout import City, Item, LayoutError
from server.renkei.port import SpoolPort
from server.renkei.service import Connection
from server.renkei.simulator import Simulator
from tests.server.conftest import HASHER, HEADER, WARDS, Clock, Server, resident_line
from tests.server.test_push import push, record

FORMER = City("131016", "東京都千代田区")
OTHER = City("141003", "横浜市")
CITY = City("229999", "さくら市")
PASSWORD = "kuruma-ebi-renkei-05"


@pytest.fixture
def server(settings: ServerSettings, clock: Clock) -> Iterator[Server]:
    built = Server(settings.model_copy(update={"renkei_mode": "simulator"}), clock)
    with built.context.sessions.begin() as session:  # a second supervisor for the 2-person rule
        staff = Staff(
            login_id="supervisor2",
            display_name="責任 次郎",
            password_hash=HASHER.hash(PASSWORD),
            must_change_password=False,
            password_changed_at=clock.now(),
        )
        session.add(staff)
        session.flush()
        grant = Grant(staff_id=staff.id, role_code=Role.SUPERVISOR.value, valid_from=DEMO_FROM)
        session.add(grant)
        session.flush()
        log_changes(session, [Change("staff", staff.id), Change("grants", grant.id)])
    yield built
    built.client.close()
    built.engine.dispose()


def simulator(server: Server) -> Simulator:
    return Simulator(SpoolPort(server.context.settings.renkei_spool()), clock=server.clock.now)


def second_supervisor(server: Server, device: dict[str, str]) -> dict[str, str]:
    answer = server.post("/auth/login", device, {"login_id": "supervisor2", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {**device, "Authorization": f"Bearer {answer.json()['staff_token']}"}


def add_people(server: Server, **people: dict[str, str]) -> dict[str, Resident]:
    """Residents named by the keyword, each line's overrides given; returned by name."""
    lines = [
        resident_line(100 + n, WARDS[0], **overrides) for n, overrides in enumerate(people.values())
    ]
    answer = server.ingest("residents", HEADER + "\n" + "\n".join(lines) + "\n")
    assert answer.status_code == 200, answer.text
    found: dict[str, Resident] = {}
    with server.context.sessions() as session:
        for n, name in enumerate(people):
            row = session.scalar(select(Resident).where(Resident.register_no == f"{101 + n:010d}"))
            assert row is not None
            found[name] = row
    return found


def exchange(server: Server, staff: dict[str, str]) -> wire.RenkeiExchangeOut:
    answer = server.post("/renkei/exchange", staff)
    assert answer.status_code == 200, answer.text
    return wire.RenkeiExchangeOut.model_validate_json(answer.content)


def count(server: Server, model: Any) -> int:
    with server.context.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def kinds(server: Server) -> list[str]:
    with server.context.sessions() as session:
        return list(session.scalars(select(RenkeiRecord.kind).order_by(RenkeiRecord.id)))


ENDOSCOPY_LAST_YEAR = Item(date(2025, 6, 10), "stomach_endo", "異常認めず", False)
BREAST_REFERRAL = Item(date(2025, 9, 1), "breast", "要精検", True, "異常認めず")


def test_a_moved_in_resident_s_former_results_enter_the_history_once_a_second_person_confirms(
    server: Server,
) -> None:
    people = add_people(server, hanako={"moved_in": "2026-10-01", "sex": "F"})
    hanako = people["hanako"]
    assert hanako.my_number is not None
    sim = simulator(server)
    sim.add_other_city_result(hanako.my_number, FORMER, ENDOSCOPY_LAST_YEAR)
    sim.add_other_city_result(hanako.my_number, FORMER, BREAST_REFERRAL)
    device = server.enroll("desk", ward=WARDS[0])
    clerk = server.login(device)
    asker = server.login(device, "supervisor")
    checker = second_supervisor(server, device)

    refused = server.post("/renkei/requests", clerk, {"resident_id": hanako.id})
    assert refused.status_code == 403
    assert "保護責任者" in refused.json()["message"]
    assert server.get("/renkei/answers", clerk).status_code == 403

    made = server.post("/renkei/requests", asker, {"resident_id": hanako.id, "reason": "転入"})
    assert made.status_code == 200, made.text
    request = wire.RenkeiRequestOut.model_validate_json(made.content)
    assert (request.status, request.trigger, request.resident_name) == (
        "queued",
        "manual",
        hanako.name,
    )
    again = server.post("/renkei/requests", asker, {"resident_id": hanako.id})
    assert again.status_code == 422 and "回答待ち" in again.json()["message"]

    counts = exchange(server, asker)
    # 符号取得, the 自動応答不可 flag, the inquiry; then the simulator's answer
    assert (counts.sent, counts.received, counts.refused) == (3, 1, 0)
    answers = wire.RenkeiAnswers.model_validate_json(server.get("/renkei/answers", asker).content)
    assert len(answers.answers) == 1
    answer = answers.answers[0]
    assert answer.former_city == FORMER.name
    assert [(i.program_code, i.judgement, i.followup_result) for i in answer.items] == [
        ("stomach_endo", "異常認めず", None),
        ("breast", "要精検", "異常認めず"),
    ]
    assert answer.requested_by == request.requested_by
    assert answer.requested_by_name == "責任 正子"
    with server.context.sessions() as session:
        assert session.get(RenkeiRequest, request.id).status == "answered"
        assert session.scalar(select(func.count()).select_from(Record)) == 0  # not yet

    unknown = server.post(f"/renkei/answers/{answer.id}/delete", checker, {"reason": ""})
    assert unknown.status_code == 422  # only confirm or reject
    mine = server.post(f"/renkei/answers/{answer.id}/confirm", asker, {"reason": ""})
    assert mine.status_code == 422
    assert mine.json()["message"] == "照会を依頼した職員とは別の職員が確認してください。"

    done = server.post(f"/renkei/answers/{answer.id}/confirm", checker, {"reason": "照合済み"})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "confirmed"
    twice = server.post(f"/renkei/answers/{answer.id}/confirm", checker, {"reason": ""})
    assert twice.status_code == 422 and "既に" in twice.json()["message"]

    # Every desk of the ward receives the results through the records stream...
    changes, _ = server.pull_all("records", device)
    results = [c["data"] for c in changes if c["kind"] == "screening_result"]
    assert sorted((r["program_code"], r["fiscal_year"], r["source"]) for r in results) == [
        ("breast", 2025, "former_city"),
        ("stomach_endo", 2025, "former_city"),
    ]
    assert {r["values"]["former_city"] for r in results} == {FORMER.name}
    # ...and the rules read them: last year's endoscopy there blocks this year's X-ray here.
    history = [(r["program_code"], date.fromisoformat(r["screened_on"])) for r in results]
    decision = eligibility.decide(
        "stomach_xray", 2026, birth_date=hanako.birth_date, sex="F", history=history,
        moved_in=hanako.moved_in,
    )  # fmt: skip
    assert (decision.eligible, decision.reason) == (False, "stomach_after_endoscopy")
    before = eligibility.decide(
        "stomach_xray", 2026, birth_date=hanako.birth_date, sex="F", moved_in=hanako.moved_in
    )
    assert before.eligible

    record_kinds = kinds(server)
    for kind in ("requested", "inquiry", "answer", "confirmed"):
        assert kind in record_kinds
    provisions = server.get("/renkei/provisions", asker).json()["provisions"]
    assert provisions[0]["kind"] == "confirmed"
    assert provisions[0]["staff_name"] == "責任 次郎"
    assert provisions[0]["counterpart"] == FORMER.name
    assert provisions[0]["resident_name"] == hanako.name
    # the former city's results are not registered again as this city's 副本
    exchange(server, asker)
    assert sim.fukuhon_of(hanako.my_number) == []


def test_requests_that_cannot_be_made_are_refused_in_japanese_and_change_nothing(
    server: Server,
) -> None:
    people = add_people(
        server,
        native={},
        no_number={"moved_in": "2026-09-01", "my_number": ""},
        gone={"moved_in": "2026-09-01", "moved_out": "2026-10-01"},
    )
    asker = server.login(server.enroll("desk"), "supervisor")
    cases = {
        new_id(): "住民記録にありません",
        people["native"].id: "転入日のない住民",
        people["no_number"].id: "個人番号が登録されていない",
        people["gone"].id: "転出または死亡",
    }
    for resident_id, words in cases.items():
        answer = server.post("/renkei/requests", asker, {"resident_id": resident_id})
        assert answer.status_code == 422, answer.text
        assert words in answer.json()["message"]
    long = server.post(
        "/renkei/requests", asker, {"resident_id": people["native"].id, "reason": "x" * 10_000}
    )
    assert long.status_code == 422
    assert count(server, RenkeiRequest) == 0


def test_bad_duplicate_and_unknown_answers_are_refused_with_a_reason_and_change_nothing(
    server: Server,
) -> None:
    people = add_people(server, taro={"moved_in": "2026-10-01"})
    taro = people["taro"]
    assert taro.my_number is not None
    sim = simulator(server)
    sim.add_other_city_result(taro.my_number, FORMER, ENDOSCOPY_LAST_YEAR)
    asker = server.login(server.enroll("desk"), "supervisor")
    made = server.post("/renkei/requests", asker, {"resident_id": taro.id})
    assert made.status_code == 200
    assert exchange(server, asker).received == 1
    with server.context.sessions() as session:
        first = session.scalars(select(RenkeiAnswer)).one()
        answer_no, request_id = first.answer_no, first.request_id

    def answer(**body: Any) -> bytes:
        return layout.message("inquiry_result", FORMER, server.clock.now(), **body).encode()

    item = ENDOSCOPY_LAST_YEAR.as_layout()
    provided = {"status": "provided", "provider": {"code": FORMER.code, "name": FORMER.name}}
    bad: dict[str, bytes] = {
        "duplicate": answer(
            inquiry_id=request_id, answer_id=answer_no, screenings=[item], **provided
        ),
        "unknown": answer(inquiry_id=new_id(), answer_id=new_id(), screenings=[item], **provided),
        "malformed": b"{not json",
        "extra item": answer(
            inquiry_id=request_id,
            answer_id=new_id(),
            screenings=[{**item, "氏名": "漏えい"}],
            **provided,
        ),
        "wrong code": answer(
            inquiry_id=request_id,
            answer_id=new_id(),
            screenings=[{**item, "検診種別": "99"}],
            **provided,
        ),
        "huge": b'{"layout": "' + b"x" * 300_000 + b'"}',
        "notice of a stranger": layout.message(
            "provision_notice",
            OTHER,
            server.clock.now(),
            notice_id=new_id(),
            atena_no=new_id(),
            requester={"code": OTHER.code, "name": OTHER.name},
            status="provided",
            count=1,
            provided_at=server.clock.now().isoformat(),
        ).encode(),
    }
    for raw in bad.values():
        sim.inject(raw)
    before = (count(server, RenkeiAnswer), count(server, Record))
    counts = exchange(server, asker)
    assert (counts.received, counts.refused) == (0, len(bad))
    assert (count(server, RenkeiAnswer), count(server, Record)) == before
    with server.context.sessions() as session:
        details = list(
            session.scalars(select(RenkeiRecord.detail).where(RenkeiRecord.kind == "refused"))
        )
    assert len(details) == len(bad)
    joined = "\n".join(details)
    for words in ("重複", "照会の記録にない", "JSON", "法定の項目以外", "標準のコード", "大きすぎ"):
        assert words in joined
    assert "漏えい" not in joined  # a reason names the field, never the value
    spool = server.context.settings.renkei_spool()
    assert list((spool / "inbox").iterdir()) == []  # refused files do not stay behind


def test_results_of_this_city_are_registered_as_fukuhon_and_a_supported_person_is_never_answered(
    server: Server,
) -> None:
    people = add_people(server, ichiro={}, kyoko={"support_measure": "1"})
    ichiro, kyoko = people["ichiro"], people["kyoko"]
    assert ichiro.my_number and kyoko.my_number
    device = server.enroll("desk", ward=WARDS[0])
    clerk = server.login(device)
    asker = server.login(device, "supervisor")
    results = {
        name: record(
            "screening_result",
            {
                "resident_id": person.id,
                "program_code": "lung",
                "screened_on": "2026-06-01",
                "fiscal_year": 2026,
                "judgement": "要精検",
                "source": "verified",
            },
        )
        for name, person in people.items()
    }
    psa = record(
        "screening_result",
        {
            "resident_id": ichiro.id,
            "program_code": "prostate_psa",
            "screened_on": "2026-06-02",
            "fiscal_year": 2026,
            "judgement": "異常認めず",
        },
    )
    push(server, clerk, *results.values(), psa)
    sim = simulator(server)

    counts = exchange(server, asker)
    assert counts.registered == 2  # the 国保 PSA test is not a 健康増進事業 result
    assert sim.fukuhon_of(ichiro.my_number) == [
        {"受診日": "2026-06-01", "検診種別": "03", "結果": "2", "要精検": "1", "精検結果": None}
    ]
    assert sim.refused(kyoko.my_number) and not sim.refused(ichiro.my_number)

    # Another city asks: answered automatically for one, never for the supported person.
    assert sim.query_from(OTHER, ichiro.my_number) == sim.fukuhon_of(ichiro.my_number)
    assert sim.query_from(OTHER, kyoko.my_number) is None
    exchange(server, asker)
    with server.context.sessions() as session:
        given = dict(
            session.execute(
                select(RenkeiRecord.resident_id, RenkeiRecord.kind).where(
                    RenkeiRecord.kind.in_(("provided", "withheld"))
                )
            ).all()
        )
    assert given == {ichiro.id: "provided", kyoko.id: "withheld"}

    # A correction is registered as one; a deletion (a purge) takes the 副本 away.
    changed = record(
        "screening_result",
        {**results["ichiro"]["data"], "judgement": "異常認めず"},
        rid=results["ichiro"]["id"],
        base=1,
    )
    assert push(server, clerk, changed).results[0].status == "applied"
    exchange(server, asker)
    assert sim.fukuhon_of(ichiro.my_number)[0]["結果"] == "1"
    with server.context.sessions.begin() as session:
        purge_resident(session, ichiro.id, "test")
    exchange(server, asker)
    assert sim.fukuhon_of(ichiro.my_number) == []

    # The support measure ends: the flag is lifted, and the record says so.
    lifted = resident_line(101, WARDS[0], support_measure="0")
    assert server.ingest("residents", HEADER + "\n" + lifted + "\n").status_code == 200
    exchange(server, asker)
    assert not sim.refused(kyoko.my_number)
    record_kinds = kinds(server)
    for kind in ("fukuhon_register", "fukuhon_correct", "fukuhon_delete"):
        assert kind in record_kinds
    assert record_kinds.index("auto_answer_refused") < record_kinds.index("fukuhon_register")
    assert "auto_answer_allowed" in record_kinds


def test_requests_are_queued_after_a_move_in_and_answers_go_when_their_retention_ends(
    server: Server,
) -> None:
    today = server.clock.now().date()
    people = add_people(
        server,
        settled={"moved_in": (today - timedelta(days=40)).isoformat()},
        recent={"moved_in": (today - timedelta(days=5)).isoformat()},
        flagged={"moved_in": (today - timedelta(days=40)).isoformat()},
    )
    sim = simulator(server)
    for person in people.values():
        assert person.my_number is not None
        sim.add_other_city_result(person.my_number, FORMER, ENDOSCOPY_LAST_YEAR)
    sim.flag_at_other_city(people["flagged"].my_number or "")
    admin = server.login(server.enroll("admin-desk"), "admin")
    desk = server.enroll("desk")
    for key, value in (("renkei_auto_request_days", 30), ("renkei_answer_retention_days", 10)):
        assert server.put(f"/admin/settings/{key}", admin, {"value": value}).status_code == 200
    asker = server.login(desk, "supervisor")

    counts = exchange(server, asker)
    assert counts.queued_auto == 2  # the recent move-in waits for its 30 days
    assert counts.received == 2
    requests = server.get("/renkei/requests", asker).json()["requests"]
    by_person = {r["resident_id"]: r for r in requests}
    assert by_person[people["settled"].id]["status"] == "answered"
    assert by_person[people["settled"].id]["trigger"] == "auto"
    withheld = by_person[people["flagged"].id]
    assert withheld["status"] == "withheld" and "個別" in withheld["message"]
    assert exchange(server, asker).queued_auto == 0  # asked once per move-in

    # Anyone of the supervisors may confirm an automatic request's answer.
    answer = server.get("/renkei/answers", asker).json()["answers"][0]
    assert answer["requested_by"] is None and answer["requested_by_name"] is None

    server.clock.advance(days=11)
    asker = server.login(desk, "supervisor")
    counts = exchange(server, asker)
    assert counts.purged == 1
    assert count(server, RenkeiAnswer) == 0
    assert "purged" in kinds(server)
    gone = server.post(f"/renkei/answers/{answer['id']}/confirm", asker, {"reason": ""})
    assert gone.status_code == 422 and "削除済み" in gone.json()["message"]


def test_a_purged_resident_leaves_no_answer_behind(server: Server) -> None:
    people = add_people(server, jiro={"moved_in": "2026-10-01"})
    jiro = people["jiro"]
    simulator(server).add_other_city_result(jiro.my_number or "", FORMER, ENDOSCOPY_LAST_YEAR)
    asker = server.login(server.enroll("desk"), "supervisor")
    assert server.post("/renkei/requests", asker, {"resident_id": jiro.id}).status_code == 200
    exchange(server, asker)
    assert count(server, RenkeiAnswer) == 1
    with server.context.sessions.begin() as session:
        purge_resident(session, jiro.id, "test")
    assert (count(server, RenkeiAnswer), count(server, RenkeiRequest)) == (0, 0)


def test_the_spool_is_private_to_the_server_and_empties_after_an_exchange(
    server: Server,
) -> None:
    people = add_people(server, saburo={"moved_in": "2026-10-01"})
    asker = server.login(server.enroll("desk"), "supervisor")
    server.post("/renkei/requests", asker, {"resident_id": people["saburo"].id})
    exchange(server, asker)
    spool = server.context.settings.renkei_spool()
    for folder in (spool, spool / "outbox", spool / "inbox"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert list((spool / "outbox").iterdir()) == []
    assert list((spool / "inbox").iterdir()) == []
    state = spool / "simulator-state.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600


def test_without_a_connection_the_exchange_is_refused_in_japanese(
    settings: ServerSettings, clock: Clock
) -> None:
    plain = Server(settings, clock)
    try:
        asker = plain.login(plain.enroll("desk"), "supervisor")
        answer = plain.post("/renkei/exchange", asker)
        assert answer.status_code == 422
        assert "情報連携" in answer.json()["message"]
    finally:
        plain.client.close()
        plain.engine.dispose()


# ---------------------------------------------------------------- the layout alone


def test_the_layout_reads_what_it_writes_and_refuses_what_it_does_not_define() -> None:
    now = datetime(2026, 12, 1, 9, 0).astimezone()
    made = layout.message(
        "inquiry_result",
        FORMER,
        now,
        inquiry_id="q-1",
        answer_id="a-1",
        status="provided",
        provider={"code": FORMER.code, "name": FORMER.name},
        screenings=[BREAST_REFERRAL.as_layout()],
    )
    back = layout.read(made.encode())
    assert back.body["screenings"] == [BREAST_REFERRAL]
    item = BREAST_REFERRAL.as_layout()
    cases = {
        "要精検": {**item, "要精検": "0"},
        "受診日": {**item, "受診日": "R7.9.1"},
        "精検結果": {**item, "精検結果": "7"},
        "法定の項目以外": {**item, "\x07": "x"},
    }
    for words, broken in cases.items():
        with pytest.raises(LayoutError) as caught:
            layout.read_item(broken)
        assert words in caught.value.message
    with pytest.raises(LayoutError):
        layout.read(b"[]")
    with pytest.raises(LayoutError):
        layout.read(made.encode().replace(b'"inquiry_result"', b'"drop_table"'))


def test_demo_synthetic_numbers_are_valid_for_the_layout() -> None:
    assert layout.read(
        layout.message(
            "atena_register", FORMER, datetime.now().astimezone(), atena_no="x",
            my_number=synthetic.my_number(1),
        ).encode()
    ).body["my_number"] == synthetic.my_number(1)  # fmt: skip


def lung(resident_id: str, screened_on: str) -> dict[str, Any]:
    return record(
        "screening_result",
        {
            "resident_id": resident_id,
            "program_code": "lung",
            "screened_on": screened_on,
            "fiscal_year": 2026,
            "judgement": "異常認めず",
            "source": "verified",
        },
    )


def test_a_compacted_change_log_still_leaves_the_fukuhon_exact(server: Server) -> None:
    people = add_people(server, ume={}, sakura={})
    ume, sakura = people["ume"], people["sakura"]
    assert ume.my_number and sakura.my_number
    clerk = server.login(server.enroll("desk"))
    asker = server.login(server.enroll("desk2"), "supervisor")
    push(server, clerk, lung(ume.id, "2026-05-01"))
    exchange(server, asker)
    assert len(simulator(server).fukuhon_of(ume.my_number)) == 1
    # While no exchange runs: a result is added, a resident is purged, the log is compacted.
    push(server, clerk, lung(sakura.id, "2026-05-02"))
    with server.context.sessions.begin() as session:
        purge_resident(session, ume.id, "test")
    with server.context.sessions.begin() as session:
        compact(session, keep_last_n=0)
    exchange(server, asker)
    sim = simulator(server)
    assert sim.fukuhon_of(ume.my_number) == []
    assert [f["受診日"] for f in sim.fukuhon_of(sakura.my_number)] == ["2026-05-02"]


def test_a_large_backlog_is_registered_over_several_bounded_exchanges(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = add_people(server, kiku={})
    kiku = people["kiku"]
    assert kiku.my_number
    clerk = server.login(server.enroll("desk"))
    asker = server.login(server.enroll("desk2"), "supervisor")
    push(server, clerk, *(lung(kiku.id, f"2026-05-{day:02d}") for day in range(1, 8)))
    monkeypatch.setattr("server.renkei.service.BATCH", 2)
    monkeypatch.setattr("server.renkei.service.MAX_CHANGES", 4)
    registered = [exchange(server, asker).registered for _ in range(3)]
    assert registered == [4, 3, 0]
    assert len(simulator(server).fukuhon_of(kiku.my_number)) == 7


def test_an_inquiry_left_unanswered_is_given_up_and_may_be_made_again(server: Server) -> None:
    people = add_people(server, fuji={"moved_in": "2026-10-01"})
    fuji = people["fuji"]
    device = server.enroll("desk")
    asker = server.login(device, "supervisor")
    assert server.post("/renkei/requests", asker, {"resident_id": fuji.id}).status_code == 200
    spool = server.context.settings.renkei_spool()
    counts = service.exchange(  # no simulator: the 中間サーバー never answers
        server.context.sessions, Connection(SpoolPort(spool), CITY), server.clock.now()
    )
    assert (counts.sent, counts.received) == (3, 0)
    server.clock.advance(days=15)
    asker = server.login(device, "supervisor")
    exchange(server, asker)
    requests = server.get("/renkei/requests", asker).json()["requests"]
    assert requests[0]["status"] == "failed" and "期限" in requests[0]["message"]
    again = server.post("/renkei/requests", asker, {"resident_id": fuji.id})
    assert again.status_code == 200, again.text
