"""What the batch, entry and verification screens get: frozen views, never another's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.forms import FormSpec
from app.services.lookup_dto import ResidentRow


@dataclass(frozen=True)
class BatchView:
    """A batch and its reconciliation: received = first entry = second entry = verified."""

    id: str
    program_code: str
    program_name: str
    clinic_code: str
    month: str
    received_on: date
    received: int
    first_keyed: int
    second_keyed: int
    verified: int
    in_review: int
    missing_first: tuple[int, ...]
    missing_second: tuple[int, ...]
    overdue: bool


@dataclass(frozen=True)
class EntrySlot:
    """The entry a clerk keys: only their own draft or returned values, never the other's."""

    form_id: str
    entry_id: str
    entry_no: int
    batch_id: str
    form_no: int
    form: FormSpec
    identity: dict[str, str]
    values: dict[str, str]
    returned_fields: tuple[str, ...]


@dataclass(frozen=True)
class IdentityMatch:
    status: str  # matched | none | many
    resident: ResidentRow | None
    message: str


@dataclass(frozen=True)
class SubmitOutcome:
    form_status: str
    message: str


@dataclass(frozen=True)
class QueueItem:
    form_id: str
    batch_label: str
    form_no: int
    program_code: str
    program_name: str
    fields_to_settle: int
    identity_problem: str | None


@dataclass(frozen=True)
class FieldToSettle:
    """A differing field, shown by name only until the supervisor keys it from the paper."""

    code: str
    label: str
    hint: str
    blind_keyed: bool
    decision: str


@dataclass(frozen=True)
class Case:
    form_id: str
    form_no: int
    program_code: str
    program_name: str
    fields: tuple[FieldToSettle, ...]
    identity_problem: str | None
    candidates: tuple[ResidentRow, ...]


@dataclass(frozen=True)
class FieldComparison:
    """After the blind value: both entries, the paper value, and which of them agree."""

    field: str
    first: str
    second: str
    blind: str
    first_matches: bool
    second_matches: bool
