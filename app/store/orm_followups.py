"""Detailed examinations (精検) after a 要精検 result: one clerk records, another confirms."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.orm import Base, SyncedMixin


class Followup(SyncedMixin, Base):
    """The 精検 of one 要精検 screening result (one per result). Only `confirmed` rows count."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_state", "state"),)

    result_id: Mapped[str] = mapped_column(String(36), unique=True)
    resident_id: Mapped[str] = mapped_column(String(36), index=True)
    program_code: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    # attended | not_attended | unknown
    status: Mapped[str] = mapped_column(String(20))
    # cancer | suspected | normal | other, only when attended
    outcome: Mapped[str | None] = mapped_column(String(20))
    examined_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column()
    confirmed_by: Mapped[str | None] = mapped_column(String(36))
    confirmed_at: Mapped[datetime | None] = mapped_column()
    # pending | confirmed
    state: Mapped[str] = mapped_column(String(20), default="pending")
