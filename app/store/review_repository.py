"""Audit review queries: filtered events, events of a period, and the review marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.store.orm import AuditEvent
from app.store.orm_review import AuditReview


@dataclass(frozen=True)
class EventFilter:
    """Each field narrows the search when set; `at_from`/`at_to` are ISO UTC text, end exclusive."""

    staff_id: str | None = None
    workstation: str | None = None
    action: str | None = None
    record_id: str | None = None
    at_from: str | None = None
    at_to: str | None = None


Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])


def _where(query: Q, where: EventFilter) -> Q:
    if where.staff_id is not None:
        query = query.where(AuditEvent.staff_id == where.staff_id)
    if where.workstation is not None:
        query = query.where(AuditEvent.workstation == where.workstation)
    if where.action is not None:
        query = query.where(AuditEvent.action == where.action)
    if where.record_id is not None:
        query = query.where(AuditEvent.record_id == where.record_id)
    if where.at_from is not None:
        query = query.where(AuditEvent.at >= where.at_from)
    if where.at_to is not None:
        query = query.where(AuditEvent.at < where.at_to)
    return query


class SqlAlchemyReviewRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def search(self, where: EventFilter, limit: int) -> list[AuditEvent]:
        query = _where(select(AuditEvent), where).order_by(AuditEvent.seq.desc()).limit(limit)
        return list(self._session.scalars(query))

    def count(self, where: EventFilter) -> int:
        query = _where(select(func.count()).select_from(AuditEvent), where)
        return int(self._session.scalar(query) or 0)

    def flaggable(self, where: EventFilter) -> list[dict[str, Any]]:
        """The fields the flagging rules read, for every event in the filter."""
        query = _where(
            select(
                AuditEvent.at,
                AuditEvent.staff_id,
                AuditEvent.action,
                AuditEvent.record_kind,
                AuditEvent.record_id,
                AuditEvent.outcome,
            ),
            where,
        ).order_by(AuditEvent.seq)
        return [dict(row._mapping) for row in self._session.execute(query)]

    def add(
        self,
        *,
        period_from: date,
        period_to: date,
        reviewed_by: str,
        reviewed_at: datetime,
        comment: str,
        events_count: int,
        chain_ok: bool,
    ) -> str:
        review = AuditReview(
            period_from=period_from,
            period_to=period_to,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            comment=comment,
            events_count=events_count,
            chain_ok=chain_ok,
        )
        self._session.add(review)
        self._session.flush()
        return review.id

    def all(self) -> list[AuditReview]:
        query = select(AuditReview).order_by(AuditReview.reviewed_at.desc(), AuditReview.id)
        return list(self._session.scalars(query))
