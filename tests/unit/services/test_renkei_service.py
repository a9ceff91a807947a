"""RenkeiService with in-memory fakes and a fake server: the calls it makes with the staff
token, what it shows, the second-person rule, refusals passed on, audit by ids only."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from app.domain.errors import KenshinError
from app.domain.policy import Role
from app.services.dto import StaffSession
from app.services.errors import PermissionDenied
from app.services.renkei_service import NOT_ENROLLED, NOT_ONLINE, RenkeiService
from app.services.sync_dto import SyncReport
from app.sync import wire
from app.sync.transport import ServerClient, ServerUnreachable
from tests.support import SettableClock
from tests.unit.services.fakes import FakeUnitOfWork, add_staff

REQUEST = {
    "id": "req-1",
    "resident_id": "res-1",
    "resident_name": "転入　花子",
    "moved_in": "2026-05-01",
    "trigger": "manual",
    "status": "sent",
    "requested_by": "id-boss",
    "requested_by_name": "上司",
    "requested_at": "2026-11-20T01:00:00Z",
    "sent_at": "2026-11-20T01:05:00Z",
    "answered_at": None,
    "message": None,
}
ITEM = {
    "screened_on": "2025-10-01",
    "program_code": "stomach_endo",
    "judgement": "要精検",
    "needs_followup": True,
    "followup_result": "異常認めず",
}


def answer(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "ans-1",
        "request_id": "req-1",
        "resident_id": "res-1",
        "resident_name": "転入　花子",
        "birth_date": "1970-04-02",
        "former_city": "みなと市",
        "received_at": "2026-11-21T02:00:00Z",
        "items": [ITEM],
        "status": "waiting",
        "requested_by": "id-boss",
        "decided_by_name": None,
        "decided_at": None,
        "decision_reason": None,
    }
    return {**base, **changes}


class FakeServer:
    """Answers each (method, path) with what the test set; records what the desk sent."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, str], Any]] = []
        self.answers: dict[tuple[str, str], tuple[int, Any]] = {}

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(wire.API)
        query = request.url.query.decode()
        key = (request.method, path + (f"?{query}" if query else ""))
        body = json.loads(request.content) if request.content else None
        self.calls.append((key[0], key[1], dict(request.headers), body))
        status, payload = self.answers.get(key, (404, {"code": "not_found", "message": "なし"}))
        return httpx.Response(status, json=payload)

    def client(self) -> ServerClient:
        return ServerClient(
            "https://server.test",
            "",
            device_token="device-token",
            transport=httpx.MockTransport(self.handle),
        )


@pytest.fixture
def uow(clock: SettableClock) -> FakeUnitOfWork:
    made = FakeUnitOfWork()
    since = clock.now() - timedelta(days=1)
    add_staff(made, "boss", "x", ["supervisor"], since)
    add_staff(made, "second", "x", ["supervisor"], since)
    add_staff(made, "clerk", "x", ["clerk"], since)
    add_staff(made, "admin", "x", ["admin"], since)
    return made


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


def build(
    uow: FakeUnitOfWork,
    clock: SettableClock,
    factory: Callable[[], ServerClient | None],
    synced: list[str] | None = None,
) -> RenkeiService:
    def sync_now(session: StaffSession) -> SyncReport:
        assert synced is not None
        synced.append(session.login_id)
        return SyncReport(3, 0, 0, online=True, message="同期しました。")

    return RenkeiService(
        uow,  # type: ignore[arg-type]
        clock=clock,
        client_factory=factory,
        sync_now=sync_now if synced is not None else None,
    )


@pytest.fixture
def service(uow: FakeUnitOfWork, clock: SettableClock, server: FakeServer) -> RenkeiService:
    return build(uow, clock, server.client)


def session_of(login: str, role: Role, clock: SettableClock, token: str | None = "tok") -> Any:
    return StaffSession(
        staff_id=f"id-{login}",
        login_id=login,
        display_name=login,
        roles=frozenset({role}),
        must_change_password=False,
        workstation="w1",
        started_at=clock.now(),
        staff_token=token,
        online=token is not None,
    )


def test_the_requests_come_from_the_server_with_the_staff_token_and_the_view_is_audited(
    service: RenkeiService, server: FakeServer, uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    server.answers[("GET", "/renkei/requests")] = (200, {"requests": [REQUEST]})
    [view] = service.requests(session_of("boss", Role.SUPERVISOR, clock))
    assert (view.id, view.resident_name, view.status_label, view.trigger_label) == (
        "req-1", "転入　花子", "照会中", "職員の依頼"
    )  # fmt: skip
    method, path, headers, _ = server.calls[0]
    assert (method, path) == ("GET", "/renkei/requests")
    assert headers["authorization"].endswith("tok")
    assert headers[wire.DEVICE_HEADER.lower()] == "device-token"
    event = uow.audit.events[-1]
    assert (event["action"], event["record_kind"], event["detail"]) == (
        "view", "renkei_requests", "rows=1"
    )  # fmt: skip


def test_a_request_sends_the_resident_and_reason_and_audits_ids_only(
    service: RenkeiService, server: FakeServer, uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    server.answers[("POST", "/renkei/requests")] = (200, REQUEST)
    made = service.request(
        session_of("boss", Role.SUPERVISOR, clock), resident_id="res-1", reason=" 窓口で希望 "
    )
    assert made.id == "req-1"
    assert server.calls[0][3] == {"resident_id": "res-1", "reason": "窓口で希望"}
    event = uow.audit.events[-1]
    assert (event["action"], event["record_id"], event["detail"]) == (
        "renkei_request", "res-1", "request=req-1"
    )  # fmt: skip
    assert "窓口" not in json.dumps(uow.audit.events, ensure_ascii=False)


def test_the_servers_japanese_refusal_of_a_request_is_passed_on_and_audited(
    service: RenkeiService, server: FakeServer, uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    refusal = "この住民には個人番号の記録がないため、照会できません。"
    server.answers[("POST", "/renkei/requests")] = (422, {"code": "invalid", "message": refusal})
    with pytest.raises(KenshinError) as refused:
        service.request(session_of("boss", Role.SUPERVISOR, clock), resident_id="res-1")
    assert refused.value.message == refusal
    event = uow.audit.events[-1]
    assert (event["action"], event["outcome"], event["record_id"]) == (
        "renkei_request", "failure", "res-1"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("resident_id", "reason", "message"),
    [
        ("", "", "住民の指定が正しくありません。"),
        ("res/../x", "", "住民の指定が正しくありません。"),
        ("res-1", "改行\nあり", "改行や制御文字は入力できません。"),
        ("res-1", "長" * 201, "理由は200文字以内で入力してください。"),
    ],
)
def test_bad_input_to_a_request_is_refused_before_the_server_in_japanese(
    service: RenkeiService,
    server: FakeServer,
    uow: FakeUnitOfWork,
    clock: SettableClock,
    resident_id: str,
    reason: str,
    message: str,
) -> None:
    with pytest.raises(KenshinError) as refused:
        service.request(
            session_of("boss", Role.SUPERVISOR, clock), resident_id=resident_id, reason=reason
        )
    assert refused.value.message == message
    assert server.calls == [] and uow.audit.events == []


def test_answers_mark_the_ones_the_caller_asked_for(
    service: RenkeiService, server: FakeServer, clock: SettableClock
) -> None:
    server.answers[("GET", "/renkei/answers?status=waiting")] = (200, {"answers": [answer()]})
    [mine] = service.answers(session_of("boss", Role.SUPERVISOR, clock))
    [theirs] = service.answers(session_of("second", Role.SUPERVISOR, clock))
    assert mine.mine and not theirs.mine
    [item] = theirs.items
    assert (item.program_name, item.judgement, item.needs_followup, item.followup_result) == (
        "胃がん（内視鏡）", "要精検", True, "異常認めず"
    )  # fmt: skip
    with pytest.raises(KenshinError):
        service.answers(session_of("boss", Role.SUPERVISOR, clock), status="all")


def test_confirming_posts_the_decision_then_syncs_so_the_history_shows_it(
    uow: FakeUnitOfWork, clock: SettableClock, server: FakeServer
) -> None:
    synced: list[str] = []
    service = build(uow, clock, server.client, synced)
    confirmed = answer(status="confirmed", decided_by_name="second")
    server.answers[("POST", "/renkei/answers/ans-1/confirm")] = (200, confirmed)
    outcome = service.confirm_answer(
        session_of("second", Role.SUPERVISOR, clock), answer_id="ans-1"
    )
    assert outcome.answer.status == "confirmed" and outcome.synced
    assert synced == ["second"]
    assert server.calls[0][3] == {"reason": ""}
    event = uow.audit.events[-1]
    assert (event["action"], event["record_kind"], event["record_id"], event["detail"]) == (
        "renkei_confirm", "renkei_answer", "ans-1", "resident=res-1 items=1"
    )  # fmt: skip


def test_the_requester_confirming_is_refused_with_the_servers_message(
    uow: FakeUnitOfWork, clock: SettableClock, server: FakeServer
) -> None:
    synced: list[str] = []
    service = build(uow, clock, server.client, synced)
    message = "照会を依頼した職員とは別の職員が確認してください。"
    server.answers[("POST", "/renkei/answers/ans-1/confirm")] = (
        422, {"code": "invalid", "message": message}
    )  # fmt: skip
    with pytest.raises(KenshinError) as refused:
        service.confirm_answer(session_of("boss", Role.SUPERVISOR, clock), answer_id="ans-1")
    assert refused.value.message == message
    assert synced == []
    assert uow.audit.events[-1]["outcome"] == "failure"


def test_returning_an_answer_needs_a_reason_and_never_syncs(
    uow: FakeUnitOfWork, clock: SettableClock, server: FakeServer
) -> None:
    synced: list[str] = []
    service = build(uow, clock, server.client, synced)
    second = session_of("second", Role.SUPERVISOR, clock)
    with pytest.raises(KenshinError) as refused:
        service.reject_answer(second, answer_id="ans-1", reason="  ")
    assert refused.value.message == "差し戻す理由を入力してください。"
    assert server.calls == []
    rejected = answer(status="rejected", decision_reason="別人の結果")
    server.answers[("POST", "/renkei/answers/ans-1/reject")] = (200, rejected)
    outcome = service.reject_answer(second, answer_id="ans-1", reason="別人の結果")
    assert outcome.answer.status_label == "差戻し" and not outcome.synced
    assert server.calls[0][3] == {"reason": "別人の結果"}
    assert synced == []
    assert "別人" not in json.dumps(uow.audit.events, ensure_ascii=False)


def test_an_exchange_gives_its_counts_and_audits_them(
    service: RenkeiService, server: FakeServer, uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    counts = {
        "queued_auto": 2,
        "sent": 3,
        "received": 1,
        "refused": 0,
        "registered": 5,
        "purged": 1,
    }
    server.answers[("POST", "/renkei/exchange")] = (200, counts)
    done = service.exchange(session_of("boss", Role.SUPERVISOR, clock))
    assert (done.queued_auto, done.sent, done.received, done.registered, done.purged) == (
        2, 3, 1, 5, 1
    )  # fmt: skip
    assert uow.audit.events[-1]["detail"] == (
        "queued=2 sent=3 received=1 refused=0 registered=5 purged=1"
    )


def test_the_provision_record_is_read_with_japanese_kinds(
    service: RenkeiService, server: FakeServer, clock: SettableClock
) -> None:
    line = {
        "id": 7,
        "at": "2026-11-21T02:00:00Z",
        "kind": "fukuhon_register",
        "resident_id": "res-1",
        "counterpart": None,
        "staff_name": None,
        "detail": "結果 3件",
    }
    server.answers[("GET", "/renkei/provisions")] = (200, {"provisions": [line]})
    [view] = service.provisions(session_of("boss", Role.SUPERVISOR, clock))
    assert (view.kind_label, view.counterpart, view.staff_name) == ("副本登録", "", "")


def test_a_malformed_server_answer_is_a_japanese_message(
    service: RenkeiService, server: FakeServer, clock: SettableClock
) -> None:
    server.answers[("GET", "/renkei/requests")] = (200, {"requests": [{"id": 1}]})
    with pytest.raises(KenshinError) as refused:
        service.requests(session_of("boss", Role.SUPERVISOR, clock))
    assert refused.value.message == "サーバーの応答を読み取れませんでした。"


@pytest.mark.parametrize(("login", "role"), [("clerk", Role.CLERK), ("admin", Role.ADMIN)])
def test_a_clerk_or_an_admin_is_refused_every_call_and_the_refusal_audited(
    service: RenkeiService,
    server: FakeServer,
    uow: FakeUnitOfWork,
    clock: SettableClock,
    login: str,
    role: Role,
) -> None:
    session = session_of(login, role, clock)
    calls: list[Callable[[], object]] = [
        lambda: service.requests(session),
        lambda: service.request(session, resident_id="res-1"),
        lambda: service.answers(session),
        lambda: service.confirm_answer(session, answer_id="ans-1"),
        lambda: service.reject_answer(session, answer_id="ans-1", reason="理由"),
        lambda: service.provisions(session),
        lambda: service.exchange(session),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert server.calls == []
    denied = [e for e in uow.audit.events if e["action"] == "permission_denied"]
    assert len(denied) == len(calls)
    assert {e["record_id"] for e in denied} == {"renkei"}


def test_offline_or_not_enrolled_or_unreachable_says_so_in_japanese(
    uow: FakeUnitOfWork, clock: SettableClock
) -> None:
    offline = session_of("boss", Role.SUPERVISOR, clock, token=None)
    with pytest.raises(KenshinError) as refused:
        build(uow, clock, lambda: None).requests(offline)
    assert refused.value.message == NOT_ONLINE
    online = session_of("boss", Role.SUPERVISOR, clock)
    with pytest.raises(KenshinError) as refused:
        build(uow, clock, lambda: None).requests(online)
    assert refused.value.message == NOT_ENROLLED

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    def unreachable() -> ServerClient:
        return ServerClient("https://server.test", "", transport=httpx.MockTransport(down))

    with pytest.raises(ServerUnreachable) as failed:
        build(uow, clock, unreachable).exchange(online)
    assert "接続できません" in failed.value.message
