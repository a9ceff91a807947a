"""Audit review marks: a supervisor's record that a period of the audit log was reviewed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.ids import new_id
from app.store.orm import Base


class AuditReview(Base):
    """One review mark (確認済み): the period, who and when, the comment, what was seen."""

    __tablename__ = "audit_reviews"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    period_from: Mapped[date] = mapped_column()
    period_to: Mapped[date] = mapped_column()
    reviewed_by: Mapped[str] = mapped_column(String(36), index=True)
    reviewed_at: Mapped[datetime] = mapped_column()
    comment: Mapped[str] = mapped_column(String(400))
    events_count: Mapped[int] = mapped_column(Integer)
    chain_ok: Mapped[bool] = mapped_column(Boolean)
