"""What the 情報連携 screens show (情報照会, answers, the 情報提供等記録): frozen views of the
server's answers, with the Japanese words for its codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain import programs
from app.services.dto import StaffSession
from app.sync import wire

REQUEST_STATUS_LABELS = {
    "queued": "送信待ち",
    "sent": "照会中",
    "answered": "回答あり",
    "no_record": "該当なし",
    "withheld": "自動応答不可",
    "failed": "失敗",
}
ANSWER_STATUS_LABELS = {"waiting": "確認待ち", "confirmed": "取込済み", "rejected": "差戻し"}
TRIGGER_LABELS = {"manual": "職員の依頼", "auto": "自動（転入後）"}
PROVISION_KIND_LABELS = {
    "requested": "照会の依頼",
    "inquiry": "情報照会",
    "answer": "照会への回答の受信",
    "provided": "情報提供",
    "withheld": "情報提供の保留",
    "fukuhon_register": "副本登録",
    "fukuhon_correct": "副本の訂正",
    "fukuhon_delete": "副本の削除",
    "auto_answer_refused": "自動応答不可の設定",
    "auto_answer_allowed": "自動応答不可の解除",
    "purged": "保存期間経過による削除",
    "confirmed": "回答の取込",
    "rejected": "回答の差し戻し",
    "refused": "受信電文の拒否",
}


@dataclass(frozen=True)
class RenkeiRequestView:
    """One 情報照会 and where it stands."""

    id: str
    resident_id: str
    resident_name: str  # "" once the register no longer holds the person
    moved_in: date | None
    trigger: str  # manual | auto
    trigger_label: str
    status: str
    status_label: str
    requested_by_name: str
    requested_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None
    message: str


@dataclass(frozen=True)
class RenkeiItemView:
    """One screening of the former city, as the answer gives it."""

    screened_on: date
    program_code: str
    program_name: str
    judgement: str
    needs_followup: bool
    followup_result: str


@dataclass(frozen=True)
class RenkeiAnswerView:
    id: str
    request_id: str
    resident_id: str
    resident_name: str
    birth_date: date | None
    former_city: str
    received_at: datetime
    items: tuple[RenkeiItemView, ...]
    status: str
    status_label: str
    mine: bool  # the caller asked for it, so may not confirm it (the second-person rule)
    decided_by_name: str
    decided_at: datetime | None
    decision_reason: str
    requested_by_name: str = ""  # "": queued by the server after a move-in


@dataclass(frozen=True)
class ProvisionView:
    """One line of the 情報提供等記録."""

    id: int
    at: datetime
    kind: str
    kind_label: str
    resident_id: str
    counterpart: str
    staff_name: str
    detail: str
    resident_name: str = ""  # "": no resident, or no longer in the register


@dataclass(frozen=True)
class ExchangeOutcome:
    """What one exchange with the 中間サーバー did (counts only)."""

    queued_auto: int
    sent: int
    received: int
    refused: int
    registered: int
    purged: int


@dataclass(frozen=True)
class DecisionOutcome:
    answer: RenkeiAnswerView
    synced: bool
    sync_message: str


def program_name(code: str) -> str:
    found = programs.DEFAULT_PROGRAMS.get(code)
    return found.name_ja if found is not None else code


def request_view(row: wire.RenkeiRequestOut) -> RenkeiRequestView:
    return RenkeiRequestView(
        id=row.id,
        resident_id=row.resident_id,
        resident_name=row.resident_name or "",
        moved_in=row.moved_in,
        trigger=row.trigger,
        trigger_label=TRIGGER_LABELS.get(row.trigger, row.trigger),
        status=row.status,
        status_label=REQUEST_STATUS_LABELS.get(row.status, row.status),
        requested_by_name=row.requested_by_name or "",
        requested_at=row.requested_at,
        sent_at=row.sent_at,
        answered_at=row.answered_at,
        message=row.message or "",
    )


def answer_view(row: wire.RenkeiAnswerOut, session: StaffSession) -> RenkeiAnswerView:
    return RenkeiAnswerView(
        id=row.id,
        request_id=row.request_id,
        resident_id=row.resident_id,
        resident_name=row.resident_name or "",
        birth_date=row.birth_date,
        former_city=row.former_city,
        received_at=row.received_at,
        items=tuple(
            RenkeiItemView(
                i.screened_on,
                i.program_code,
                program_name(i.program_code),
                i.judgement,
                i.needs_followup,
                i.followup_result or "",
            )
            for i in row.items
        ),
        status=row.status,
        status_label=ANSWER_STATUS_LABELS.get(row.status, row.status),
        mine=row.requested_by is not None and row.requested_by == session.staff_id,
        decided_by_name=row.decided_by_name or "",
        decided_at=row.decided_at,
        decision_reason=row.decision_reason or "",
        requested_by_name=row.requested_by_name or "",
    )


def provision_view(row: wire.RenkeiProvision) -> ProvisionView:
    return ProvisionView(
        id=row.id,
        at=row.at,
        kind=row.kind,
        kind_label=PROVISION_KIND_LABELS.get(row.kind, row.kind),
        resident_id=row.resident_id or "",
        counterpart=row.counterpart or "",
        staff_name=row.staff_name or "",
        detail=row.detail,
        resident_name=row.resident_name or "",
    )
