"""Follow-up (精検) queries: by result, by resident, pending ones, attended-and-confirmed ids."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store.orm_followups import Followup


class SqlAlchemyFollowupRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, followup: Followup) -> None:
        self._session.add(followup)
        self._session.flush()

    def get(self, followup_id: str) -> Followup | None:
        return self._session.get(Followup, followup_id)

    def for_result(self, result_id: str) -> Followup | None:
        return self._session.scalars(
            select(Followup).where(Followup.result_id == result_id)
        ).first()

    def for_results(self, result_ids: Iterable[str]) -> dict[str, Followup]:
        ids = list(result_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(Followup).where(Followup.result_id.in_(ids)))
        return {row.result_id: row for row in rows}

    def pending(self) -> list[Followup]:
        return list(
            self._session.scalars(
                select(Followup).where(Followup.state == "pending").order_by(Followup.recorded_at)
            )
        )

    def attended_result_ids(self) -> set[str]:
        """Results whose 精検 is confirmed as attended: no 精検受診勧奨 for them."""
        return set(
            self._session.scalars(
                select(Followup.result_id).where(
                    Followup.state == "confirmed", Followup.status == "attended"
                )
            )
        )
