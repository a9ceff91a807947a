"""What a printed voucher or notice shows, as filled in by the issuance service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = [
    "NOTICE_KINDS",
    "Addressee",
    "NoticeDocument",
    "Office",
    "VoucherDocument",
    "VoucherLine",
]

NOTICE_KINDS = ("invitation", "reminder", "result")


@dataclass(frozen=True)
class Addressee:
    """Whom the mail goes to: ``postal_code`` is 7 digits, ``address`` the whole address."""

    name: str
    kana: str
    postal_code: str
    address: str


@dataclass(frozen=True)
class Office:
    """Whom to ask (問い合わせ先): the ward office section that sends the document."""

    name: str
    address: str
    phone: str
    hours: str


@dataclass(frozen=True)
class VoucherLine:
    """One program on a voucher: its name, the fee as printed (「500円」, 「免除」), coupon."""

    program_name: str
    fee_text: str
    coupon: bool = False


@dataclass(frozen=True)
class VoucherDocument:
    """A screening voucher (受診券); it never carries a 個人番号."""

    number: str
    fiscal_year: int
    programs: tuple[VoucherLine, ...]
    addressee: Addressee
    birth_date: date
    sex: str
    valid_from: date
    valid_until: date
    office: Office
    reissue: bool = False


@dataclass(frozen=True)
class NoticeDocument:
    """A letter: invitation (受診勧奨), reminder (精検受診勧奨) or result (結果通知).

    ``issued_on`` is the date printed on the letter; None prints today's date.
    """

    kind: str
    fiscal_year: int
    addressee: Addressee
    birth_date: date
    sex: str
    program_name: str
    body_lines: tuple[str, ...]
    office: Office
    sealed: bool
    issued_on: date | None = None
