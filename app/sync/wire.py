"""The wire schema between a workstation and the central server (docs/sync-protocol.md).

Shared by both sides: the server may import this module (and wire_hash, its helpers, which it
re-exports) and app.domain, nothing else of app. Plain data and pure functions; no I/O.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.sync.wire_hash import MAX_SEQ as MAX_SEQ
from app.sync.wire_hash import canonical_json as canonical_json
from app.sync.wire_hash import canonical_rows as canonical_rows
from app.sync.wire_hash import content_hash as content_hash
from app.sync.wire_hash import decode_cursor as decode_cursor
from app.sync.wire_hash import encode_cursor as encode_cursor
from app.sync.wire_hash import page_hash as page_hash
from app.sync.wire_hash import rows_as_sent as rows_as_sent
from app.sync.wire_hash import scope_hash as scope_hash
from app.sync.wire_hash import sum_hash as sum_hash

API = "/api/v1"
DEVICE_HEADER = "X-Device-Token"  # the workstation's long-lived device token
STAFF_SCHEME = "Bearer"  # Authorization: Bearer <staff token>
PAGE_ROWS = 1000  # change-log page size
SNAPSHOT_ROWS = 5000  # snapshot page size (rows are compact; a snapshot page is bulk data)
PUSH_MAX_RECORDS = 100
PUSH_MAX_BYTES = 1_000_000

# Master-data streams the server owns, pulled in this order (parents before children).
MASTER_STREAMS = (
    "roles",
    "staff",
    "grants",
    "programs",
    "settings",
    "residents",
    "welfare",
    "nhi",
)
# The shared workflow records born on workstations, and the statutory purges.
STREAMS = (*MASTER_STREAMS, "records", "purges")

# The local table each master stream fills (same column names on both sides).
STREAM_TABLES = {
    "roles": "roles",
    "staff": "staff",
    "grants": "grants",
    "programs": "programs",
    "settings": "settings",
    "residents": "residents",
    "welfare": "welfare_periods",
    "nhi": "nhi_periods",
}

# Workflow record kinds that travel in the push and in the `records` stream, with their table.
RECORD_TABLES = {
    "form_batch": "form_batches",
    "paper_form": "paper_forms",
    "form_entry": "form_entries",
    "adjudication": "adjudications",
    "screening_result": "screening_results",
    "correction_request": "correction_requests",
    "voucher": "vouchers",
    "followup": "followups",
    "statistics_report": "statistics_reports",
}
RECORD_KINDS = tuple(RECORD_TABLES)

# A record whose parent is not on the server yet is answered `retry_later`.
# kind -> (field holding the parent id, parent kind or master stream)
PARENTS: dict[str, tuple[str, str]] = {
    "paper_form": ("batch_id", "form_batch"),
    "form_entry": ("form_id", "paper_form"),
    "adjudication": ("form_id", "paper_form"),
    "screening_result": ("resident_id", "residents"),
    "correction_request": ("result_id", "screening_result"),
    "voucher": ("resident_id", "residents"),
    "followup": ("result_id", "screening_result"),
}

# Natural keys the ward must hold once: a second record with the same key from another desk is a
# conflict for a supervisor (two desks keying the same second entry offline).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "paper_form": ("batch_id", "form_no"),
    "form_entry": ("form_id", "entry_no"),
    "voucher": ("number",),
    "followup": ("result_id",),
}

# Append-only kinds: an update is refused; a correction is a new record pointing at the original.
# None of the workflow kinds is: an adjudication is opened pending and settled later, possibly at
# another desk, and a voucher's status moves issued -> reissued/void once; both are versioned
# (base_version), so a stale change is merged or sent to a supervisor, never overwritten. Audit
# events are append-only and travel apart from records (PushRequest.audit).
APPEND_ONLY_KINDS: frozenset[str] = frozenset()

PushStatus = Literal["applied", "already_applied", "merged", "conflict", "retry_later", "rejected"]
ChangeOp = Literal["upsert", "delete", "purge"]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequestModel(WireModel):
    """A body a client sends: strict JSON, so no lone surrogate and no NaN or Infinity in it.

    Python's json (FastAPI's reader) turns an escape like \\ud800 into a str that no UTF-8
    encoder, hash or database takes, and reads NaN, which PostgreSQL's json refuses; pydantic's
    own parser (the push) reads NaN too. Refused here as invalid (422), not a 500 deeper down.
    """

    @model_validator(mode="before")
    @classmethod
    def _strict_json(cls, data: Any) -> Any:
        if not _strict(data):
            raise ValueError("a lone surrogate, NaN or Infinity")
        return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _strict(value: Any) -> bool:
    """Walked with a stack of its own: a body nested thousands deep is refused, not a
    RecursionError (a 500) before anyone has logged in."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item) is not None:
                return False
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


# ---------------------------------------------------------------- errors


class RowError(WireModel):
    row: int  # 1-based row number of the feed (header not counted)
    reason: str  # Japanese


class ErrorBody(WireModel):
    """Every non-2xx answer: a machine code and a Japanese message a clerk can read."""

    code: str  # e.g. unauthorized, device_revoked, staff_revoked, token_expired, must_resnapshot,
    #           invalid, not_found, forbidden, rate_limited, rows_rejected
    message: str
    rows: list[RowError] = Field(default_factory=list)


# ---------------------------------------------------------------- identity


class EnrollRequest(RequestModel):
    code: str = Field(min_length=6, max_length=64)
    workstation_name: str = Field(min_length=1, max_length=64)


class EnrollResponse(WireModel):
    device_id: str
    device_token: str
    workstation_name: str
    ward: str | None  # scope: None means every ward
    kind: Literal["workstation", "integration"]
    signing_key: str  # base64 of the server's raw Ed25519 public key (verifies offline grants)
    server_time: datetime


class LoginRequest(RequestModel):
    login_id: str = Field(max_length=200)
    password: str = Field(max_length=1024)


class OfflineGrant(WireModel):
    staff_id: str
    device_id: str
    roles: list[str]
    issued_at: datetime
    expires_at: datetime


class SignedGrant(WireModel):
    grant: OfflineGrant
    signature: str  # base64 Ed25519 signature over grant_bytes(grant)


class LoginResponse(WireModel):
    staff_id: str
    login_id: str
    display_name: str
    roles: list[str]
    must_change_password: bool
    staff_token: str
    token_expires_at: datetime
    offline_grant: SignedGrant
    password_hash: str  # the argon2id hash, so offline login works before the staff stream runs
    server_time: datetime


class PasswordChangeRequest(RequestModel):
    current: str = Field(max_length=1024)
    new: str = Field(max_length=1024)


# ---------------------------------------------------------------- pull


class Change(WireModel):
    seq: int
    op: ChangeOp
    id: str
    kind: str | None = None  # the record kind (records and purges streams)
    data: dict[str, Any] | None = None  # the row as it is now; None for delete and purge


class PullPage(WireModel):
    stream: str
    cursor: str  # the cursor after this page; send it back for the next
    count: int
    hash: str  # page_hash of the changes, in any order
    has_more: bool
    changes: list[Change]
    server_time: datetime


class SnapshotPage(WireModel):
    stream: str
    cursor: str  # the change-log cursor the snapshot is consistent with: pull from it when done
    after: str | None  # resume key: the last id on this page
    count: int
    hash: str  # page_hash of the rows
    done: bool
    rows: list[dict[str, Any]]
    server_time: datetime


# ---------------------------------------------------------------- push


class PushRecord(WireModel):
    id: str = Field(min_length=1, max_length=36)
    kind: str
    op: Literal["upsert", "delete"] = "upsert"
    # the server version this desk last saw; 0 for a new record
    base_version: int = Field(ge=0, le=MAX_SEQ)
    data: dict[str, Any]


class AuditEventWire(WireModel):
    seq: int = Field(ge=0, le=MAX_SEQ)  # a forged seq beyond BIGINT is refused, not a 500
    id: str
    at: str
    staff_id: str | None
    workstation: str
    action: str
    record_kind: str | None
    record_id: str | None
    outcome: str
    detail: str
    prev_hash: str
    hash: str


class PushRequest(RequestModel):
    records: list[PushRecord] = Field(default_factory=list, max_length=PUSH_MAX_RECORDS)
    audit: list[AuditEventWire] = Field(default_factory=list, max_length=1000)


class PushResult(WireModel):
    id: str
    status: PushStatus
    server_version: int | None = None
    message: str = ""  # Japanese, for the sync problems screen


class PushResponse(WireModel):
    results: list[PushResult]
    audit_seq: int  # the server's checkpoint of this device's audit chain after the push
    audit_hash: str
    server_time: datetime


class AuditCheckpoint(WireModel):
    seq: int
    hash: str


# ---------------------------------------------------------------- voucher numbers


class VoucherBlockRequest(RequestModel):
    fiscal_year: int = Field(ge=2000, le=2200)
    size: int = Field(ge=1, le=10_000)


class VoucherBlock(WireModel):
    block_id: str
    fiscal_year: int
    first: int  # serial numbers, inclusive; the 11-digit number is made by app.domain
    last: int
    expires_at: datetime


# ---------------------------------------------------------------- administration


class StaffCreate(RequestModel):
    login_id: str = Field(min_length=1, max_length=40)
    display_name: str = Field(min_length=1, max_length=100)
    initial_password: str = Field(min_length=1, max_length=1024)


class StaffOut(WireModel):
    id: str
    login_id: str
    display_name: str
    disabled: bool
    must_change_password: bool


class PasswordReset(RequestModel):
    new_password: str = Field(min_length=1, max_length=1024)


class GrantCreate(RequestModel):
    role_code: str
    valid_from: datetime
    valid_until: datetime | None = None


class GrantOut(WireModel):
    id: str
    staff_id: str
    role_code: str
    valid_from: datetime
    valid_until: datetime | None
    issued_at: datetime
    issued_by: str | None
    revoked_at: datetime | None
    revoked_by: str | None


class EnrollmentCodeCreate(RequestModel):
    workstation_name: str = Field(min_length=1, max_length=64)
    ward: str | None = None
    kind: Literal["workstation", "integration"] = "workstation"


class EnrollmentCodeOut(WireModel):
    code: str
    workstation_name: str
    expires_at: datetime


class DeviceOut(WireModel):
    id: str
    workstation_name: str
    ward: str | None
    kind: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


class SettingPut(RequestModel):
    value: Any


# ---------------------------------------------------------------- retention (supervisor)


class RetentionGroup(WireModel):
    """Screening results of one program and fiscal year past their retention: a count only."""

    program_code: str
    fiscal_year: int
    count: int
    retention_years: int
    deletion_date: date  # the first day they may go (1 April after the retention ends)


class RetentionCandidates(WireModel):
    as_of: date
    groups: list[RetentionGroup]


class RetentionName(WireModel):
    """One line of a group's name list (on request, audited)."""

    result_id: str
    resident_id: str | None
    name: str | None  # None: the register no longer holds the person
    screened_on: str | None


class RetentionNames(WireModel):
    program_code: str
    fiscal_year: int
    names: list[RetentionName]


class RetentionApprove(RequestModel):
    program_code: str = Field(min_length=1, max_length=40)
    fiscal_year: int = Field(ge=1900, le=2200)
    expected_count: int = Field(ge=0, le=MAX_SEQ)  # the count the supervisor saw; a change refuses


class RetentionRunOut(WireModel):
    id: str
    program_code: str
    fiscal_year: int
    retention_years: int
    results: int
    corrections: int
    my_numbers_cleared: int
    approved_at: datetime


# ---------------------------------------------------------------- 情報連携 (supervisor)
# The server's integration with the 中間サーバー (server/renkei/, docs/renkei.md). The desk
# only shows and decides; the messages and their files never reach a desk.

RenkeiRequestStatus = Literal["queued", "sent", "answered", "no_record", "withheld", "failed"]
RenkeiAnswerStatus = Literal["waiting", "confirmed", "rejected"]


class RenkeiItem(WireModel):
    """One screening of the former city, as the law's item list has it (and nothing more)."""

    screened_on: date  # 受診日
    program_code: str  # 検診種別, as this city's program code
    judgement: str  # 結果: 異常認めず | 要精検
    needs_followup: bool  # 要精検
    followup_result: str | None = None  # 精検結果 (text of the standard's code), if any


class RenkeiRequestCreate(RequestModel):
    """A supervisor asks the former city for a resident's results (情報照会)."""

    resident_id: str = Field(min_length=1, max_length=36)
    reason: str = Field(default="", max_length=200)


class RenkeiRequestOut(WireModel):
    id: str
    resident_id: str
    resident_name: str | None  # None: the register no longer holds the person
    moved_in: date | None
    trigger: Literal["manual", "auto"]
    status: RenkeiRequestStatus
    requested_by: str | None  # staff id; None for a request the server queued itself
    requested_by_name: str | None
    requested_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None
    message: str | None  # Japanese: why it failed or was withheld


class RenkeiRequests(WireModel):
    requests: list[RenkeiRequestOut]


class RenkeiAnswerOut(WireModel):
    """An answer of the former city: waits for a second person before it enters the history."""

    id: str
    request_id: str
    resident_id: str
    resident_name: str | None
    birth_date: date | None
    former_city: str  # the answering city's name (団体名)
    received_at: datetime
    items: list[RenkeiItem]
    status: RenkeiAnswerStatus
    requested_by: str | None  # staff id of the request; that person may not confirm
    decided_by_name: str | None
    decided_at: datetime | None
    decision_reason: str | None
    requested_by_name: str | None = None  # None: queued by the server after a move-in


class RenkeiAnswers(WireModel):
    answers: list[RenkeiAnswerOut]


class RenkeiDecision(RequestModel):
    reason: str = Field(default="", max_length=400)


class RenkeiProvision(WireModel):
    """One line of the 情報提供等記録: a request, an answer, a provision or a 副本 change."""

    id: int
    at: datetime
    kind: str  # requested | inquiry | answer | confirmed | rejected | refused | provided |
    #            withheld | fukuhon_register | fukuhon_correct | fukuhon_delete |
    #            auto_answer_refused | auto_answer_allowed | purged
    resident_id: str | None
    counterpart: str | None  # the other city's name, where there is one
    staff_name: str | None
    detail: str  # Japanese, ids and counts only
    resident_name: str | None = None  # None: no resident, or no longer in the register


class RenkeiProvisions(WireModel):
    provisions: list[RenkeiProvision]


class RenkeiExchangeOut(WireModel):
    """What one exchange with the 中間サーバー did: counts only."""

    queued_auto: int
    sent: int
    received: int
    refused: int
    registered: int
    purged: int


# ---------------------------------------------------------------- ingest


class IngestResult(WireModel):
    feed: Literal["residents", "welfare", "nhi"]
    accepted: int
    changed: int


def grant_bytes(grant: OfflineGrant) -> bytes:
    """What the server signs and the desk verifies: the grant's canonical JSON."""
    return canonical_json(grant.model_dump(mode="json"))
