"""What the lookup screen shows: result rows and a resident's detail (frozen, no ORM)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ResidentRow:
    """One search result: the four basic facts and what tells two namesakes apart."""

    id: str
    register_no: str
    name: str
    kana: str
    sex: str
    birth_date: date
    address: str
    ward: str
    support_measure: bool


@dataclass(frozen=True)
class SearchResult:
    rows: tuple[ResidentRow, ...]
    kind: str
    truncated: bool


@dataclass(frozen=True)
class EligibilityLine:
    program_code: str
    program_name: str
    eligible: bool
    reason: str
    message: str
    fee_exempt: bool
    coupon: bool


@dataclass(frozen=True)
class HistoryLine:
    program_code: str
    program_name: str
    screened_on: date
    fiscal_year: int
    judgement: str
    first_time: bool
    result_id: str = ""
    verified: bool = False  # keyed twice here; only these can be corrected through a request
    former_city: str = ""  # the city that recorded it (情報連携), "" for this city's own


@dataclass(frozen=True)
class ResidentDetail:
    row: ResidentRow
    masked_my_number: str
    fiscal_year: int
    moved_out: date | None
    died: date | None
    eligibility: tuple[EligibilityLine, ...]
    history: tuple[HistoryLine, ...]
    open_follow_ups: tuple[HistoryLine, ...]
    moved_in: date | None = None  # a resident who moved in may have results at the former city
