"""情報連携 at a desk: a supervisor asks a resident's former city for their screening results
(情報照会) through the server's link with the 中間サーバー, confirms or returns the answers
(a second person: not the one who asked), reads the 情報提供等記録 and runs an exchange now.

Every call goes to the server with the session's staff token: the messages and their files
live only on the server. The audit here names ids and counts, never a reason or a result.
"""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import StaffSession
from app.services.guard import requires
from app.services.renkei_dto import (
    DecisionOutcome,
    ExchangeOutcome,
    ProvisionView,
    RenkeiAnswerView,
    RenkeiRequestView,
    answer_view,
    provision_view,
    request_view,
)
from app.services.staff_server import StaffServerService
from app.sync import wire
from app.sync.transport import SyncError

NOT_ONLINE = (
    "情報連携にはサーバーへのオンラインのログインが必要です。"
    "サーバーに接続できる状態でログインし直してください。"
)
NOT_ENROLLED = "この端末はサーバーに登録されていないため、情報連携は行えません。"
BAD_ANSWER = "サーバーの応答を読み取れませんでした。"
MAX_REASON = 200
MAX_DECISION_REASON = 400
ANSWER_STATUSES = ("waiting", "confirmed", "rejected")
Model = TypeVar("Model", bound=BaseModel)


class RenkeiService(StaffServerService):
    NOT_ONLINE = NOT_ONLINE
    NOT_ENROLLED = NOT_ENROLLED

    @requires(Permission.RENKEI)
    def requests(self, session: StaffSession, /) -> list[RenkeiRequestView]:
        """The 情報照会 made, newest first (the server's last 500)."""
        answer = _parse(wire.RenkeiRequests, self._call(session, "GET", "/renkei/requests"))
        views = [request_view(r) for r in answer.requests]
        self._audit(
            session, action="view", record_kind="renkei_requests", detail=f"rows={len(views)}"
        )
        return views

    @requires(Permission.RENKEI)
    def request(
        self, session: StaffSession, /, *, resident_id: str, reason: str = ""
    ) -> RenkeiRequestView:
        """Ask the former city of a resident who moved in for their results. The server's
        Japanese refusal (no 個人番号, not moved in, a request already open) is passed on."""
        body = wire.RenkeiRequestCreate(
            resident_id=_identifier(resident_id, "住民"), reason=_text(reason, MAX_REASON)
        )
        try:
            raw = self._call(session, "POST", "/renkei/requests", body.model_dump(mode="json"))
        except SyncError:
            self._audit(
                session,
                action="renkei_request",
                outcome="failure",
                record_kind="resident",
                record_id=body.resident_id,
            )
            raise
        made = request_view(_parse(wire.RenkeiRequestOut, raw))
        self._audit(
            session,
            action="renkei_request",
            record_kind="resident",
            record_id=made.resident_id,
            detail=f"request={made.id}",
        )
        return made

    @requires(Permission.RENKEI)
    def answers(
        self, session: StaffSession, /, *, status: str = "waiting"
    ) -> list[RenkeiAnswerView]:
        """The former cities' answers in one state (by default those waiting for a second
        person); each one names its resident, so the viewing is audited."""
        if status not in ANSWER_STATUSES:
            raise KenshinError("回答の状態が正しくありません。")
        raw = self._call(session, "GET", f"/renkei/answers?status={status}")
        views = [answer_view(a, session) for a in _parse(wire.RenkeiAnswers, raw).answers]
        self._audit(
            session,
            action="view",
            record_kind="renkei_answers",
            detail=f"status={status} rows={len(views)}",
        )
        return views

    @requires(Permission.RENKEI)
    def confirm_answer(
        self, session: StaffSession, /, *, answer_id: str, reason: str = ""
    ) -> DecisionOutcome:
        """Take an answer into the resident's history (the server makes one result per item);
        then a sync round brings the results to this desk."""
        return self._decide(session, answer_id, "confirm", _text(reason, MAX_DECISION_REASON))

    @requires(Permission.RENKEI)
    def reject_answer(
        self, session: StaffSession, /, *, answer_id: str, reason: str
    ) -> DecisionOutcome:
        """Return an answer (a reason is required); nothing enters the history."""
        reason = _text(reason, MAX_DECISION_REASON)
        if not reason.strip():
            raise KenshinError("差し戻す理由を入力してください。")
        return self._decide(session, answer_id, "reject", reason)

    def _decide(
        self, session: StaffSession, answer_id: str, decision: str, reason: str
    ) -> DecisionOutcome:
        answer_id = _identifier(answer_id, "回答")
        body = wire.RenkeiDecision(reason=reason).model_dump(mode="json")
        action = f"renkei_{decision}"
        try:
            raw = self._call(session, "POST", f"/renkei/answers/{answer_id}/{decision}", body)
        except SyncError:
            self._audit(
                session,
                action=action,
                outcome="failure",
                record_kind="renkei_answer",
                record_id=answer_id,
            )
            raise
        view = answer_view(_parse(wire.RenkeiAnswerOut, raw), session)
        self._audit(
            session,
            action=action,
            record_kind="renkei_answer",
            record_id=view.id,
            detail=f"resident={view.resident_id} items={len(view.items)}",
        )
        synced, message = False, ""
        if decision == "confirm":
            synced, message = self._synced(session, "次の同期でこの端末の受診歴にも反映されます。")
        return DecisionOutcome(view, synced, message)

    @requires(Permission.RENKEI)
    def provisions(self, session: StaffSession, /) -> list[ProvisionView]:
        """The 情報提供等記録, newest first (the server's last 500)."""
        raw = self._call(session, "GET", "/renkei/provisions")
        views = [provision_view(p) for p in _parse(wire.RenkeiProvisions, raw).provisions]
        self._audit(
            session, action="view", record_kind="renkei_provisions", detail=f"rows={len(views)}"
        )
        return views

    @requires(Permission.RENKEI)
    def exchange(self, session: StaffSession, /) -> ExchangeOutcome:
        """One exchange with the 中間サーバー now: requests out, answers and 副本 changes in."""
        try:
            raw = self._call(session, "POST", "/renkei/exchange")
        except SyncError:
            self._audit(session, action="renkei_exchange", outcome="failure", record_kind="renkei")
            raise
        done = _parse(wire.RenkeiExchangeOut, raw)
        outcome = ExchangeOutcome(
            done.queued_auto, done.sent, done.received, done.refused, done.registered, done.purged
        )
        self._audit(
            session,
            action="renkei_exchange",
            record_kind="renkei",
            detail=(
                f"queued={outcome.queued_auto} sent={outcome.sent} received={outcome.received}"
                f" refused={outcome.refused} registered={outcome.registered}"
                f" purged={outcome.purged}"
            ),
        )
        return outcome


def _parse(model: type[Model], raw: Any) -> Model:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise KenshinError(BAD_ANSWER) from exc


def _identifier(value: object, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > 36 or not all(c.isalnum() or c == "-" for c in text):
        raise KenshinError(f"{what}の指定が正しくありません。")
    return text


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise KenshinError("理由は文字で入力してください。")
    text = value.strip()
    if len(text) > limit:
        raise KenshinError(f"理由は{limit}文字以内で入力してください。")
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise KenshinError("改行や制御文字は入力できません。")
    return text
