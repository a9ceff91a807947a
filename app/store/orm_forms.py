"""Double-entry tables: batches, paper forms, entries, adjudications, correction requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.store.orm import Base, SyncedMixin


class FormBatch(SyncedMixin, Base):
    """A clinic's monthly batch of paper checkup forms, with the count received."""

    __tablename__ = "form_batches"

    program_code: Mapped[str] = mapped_column(String(40))
    clinic_code: Mapped[str] = mapped_column(String(10))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM of the clinic's submission
    received_count: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(36))


class PaperForm(SyncedMixin, Base):
    """One paper form of a batch, numbered on receipt; both entries key it by that number."""

    __tablename__ = "paper_forms"
    __table_args__ = (UniqueConstraint("batch_id", "form_no"),)

    batch_id: Mapped[str] = mapped_column(ForeignKey("form_batches.id"), index=True)
    form_no: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="keying", index=True)
    resident_id: Mapped[str | None] = mapped_column(String(36))
    identity_problem: Mapped[str | None] = mapped_column(String(200))
    result_id: Mapped[str | None] = mapped_column(String(36))


class FormEntry(SyncedMixin, Base):
    """One clerk's keying of a paper form: entry 1 or 2, blind to the other."""

    __tablename__ = "form_entries"
    __table_args__ = (UniqueConstraint("form_id", "entry_no"),)

    form_id: Mapped[str] = mapped_column(ForeignKey("paper_forms.id"), index=True)
    entry_no: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    identity: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    returned_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime | None] = mapped_column()


class Adjudication(SyncedMixin, Base):
    """A supervisor's decision on one differing field, with the blind value keyed from paper."""

    __tablename__ = "adjudications"

    form_id: Mapped[str] = mapped_column(ForeignKey("paper_forms.id"), index=True)
    field: Mapped[str] = mapped_column(String(60))
    first_value: Mapped[str] = mapped_column(Text)
    second_value: Mapped[str] = mapped_column(Text)
    blind_value: Mapped[str | None] = mapped_column(Text)
    final_value: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(String(400), default="")
    supervisor_id: Mapped[str | None] = mapped_column(String(36))
    first_staff_id: Mapped[str] = mapped_column(String(36))
    second_staff_id: Mapped[str] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column()
    program_code: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7))


class CorrectionRequest(SyncedMixin, Base):
    """A request to change or delete a verified result; a second person approves or rejects."""

    __tablename__ = "correction_requests"

    result_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # change | delete
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(400))
    requested_by: Mapped[str] = mapped_column(String(36))
    requested_at: Mapped[datetime] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(String(400), default="")
