"""Customer barcode (カスタマバーコード): Japan Post's 4-state bars from postal code and address."""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Sequence
from typing import Final

from app.domain.errors import KenshinError

__all__ = [
    "ADDRESS_NUMBER_LENGTH",
    "BAR_PITCH_MM",
    "BAR_SPACE_MM",
    "BAR_WIDTH_MM",
    "LONG_BAR_MM",
    "MAX_ADDRESS_LENGTH",
    "MAX_SCALE",
    "MIN_SCALE",
    "SEMI_BAR_MM",
    "TIMING_BAR_MM",
    "CustomerBarcodeError",
    "address_number",
    "bar_rects",
    "bars",
    "symbols",
]


class CustomerBarcodeError(KenshinError, ValueError):
    """A postal code, address or bar string from which no customer barcode can be made."""


# Generous for any real address with building and room, yet refuses a pasted document.
MAX_ADDRESS_LENGTH: Final = 256
ADDRESS_NUMBER_LENGTH: Final = 13
_DATA_LENGTH: Final = 7 + ADDRESS_NUMBER_LENGTH

# Dimensions at 10 pt; the manual scales all of them by a/10 for 8 ≤ a ≤ 11.5 points.
LONG_BAR_MM: Final = 3.6
SEMI_BAR_MM: Final = 2.4
TIMING_BAR_MM: Final = 1.2
BAR_PITCH_MM: Final = 1.2
BAR_WIDTH_MM: Final = 0.6
BAR_SPACE_MM: Final = BAR_PITCH_MM - BAR_WIDTH_MM
MIN_SCALE: Final = 0.8
MAX_SCALE: Final = 1.15

_BARS: Final = {
    "0": "LTT", "1": "LLT", "2": "LDU", "3": "DLU", "4": "LUD",
    "5": "LTL", "6": "DUL", "7": "ULD", "8": "UDL", "9": "TLL", "-": "TLT",
    "CC1": "DUT", "CC2": "DTU", "CC3": "UDT", "CC4": "TDU",
    "CC5": "UTD", "CC6": "TUD", "CC7": "TTL", "CC8": "LLL",
    "START": "LD", "STOP": "DL",
}  # fmt: skip
_CHECK_SYMBOLS: Final[tuple[str, ...]] = (*string.digits, "-", *(f"CC{n}" for n in range(1, 9)))
_CHECK_VALUES: Final = {symbol: value for value, symbol in enumerate(_CHECK_SYMBOLS)}
_PAD: Final = "CC4"
_KEPT_AS_IS: Final = frozenset(string.digits + "-")

# Where each bar starts above the bottom of the bar area, and how tall it is, at 10 pt.
_BAR_SHAPES: Final = {
    "L": (0.0, LONG_BAR_MM),
    "U": (LONG_BAR_MM - SEMI_BAR_MM, SEMI_BAR_MM),
    "D": (0.0, SEMI_BAR_MM),
    "T": ((LONG_BAR_MM - TIMING_BAR_MM) / 2, TIMING_BAR_MM),
}
_BAR_LETTERS: Final = frozenset(_BAR_SHAPES)

# Control, format and surrogate characters only ever arrive by a broken paste or import;
# private-use characters (外字) are left alone, since a town name may hold them.
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs"})
_POSTAL_CODE = re.compile(r"〒?\s*([0-9]{3})[-‐‑−ー]?([0-9]{4})")
_MAX_POSTAL_CODE_LENGTH: Final = 16

_ASCII_UPPER: Final = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_DELETED: Final = str.maketrans("", "", "&/・.")
_KANJI_DIGITS: Final = {char: value for value, char in enumerate("〇一二三四五六七八九")}
_KANJI_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUMBER_BEFORE_MARKER = re.compile(
    r"[〇一二三四五六七八九十百千]+(?=丁目|丁|番地|番|号|地割|線|の|ノ)"
)
# A lone F straight after digits is a floor (10F): it ends the number like 階 does.
_FLOOR_F = re.compile(r"(?<=[0-9])F(?![A-Z])")
_LETTER_RUN = re.compile(r"[A-Z]{2,}")
_NOT_KEPT = re.compile(r"[^0-9A-Z-]+")
_HYPHEN_RUN = re.compile(r"-{2,}")
_HYPHEN_BY_LETTER = re.compile(r"-(?=[A-Z])|(?<=[A-Z])-")


def address_number(address: str) -> str:
    """The address number (住所表示番号) by the manual's extraction rules, before truncation.

    ``address`` may be the part after the town name (住所B) or the whole address: the prefecture,
    city and town then form a leading run of other characters, which is stripped. A town name that
    itself holds digits, letters or a kanji numeral before a marker (三番町, 八丁堀, 南1条西) adds
    numbers of its own, so pass only the part after the town name for those.
    """
    text = _checked_address(address).translate(_ASCII_UPPER).translate(_DELETED)
    text = _KANJI_NUMBER_BEFORE_MARKER.sub(lambda match: _kanji_number(match.group()), text)
    text = _FLOOR_F.sub("-", text)
    text = _LETTER_RUN.sub("-", text)
    text = _NOT_KEPT.sub("-", text)
    text = _HYPHEN_RUN.sub("-", text)
    return _HYPHEN_BY_LETTER.sub("", text).strip("-")


def symbols(postal_code: str, address: str) -> list[str]:
    """START, 7 postal digits, 13 address characters, the check digit and STOP: 23 symbols."""
    data = [*_postal_digits(postal_code), *_address_symbols(address_number(address))]
    # Cutting at 20 keeps a letter's CC when only its digit falls past the end (manual p. 12).
    data = data[:_DATA_LENGTH]
    data += [_PAD] * (_DATA_LENGTH - len(data))
    return ["START", *data, _check_digit(data), "STOP"]


def bars(postal_code: str, address: str) -> str:
    """The 67 bars as letters: L long, U upper semi, D lower semi, T timing."""
    return "".join(_BARS[symbol] for symbol in symbols(postal_code, address))


def bar_rects(
    bars: str, *, x_mm: float, y_mm: float, scale: float = 1.0
) -> list[tuple[float, float, float, float]]:
    """Filled rectangles (x, y, width, height) in mm for ``bars``, y measured upward.

    ``(x_mm, y_mm)`` is the bottom left corner of the bar area; ``scale`` is the point size
    over 10, which the manual allows from 0.8 to 1.15.
    """
    _check_layout(bars, x_mm, y_mm, scale)
    return [_bar_rect(bar, index, x_mm, y_mm, scale) for index, bar in enumerate(bars)]


def _checked_address(address: str) -> str:
    if len(address) > MAX_ADDRESS_LENGTH:
        raise CustomerBarcodeError(f"住所が長すぎます（{MAX_ADDRESS_LENGTH}文字まで）。")
    _refuse_control_characters(address, "住所")
    text = unicodedata.normalize("NFKC", address)
    if not text.strip():
        raise CustomerBarcodeError("住所が入力されていません。")
    return text


def _postal_digits(postal_code: str) -> str:
    message = "郵便番号は7桁の数字で入力してください（例: 100-0013）。"
    if len(postal_code) > _MAX_POSTAL_CODE_LENGTH:
        raise CustomerBarcodeError(message)
    _refuse_control_characters(postal_code, "郵便番号")
    match = _POSTAL_CODE.fullmatch(unicodedata.normalize("NFKC", postal_code).strip())
    if match is None:
        raise CustomerBarcodeError(message)
    return match.group(1) + match.group(2)


def _refuse_control_characters(text: str, field: str) -> None:
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in text):
        raise CustomerBarcodeError(f"{field}に制御文字が含まれています。")


def _kanji_number(numeral: str) -> str:
    """Kanji numerals as Arabic digits: 十一 → 11, 二十三 → 23, 一〇五 → 105."""
    if not any(char in _KANJI_UNITS for char in numeral):
        return "".join(str(_KANJI_DIGITS[char]) for char in numeral)
    total, pending = 0, 0
    for char in numeral:
        if char in _KANJI_UNITS:
            total += (pending or 1) * _KANJI_UNITS[char]
            pending = 0
        else:
            pending = pending * 10 + _KANJI_DIGITS[char]
    return str(total + pending)


def _address_symbols(number: str) -> list[str]:
    result: list[str] = []
    for char in number:
        if char in _KEPT_AS_IS:
            result.append(char)
        else:
            # A letter takes two characters: CC1 + 0..9 for A..J, CC2 for K..T, CC3 for U..Z.
            index = ord(char) - ord("A")
            result += [f"CC{index // 10 + 1}", str(index % 10)]
    return result


def _check_digit(data: Sequence[str]) -> str:
    """The symbol that brings the sum of the 20 data values to a multiple of 19."""
    total = sum(_CHECK_VALUES[symbol] for symbol in data)
    return _CHECK_SYMBOLS[-total % 19]


def _check_layout(bars: str, x_mm: float, y_mm: float, scale: float) -> None:
    if not set(bars) <= _BAR_LETTERS:
        raise CustomerBarcodeError("バーの並びには L, U, D, T の文字だけを使えます。")
    if not (math.isfinite(x_mm) and math.isfinite(y_mm)):
        raise CustomerBarcodeError("バーコードの印字位置が正しくありません。")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise CustomerBarcodeError(
            f"バーコードの倍率は{MIN_SCALE}から{MAX_SCALE}まで（8〜11.5ポイント）です。"
        )


def _bar_rect(
    bar: str, index: int, x_mm: float, y_mm: float, scale: float
) -> tuple[float, float, float, float]:
    bottom, height = _BAR_SHAPES[bar]
    # Rounded to 0.1 µm so that float noise (3 × 1.2 = 3.5999…) never reaches a PDF.
    return (
        round(x_mm + index * BAR_PITCH_MM * scale, 4),
        round(y_mm + bottom * scale, 4),
        round(BAR_WIDTH_MM * scale, 4),
        round(height * scale, 4),
    )
