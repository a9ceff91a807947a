"""Statistics as made: the counts of a report, kept when the records behind them are purged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.orm import Base, SyncedMixin


class StatisticsReportRow(SyncedMixin, Base):
    """One made report (counts only, never a person); travels to the server like a record."""

    __tablename__ = "statistics_reports"
    __table_args__ = (Index("ix_statistics_reports_program_year", "program_code", "fiscal_year"),)

    program_code: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[datetime] = mapped_column()
    made_by: Mapped[str] = mapped_column(String(36))
    counts: Mapped[dict[str, Any]] = mapped_column()
