"""Voucher numbers (受診券番号): fiscal year, serial and a check digit of their own (Luhn)."""

from __future__ import annotations

import unicodedata

from app.domain.errors import KenshinError

LENGTH = 11  # 2 digits of fiscal year + 8 serial + 1 check digit


class VoucherNumberError(KenshinError, ValueError):
    """A voucher number that cannot be one: length, characters or check digit."""


def check_digit(body: str) -> int:
    """Luhn over the body: catches every single-digit error and most swaps of neighbours."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10


def make(fiscal_year: int, serial: int) -> str:
    if not 0 <= serial < 10**8:
        raise ValueError("serial out of range")
    body = f"{fiscal_year % 100:02d}{serial:08d}"
    return body + str(check_digit(body))


def normalise(text: str) -> str:
    """The 11 digits of a keyed voucher number (full-width, spaces and hyphens allowed)."""
    value = unicodedata.normalize("NFKC", text[:40]).replace(" ", "").replace("-", "")
    if len(value) != LENGTH or not (value.isascii() and value.isdigit()):
        raise VoucherNumberError(f"受診券番号は{LENGTH}桁の数字で入力してください。")
    if check_digit(value[:-1]) != int(value[-1]):
        raise VoucherNumberError("受診券番号の検査用数字が一致しません。番号を確認してください。")
    return value


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except VoucherNumberError:
        return False
    return True
