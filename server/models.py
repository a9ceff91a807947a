"""The server's tables: master data with the workstation's columns, and the sync machinery."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
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
# SQLite gives a rowid (autoincrement) only to an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as naive UTC and given back aware (SQLite keeps no zone)."""

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
    """A row that travels to the workstations: UUIDv7 id, version, UTC stamp."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- master data (as on the desk)


class Role(SyncedMixin, Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(50))


class Staff(SyncedMixin, Base):
    __tablename__ = "staff"

    login_id: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column()


class Grant(SyncedMixin, Base):
    __tablename__ = "grants"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    valid_from: Mapped[datetime] = mapped_column()
    valid_until: Mapped[datetime | None] = mapped_column()
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[str | None] = mapped_column(String(36))
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(36))


class Program(SyncedMixin, Base):
    __tablename__ = "programs"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(SyncedMixin, Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[Any] = mapped_column(JSON)


class Resident(SyncedMixin, Base):
    """A resident from the register (住民記録), fed by the city's systems."""

    __tablename__ = "residents"
    __table_args__ = (
        Index("ix_residents_ward_id", "ward", "id"),  # a ward's snapshot pages
        Index("ix_residents_moved_in", "moved_in"),  # 情報照会 queued after a move-in
    )

    register_no: Mapped[str] = mapped_column(String(20), unique=True)
    my_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kana: Mapped[str] = mapped_column(String(200))
    kana_key: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(300))
    postal_code: Mapped[str] = mapped_column(String(7))
    ward: Mapped[str] = mapped_column(String(20))
    moved_in: Mapped[date | None] = mapped_column(Date)
    moved_out: Mapped[date | None] = mapped_column(Date)
    died: Mapped[date | None] = mapped_column(Date)
    support_measure: Mapped[bool] = mapped_column(Boolean, default=False)
    non_taxable: Mapped[bool] = mapped_column(Boolean, default=False)


class PeriodMixin(SyncedMixin):
    """A period of a resident (welfare or NHI), end None while it lasts."""

    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)


class WelfarePeriod(PeriodMixin, Base):
    """A period of public assistance (生活保護) from the welfare feed."""

    __tablename__ = "welfare_periods"


class NhiPeriod(PeriodMixin, Base):
    """A period of National Health Insurance (国保) membership."""

    __tablename__ = "nhi_periods"


# ---------------------------------------------------------------- identity


class Device(Base):
    """An enrolled workstation, or the integration account of the city's systems."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    workstation_name: Mapped[str] = mapped_column(String(64))
    ward: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # workstation | integration
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    ward: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    device_id: Mapped[str | None] = mapped_column(String(36))


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()


class LoginThrottle(Base):
    """Failures per login-name hash, for known and unknown ids alike (no user oracle)."""

    __tablename__ = "login_throttle"

    name_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()


# ---------------------------------------------------------------- sync


class ChangeLog(Base):
    """One change of one row; seq is the cursor. Written only by server.changes.log_changes."""

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_stream_seq", "stream", "seq"),
        Index("ix_change_log_record", "record_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    stream: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str | None] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(10))  # upsert | delete | purge
    ward: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Record(Base):
    """A workflow record pushed by a workstation, as the desk sent it, with the server version."""

    __tablename__ = "records"
    __table_args__ = (UniqueConstraint("kind", "natural_key", name="uq_records_kind_natural_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    ward: Mapped[str | None] = mapped_column(String(20), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    natural_key: Mapped[str | None] = mapped_column(String(200))
    resident_id: Mapped[str | None] = mapped_column(String(36), index=True)  # for purges
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)  # PARENTS field
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordHistory(Base):
    """Every version of a record, so a stale update can be compared with its base version."""

    __tablename__ = "record_history"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    push_hash: Mapped[str | None] = mapped_column(String(64))  # the push that made it (retries)


class Conflict(Base):
    """A push a supervisor must look at: a conflict (open) or a merge to check (flagged)."""

    __tablename__ = "conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    device_id: Mapped[str] = mapped_column(String(36))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | flagged | resolved
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoucherBlock(Base):
    __tablename__ = "voucher_blocks"

    block_id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()


class VoucherCounter(Base):
    """The next free voucher serial of a fiscal year; moved only by an atomic UPDATE."""

    __tablename__ = "voucher_counters"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    next_serial: Mapped[int] = mapped_column(Integer, default=1)


class AuditEvent(Base):
    """A workstation's audit event as it came up, chained per device."""

    __tablename__ = "audit_events"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36))
    at: Mapped[str] = mapped_column(String(32))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    workstation: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    record_kind: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditCheckpoint(Base):
    """The head of a device's audit chain as the server holds it."""

    __tablename__ = "audit_checkpoints"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServerAudit(Base):
    """What was done on the server (logins, administration, ingest): ids and codes only."""

    __tablename__ = "server_audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(40), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    target_kind: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="")


class ServerState(Base):
    """Named integers of the server: the tombstone horizon (lowest seq a cursor may hold)."""

    __tablename__ = "server_state"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class RetentionRun(Base):
    """One approved retention deletion: counts only, kept after the records went (statistics
    already made, and the report of what was deleted when, by whom)."""

    __tablename__ = "retention_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    program_code: Mapped[str] = mapped_column(String(40))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    retention_years: Mapped[int] = mapped_column(Integer)
    results: Mapped[int] = mapped_column(Integer)
    corrections: Mapped[int] = mapped_column(Integer)
    my_numbers_cleared: Mapped[int] = mapped_column(Integer)
    approved_by: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    approved_at: Mapped[datetime] = mapped_column()


# ---------------------------------------------------------------- 情報連携 (server/renkei)


class RenkeiPerson(Base):
    """A resident made known to the 中間サーバー (符号取得), and the 自動応答不可 flag as sent
    (when each flag went is in the 情報提供等記録)."""

    __tablename__ = "renkei_persons"

    resident_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    registered_at: Mapped[datetime] = mapped_column()
    auto_answer_refused: Mapped[bool] = mapped_column(Boolean, default=False)  # as last sent


class RenkeiRequest(Base):
    """A 情報照会 of a moved-in resident's results at their former city."""

    __tablename__ = "renkei_requests"
    __table_args__ = (Index("ix_renkei_requests_resident", "resident_id", "requested_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    resident_id: Mapped[str] = mapped_column(String(36))
    trigger: Mapped[str] = mapped_column(String(10))  # manual | auto
    requested_by: Mapped[str | None] = mapped_column(String(36))
    requested_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="queued")
    sent_at: Mapped[datetime | None] = mapped_column()
    answered_at: Mapped[datetime | None] = mapped_column()
    message: Mapped[str | None] = mapped_column(String(200))
    purge_after: Mapped[datetime | None] = mapped_column()


class RenkeiAnswer(Base):
    """A former city's answer: the law's items, waiting for a second person's confirmation."""

    __tablename__ = "renkei_answers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(String(36), index=True)
    answer_no: Mapped[str] = mapped_column(String(64), unique=True)  # the 中間サーバー's id
    resident_id: Mapped[str] = mapped_column(String(36), index=True)
    former_city_code: Mapped[str] = mapped_column(String(6))
    former_city_name: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime] = mapped_column()
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str | None] = mapped_column(String(400))
    purge_after: Mapped[datetime] = mapped_column()


class RenkeiFukuhon(Base):
    """A result of this city registered as 副本, at the version registered."""

    __tablename__ = "renkei_fukuhon"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    resident_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column()


class RenkeiOutbox(Base):
    """A message made and not yet handed to the port; gone once sent (its values with it)."""

    __tablename__ = "renkei_outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(20))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RenkeiRecord(Base):
    """The 情報提供等記録: who asked or was given what, when. Ids, counts and codes only."""

    __tablename__ = "renkei_records"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(30))
    resident_id: Mapped[str | None] = mapped_column(String(36), index=True)
    reference: Mapped[str | None] = mapped_column(String(64))  # request, answer or record id
    counterpart_code: Mapped[str | None] = mapped_column(String(6))
    counterpart_name: Mapped[str | None] = mapped_column(String(40))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(String(200), default="")
