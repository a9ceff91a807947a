"""Individual number (個人番号, マイナンバー): check digit, normalisation and on-screen masking."""

from __future__ import annotations

import unicodedata

from app.domain.errors import KenshinError
from app.domain.kana import DASH_LIKE

LENGTH = 12
MAX_INPUT_LENGTH = 64
_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_FULLY_MASKED = "**** **** ****"


class MyNumberInputError(KenshinError, ValueError):
    """A keyed individual number that is not one; the message never repeats the digits."""


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def check_digit(first11: str) -> int:
    """Check digit over the first 11 digits (総務省令): weights 6,5,4,3,2,7,6,5,4,3,2 from the left.

    With r = Σ digit × weight mod 11, the check digit is 0 when r ≤ 1, else 11 − r.
    """
    if len(first11) != len(_WEIGHTS) or not _is_ascii_digits(first11):
        raise MyNumberInputError("検査用数字の計算には11桁の数字が必要です")
    remainder = (
        sum(int(digit) * weight for digit, weight in zip(first11, _WEIGHTS, strict=True)) % 11
    )
    return 0 if remainder <= 1 else 11 - remainder


def _strip_separators(text: str) -> str:
    """NFKC, then drop whitespace and hyphens that clerks key between groups of digits."""
    normalised = unicodedata.normalize("NFKC", text)
    return "".join(char for char in normalised if not char.isspace() and char not in DASH_LIKE)


def normalise(text: str) -> str:
    """The 12 digits of a keyed individual number, or `MyNumberInputError` saying what is wrong.

    Accepts full-width digits, spaces and hyphens (1234 5678 9018, 1234-5678-9018).  The check
    digit is verified here too: a number that fails it is not a number worth storing.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise MyNumberInputError("入力が長すぎます（個人番号は12桁です）")
    digits = _strip_separators(text)
    if not digits:
        raise MyNumberInputError("個人番号を入力してください")
    if not _is_ascii_digits(digits):
        raise MyNumberInputError("個人番号は数字で入力してください")
    if len(digits) != LENGTH:
        raise MyNumberInputError(f"個人番号は12桁です（入力は{len(digits)}桁）")
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise MyNumberInputError("個人番号の検査用数字が一致しません。入力を確認してください")
    return digits


def is_valid(text: str) -> bool:
    """True when `text` is 12 digits (separators allowed) with a correct check digit."""
    try:
        normalise(text)
    except MyNumberInputError:
        return False
    return True


def mask(text: str) -> str:
    """Masked for the screen: ``**** **** 3214``.

    Shows the last four digits only when the text holds exactly 12 digits; anything else is
    masked in full rather than refused, so that a screen can always show the field and never
    leaks a malformed value.
    """
    if len(text) > MAX_INPUT_LENGTH:
        return _FULLY_MASKED
    digits = _strip_separators(text)
    if len(digits) != LENGTH or not _is_ascii_digits(digits):
        return _FULLY_MASKED
    return f"**** **** {digits[-4:]}"
