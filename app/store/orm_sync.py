"""Sync state of the workstation: its enrollment, record versions, offline grants, voucher blocks.

The device token is not here: it is a secret and lives in the OS keyring beside the store key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.store.orm import Base


class SyncDevice(Base):
    """This workstation's enrollment with the central server (one row, name 'this')."""

    __tablename__ = "sync_device"

    name: Mapped[str] = mapped_column(String(10), primary_key=True, default="this")
    device_id: Mapped[str] = mapped_column(String(36))
    server_url: Mapped[str] = mapped_column(String(300))
    ca_pem: Mapped[str] = mapped_column(Text)
    signing_key: Mapped[str] = mapped_column(String(100))  # base64 raw Ed25519 public key
    workstation_name: Mapped[str] = mapped_column(String(64))
    ward: Mapped[str | None] = mapped_column(String(20))
    enrolled_at: Mapped[datetime] = mapped_column()
    last_server_time: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class RecordVersion(Base):
    """The server version this desk last saw of a workflow record (the push's base_version)."""

    __tablename__ = "record_versions"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    server_version: Mapped[int] = mapped_column(Integer)


class HeldRecord(Base):
    """A pulled record not applied yet: its local row waits for the push to decide."""

    __tablename__ = "held_records"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete
    server_version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class OfflineGrantRow(Base):
    """The server-signed offline grant of a staff member on this desk (wire.SignedGrant JSON:
    the grant and its Ed25519 signature, checked against the key pinned at enrollment)."""

    __tablename__ = "offline_grants"

    staff_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    signed_grant: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column()


class VoucherBlockRow(Base):
    """Voucher serials (受診券番号) the server reserved for this desk (used up once
    next_serial passes last_serial)."""

    __tablename__ = "voucher_blocks"
    __table_args__ = (Index("ix_voucher_blocks_year", "fiscal_year", "expires_at"),)

    block_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    next_serial: Mapped[int] = mapped_column(Integer)
    last_serial: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column()
