"""Voucher tables: vouchers and batch issuance runs with their items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.ids import new_id
from app.store.orm import Base, SyncedMixin


class Voucher(SyncedMixin, Base):
    """A voucher (受診券) issued to a resident for a program and fiscal year; append-only."""

    __tablename__ = "vouchers"

    number: Mapped[str] = mapped_column(String(11), unique=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    program_code: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column()
    issued_by: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20), default="issued")
    reissue_of: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(400), default="")


class IssuanceRun(SyncedMixin, Base):
    """A batch issuance of one program for a fiscal year, printed in postal order in chunks."""

    __tablename__ = "issuance_runs"

    program_code: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column()
    support_excluded: Mapped[int] = mapped_column(Integer, default=0)
    already_issued: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="open")


class IssuanceItem(Base):
    """One resident's place in a run: pending, issued (voucher made), then printed."""

    __tablename__ = "issuance_items"
    __table_args__ = (Index("ix_issuance_items_run_status", "run_id", "status", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    run_id: Mapped[str] = mapped_column(ForeignKey("issuance_runs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    resident_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    voucher_id: Mapped[str | None] = mapped_column(String(36))
