"""The one declarative Base and the workstation's tables, sync-ready (UUIDv7, version, UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.domain.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class SyncedMixin:
    """Every row that can travel: born with a UUIDv7, versioned, stamped in UTC."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Resident(SyncedMixin, Base):
    """A resident from the register (住民記録), read-only on a workstation."""

    __tablename__ = "residents"
    __table_args__ = (
        # Covering index: target extraction reads only these, in birth order, without the rows.
        Index(
            "ix_residents_extraction",
            "birth_date",
            "sex",
            "id",
            "moved_in",
            "moved_out",
            "died",
            "non_taxable",
        ),
        # Covering index: a kana search walks it in the list's order (kana, birth date, then id
        # so namesakes born the same day keep one order) and finds every column the list shows
        # in it: no sort, no table page per row (migration 0011_lookup_indexes). Its first
        # column serves every other search on kana_key, so kana_key has no index of its own.
        Index(
            "ix_residents_lookup",
            "kana_key",
            "birth_date",
            "id",
            "register_no",
            "name",
            "kana",
            "sex",
            "address",
            "ward",
            "support_measure",
        ),
    )

    register_no: Mapped[str] = mapped_column(String(20), unique=True)
    my_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(200))
    kana_key: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    address: Mapped[str] = mapped_column(String(300))
    postal_code: Mapped[str] = mapped_column(String(7))
    ward: Mapped[str] = mapped_column(String(20), index=True)
    moved_in: Mapped[date | None] = mapped_column(Date)
    moved_out: Mapped[date | None] = mapped_column(Date)
    died: Mapped[date | None] = mapped_column(Date)
    support_measure: Mapped[bool] = mapped_column(Boolean, default=False)
    non_taxable: Mapped[bool] = mapped_column(Boolean, default=False)


class WelfarePeriod(SyncedMixin, Base):
    """A period of public assistance (生活保護) from the welfare feed."""

    __tablename__ = "welfare_periods"

    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)


class NhiPeriod(SyncedMixin, Base):
    """A period of National Health Insurance (国保) membership."""

    __tablename__ = "nhi_periods"

    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)


class ScreeningResult(SyncedMixin, Base):
    """A screening taken (受診歴) and its result, keyed by program and fiscal year."""

    __tablename__ = "screening_results"
    __table_args__ = (
        Index("ix_screening_results_resident_program", "resident_id", "program_code"),
        Index("ix_screening_results_year_program", "fiscal_year", "program_code", "resident_id"),
    )

    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"))
    program_code: Mapped[str] = mapped_column(String(40))
    screened_on: Mapped[date] = mapped_column(Date)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    judgement: Mapped[str] = mapped_column(String(20))
    first_time: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default="history")
    form_id: Mapped[str | None] = mapped_column(String(36))
    values: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Program(SyncedMixin, Base):
    """A screening program and its settings (ages, interval, fees), owned by the server."""

    __tablename__ = "programs"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(SyncedMixin, Base):
    """One named setting (lock-out, idle lock, …) with a JSON value."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class Staff(SyncedMixin, Base):
    """A staff account (職員). Holds the argon2id hash, never a password."""

    __tablename__ = "staff"

    login_id: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column()


class Role(SyncedMixin, Base):
    """A role (clerk, supervisor, admin) and its Japanese name."""

    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50))


class Grant(SyncedMixin, Base):
    """A role granted to a staff member for a period, issued and revoked on record."""

    __tablename__ = "grants"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    valid_from: Mapped[datetime] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(36))


class LoginThrottle(Base):
    """Failure counts per login name hash, for known and unknown IDs alike (no user oracle)."""

    __tablename__ = "login_throttle"

    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()


class AuditEvent(Base):
    """An append-only, hash-chained audit event. Ids and codes only, never personal values."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601 UTC text: hashed exactly as stored
    staff_id: Mapped[str | None] = mapped_column(String(36), index=True)
    workstation: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    record_kind: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(200), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last (seq, hash), written with each event, so a cut tail is noticed."""

    __tablename__ = "audit_head"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class Draft(Base):
    """Unsaved screen work kept across an idle lock or a user switch (in the encrypted store)."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    staff_id: Mapped[str] = mapped_column(String(36), index=True)
    screen: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxEntry(Base):
    """A record waiting to go up to the server, written in the same transaction as the record.

    `payload` holds the data last sent, so a refused record's content outlives its row.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_record_id", "record_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    operation: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # pending | sent | conflict | rejected | discarded
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    server_message: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()


class SyncCursor(Base):
    """The opaque cursor of one pull stream, and when it last moved."""

    __tablename__ = "sync_cursors"

    stream: Mapped[str] = mapped_column(String(40), primary_key=True)
    cursor: Mapped[str] = mapped_column(Text)
    synced_at: Mapped[datetime | None] = mapped_column()


# The workflow tables live in their own modules; importing them here puts them on Base.metadata
# for Alembic and for every importer of this module.
from app.store import (  # noqa: E402
    orm_followups,
    orm_forms,
    orm_review,
    orm_statistics,
    orm_sync,
    orm_vouchers,
)

__all__ = [
    "orm_followups",
    "orm_forms",
    "orm_review",
    "orm_statistics",
    "orm_sync",
    "orm_vouchers",
]
