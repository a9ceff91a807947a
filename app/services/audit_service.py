"""Audit review: filtered events, chain verification, flags and the reviewed mark (supervisor)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.domain.audit_chain import ChainReport, verify_chain
from app.domain.audit_review import FlagRules, flag_events, period_bounds
from app.domain.calendar import JST
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.services.dto import AuditEventView, StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.store.review_repository import EventFilter
from app.sync.transport import ServerClient, SyncError

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import AuditEvent

MAX_COMMENT = 400
MAX_FILTER = 64
MAX_LIMIT = 5000
AUDIT_REVIEWED = "audit_reviewed"
NOT_ENROLLED = "この端末はサーバーに登録されていないため、サーバーの記録点とは照合していません。"
UNREACHABLE = (
    "サーバーに接続できないため、サーバーの記録点とは照合できませんでした"
    "（ローカルの検査結果のみ）。"
)
NO_CHECKPOINT = "サーバーにはまだ記録点がありません。"
MISMATCH = "改ざん・巻き戻しの疑い: サーバーの記録点（連番 {seq}）がこの端末の記録にありません。"
MATCHED = "一致: サーバーの記録点（連番 {seq}）はこの端末の記録と一致しています。"


@dataclass(frozen=True)
class AuditVerification:
    """The local chain's verdict and the comparison with the server's checkpoint.

    `server` is one of matched, mismatch, unreachable, not_enrolled, no_checkpoint.
    """

    local: ChainReport
    server: str
    server_seq: int | None
    server_message: str

    @property
    def ok(self) -> bool:
        return self.local.ok and self.server != "mismatch"

    @property
    def events(self) -> int:
        return self.local.events

    @property
    def first_bad_seq(self) -> int | None:
        return self.local.first_bad_seq

    @property
    def problem(self) -> str:
        return self.local.problem


@dataclass(frozen=True)
class AuditFlagView:
    """A flagged pattern (要確認): kind code, who, when, how many, and a Japanese description."""

    kind: str
    staff_login: str | None
    subject: str
    first_at: datetime
    last_at: datetime
    count: int
    description: str


@dataclass(frozen=True)
class AuditReviewView:
    """A past review mark (確認済み)."""

    id: str
    period_from: date
    period_to: date
    reviewed_by: str
    reviewed_at: datetime
    comment: str
    events_count: int
    chain_ok: bool


def _text_filter(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if len(text) > MAX_FILTER or not text.isprintable():
        raise KenshinError(
            f"{name}は{MAX_FILTER}文字以内の、改行や制御文字を含まない文字で入力してください。"
        )
    return text


def _period(period_from: date | None, period_to: date | None) -> tuple[str | None, str | None]:
    if period_from is not None and period_to is not None and period_to < period_from:
        raise KenshinError("期間の終わりが始まりより前になっています。期間を直してください。")
    start = period_bounds(period_from, period_from)[0] if period_from else None
    end = period_bounds(period_to, period_to)[1] if period_to else None
    return (
        start.isoformat(timespec="microseconds") if start else None,
        end.isoformat(timespec="microseconds") if end else None,
    )


def _comment(comment: str) -> str:
    text = comment.strip()
    if not text or len(text) > MAX_COMMENT or not text.isprintable():
        raise KenshinError(
            f"コメントを{MAX_COMMENT}文字以内で入力してください（改行や制御文字は使えません）。"
        )
    return text


def _event_view(event: AuditEvent, logins: dict[str, str]) -> AuditEventView:
    return AuditEventView(
        seq=event.seq,
        at=event.at,
        staff_login=logins.get(event.staff_id or ""),
        workstation=event.workstation,
        action=event.action,
        record_kind=event.record_kind,
        record_id=event.record_id,
        outcome=event.outcome,
        detail=event.detail,
    )


class AuditService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        clock: Clock,
        client_factory: Callable[[], ServerClient | None] | None = None,
        rules: FlagRules | None = None,
    ) -> None:
        self._uow = uow
        self._guard = Guard(uow, clock)
        self._clock = clock
        self._client_factory = client_factory
        self._rules = rules or FlagRules()

    @requires(Permission.AUDIT_REVIEW)
    def verify(self, session: StaffSession, /) -> AuditVerification:
        """Recompute the whole chain, then look for the server's checkpoint on it; audited."""
        checkpoint, server, message = self._checkpoint()
        with self._uow() as uow:
            local = verify_chain(uow.audit.events(), uow.audit.head())
            if checkpoint is not None:
                seq, digest = checkpoint
                if seq == 0:
                    server, message = "no_checkpoint", NO_CHECKPOINT
                elif uow.sync.audit_hash_at(seq) == digest:
                    server, message = "matched", MATCHED.format(seq=seq)
                else:
                    server, message = "mismatch", MISMATCH.format(seq=seq)
            result = AuditVerification(
                local, server, checkpoint[0] if checkpoint else None, message
            )
            detail = "" if local.ok else f"first_bad_seq={local.first_bad_seq};"
            uow.audit.record(
                staff_id=session.staff_id,
                action="audit_verify",
                outcome="ok" if result.ok else "broken",
                detail=f"{detail}server={server}" if checkpoint is not None else detail,
            )
            uow.commit()
            return result

    def _checkpoint(self) -> tuple[tuple[int, str] | None, str, str]:
        client = self._client_factory() if self._client_factory is not None else None
        if client is None:
            return None, "not_enrolled", NOT_ENROLLED
        try:
            checkpoint = client.audit_checkpoint()
        except SyncError:
            return None, "unreachable", UNREACHABLE
        return (checkpoint.seq, checkpoint.hash), "", ""

    @requires(Permission.AUDIT_REVIEW)
    def recent(self, session: StaffSession, /, *, limit: int = 200) -> list[AuditEventView]:
        with self._uow() as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            views = [
                _event_view(event, logins)
                for event in uow.audit.recent(max(1, min(limit, MAX_LIMIT)))
            ]
            uow.audit.record(staff_id=session.staff_id, action="view", record_kind="audit_log")
            uow.commit()
            return views

    @requires(Permission.AUDIT_REVIEW)
    def search(
        self,
        session: StaffSession,
        /,
        *,
        staff_id: str | None = None,
        workstation: str | None = None,
        action: str | None = None,
        record_id: str | None = None,
        period_from: date | None = None,
        period_to: date | None = None,
        limit: int = 500,
    ) -> list[AuditEventView]:
        """Events matching every given filter, newest first; the reading is audited, as recent's."""
        at_from, at_to = _period(period_from, period_to)
        where = EventFilter(
            staff_id=_text_filter(staff_id, "職員"),
            workstation=_text_filter(workstation, "端末"),
            action=_text_filter(action, "操作"),
            record_id=_text_filter(record_id, "記録ID"),
            at_from=at_from,
            at_to=at_to,
        )
        with self._uow() as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            found = uow.reviews.search(where, max(1, min(limit, MAX_LIMIT)))
            views = [_event_view(event, logins) for event in found]
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="audit_log",
                detail=f"count={len(views)}",
            )
            uow.commit()
            return views

    @requires(Permission.AUDIT_REVIEW)
    def staff_options(self, session: StaffSession, /) -> list[tuple[str, str]]:
        """(staff id, login id) of every account, for the staff filter."""
        with self._uow(read_only=True) as uow:
            return sorted(((s.id, s.login_id) for s in uow.staff.all()), key=lambda s: s[1])

    @requires(Permission.AUDIT_REVIEW)
    def flags(
        self, session: StaffSession, /, *, period_from: date, period_to: date
    ) -> list[AuditFlagView]:
        """Unusual patterns (要確認) in the period, by this service's thresholds."""
        at_from, at_to = _period(period_from, period_to)
        with self._uow(read_only=True) as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            events = uow.reviews.flaggable(EventFilter(at_from=at_from, at_to=at_to))
        return [
            AuditFlagView(
                kind=flag.kind,
                staff_login=logins.get(flag.staff_id or ""),
                subject=flag.subject,
                first_at=flag.first_at,
                last_at=flag.last_at,
                count=flag.count,
                description=flag.description,
            )
            for flag in flag_events(events, self._rules)
        ]

    @requires(Permission.AUDIT_REVIEW)
    def mark_reviewed(
        self, session: StaffSession, /, *, period_from: date, period_to: date, comment: str
    ) -> str:
        """Record that the period was reviewed, with the events count and the chain's verdict."""
        text = _comment(comment)
        at_from, at_to = _period(period_from, period_to)
        if period_from > self._today():
            raise KenshinError("まだ来ていない期間は確認済みにできません。")
        with self._uow() as uow:
            count = uow.reviews.count(EventFilter(at_from=at_from, at_to=at_to))
            if count == 0:
                raise KenshinError("この期間には記録がありません。確認済みにはできません。")
            chain = verify_chain(uow.audit.events(), uow.audit.head())
            review_id = uow.reviews.add(
                period_from=period_from,
                period_to=period_to,
                reviewed_by=session.staff_id,
                reviewed_at=self._clock.now(),
                comment=text,
                events_count=count,
                chain_ok=chain.ok,
            )
            comment_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            uow.audit.record(
                staff_id=session.staff_id,
                action=AUDIT_REVIEWED,
                outcome="ok",
                record_kind="audit_review",
                record_id=review_id,
                detail=(
                    f"from={period_from.isoformat()};to={period_to.isoformat()};events={count};"
                    f"chain={'ok' if chain.ok else 'broken'};comment={comment_digest}"
                ),
            )
            uow.commit()
            return review_id

    def _today(self) -> date:
        return self._clock.now().astimezone(JST).date()

    @requires(Permission.AUDIT_REVIEW)
    def reviews(self, session: StaffSession, /) -> list[AuditReviewView]:
        """Past review marks, newest first."""
        with self._uow(read_only=True) as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            return [
                AuditReviewView(
                    id=row.id,
                    period_from=row.period_from,
                    period_to=row.period_to,
                    reviewed_by=logins.get(row.reviewed_by, row.reviewed_by),
                    reviewed_at=row.reviewed_at,
                    comment=row.comment,
                    events_count=row.events_count,
                    chain_ok=row.chain_ok,
                )
                for row in uow.reviews.all()
            ]
