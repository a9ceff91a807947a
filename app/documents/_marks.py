"""Machine-read marks: the customer barcode (カスタマバーコード) and the voucher's QR code."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from reportlab.graphics.barcode.qrencoder import QRErrorCorrectLevel  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]

from app.documents import DocumentError, _qr
from app.documents.model import Addressee
from app.domain import customer_barcode, voucher_number
from app.domain.customer_barcode import CustomerBarcodeError

Rect = tuple[float, float, float, float]
Cell = tuple[int, int, int, int]
_MY_NUMBER_SHAPE = re.compile(r"[0-9]{12}")
_POSTAL = re.compile(r"[0-9]{7}")
_BAR_LETTERS = frozenset("LUDT")
_WHOLE = [f"{number:.2f}" for number in range(178)]  # a version 40 symbol is 177 modules


def postal_code(addressee: Addressee) -> str:
    """The 7 postal digits, or DocumentError."""
    digits = unicodedata.normalize("NFKC", addressee.postal_code).strip()
    if not _POSTAL.fullmatch(digits):
        raise DocumentError("郵便番号は7桁の数字で指定してください。")
    return digits


def barcode_bars(addressee: Addressee) -> str:
    """The 67 bars for the addressee, or DocumentError when the address gives none."""
    try:
        return customer_barcode.bars(postal_code(addressee), addressee.address)
    except CustomerBarcodeError as error:
        raise DocumentError(f"カスタマバーコードを作れません: {error.message}") from error


def barcode_rects(bars: str, x: float, y: float) -> list[Rect]:
    """The filled bar rectangles in points, the bar area's bottom left at (x, y) points, 10 pt."""
    rects = customer_barcode.bar_rects(bars, x_mm=x / mm, y_mm=y / mm)
    return [(bx * mm, by * mm, w * mm, h * mm) for bx, by, w, h in rects]


def draw_rects(canvas: Any, rects: list[Rect] | list[Cell]) -> int:
    """Fill ``rects`` as one path, written as PDF operators directly (ReportLab's float
    formatting is the slowest part of a voucher otherwise); returns how many were drawn."""
    canvas.addLiteral("\n".join([*map(_rect_op, rects), "f"]))
    return len(rects)


def _rect_op(rect: Rect | Cell) -> str:
    x, y, w, h = rect
    return f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re"


def draw_barcode(canvas: Any, bars: str, x: float, y: float) -> int:
    """Draw the customer barcode at its standard 10 pt size; returns the number of bars.

    Each bar's operator depends only on its place and its letter: they come from a table
    made once per position with ``barcode_rects`` (the plain path, which also refuses what
    is not a bar)."""
    if not set(bars) <= _BAR_LETTERS:
        return draw_rects(canvas, barcode_rects(bars, x, y))
    table = _bar_ops(x, y, len(bars))
    canvas.addLiteral("\n".join([*(table[bar][index] for index, bar in enumerate(bars)), "f"]))
    return len(bars)


@functools.lru_cache(maxsize=32)
def _bar_ops(x: float, y: float, count: int) -> dict[str, tuple[str, ...]]:
    """For each bar letter, its operator at each of ``count`` places from (x, y)."""
    return {
        letter: tuple(map(_rect_op, barcode_rects(letter * count, x, y))) for letter in _BAR_LETTERS
    }


def checked_number(number: str) -> str:
    """The voucher number's 11 digits with a correct check digit, or DocumentError."""
    try:
        return voucher_number.normalise(number)
    except voucher_number.VoucherNumberError as error:
        raise DocumentError(error.message) from error


def qr_code(number: str) -> Any:
    """The QR code carrying the voucher number and nothing else (level M), not laid out."""
    return _qr.qr_code(number, QRErrorCorrectLevel.M)


def draw_qr(canvas: Any, number: str, x: float, y: float, side: float) -> None:
    """The QR code for ``number`` as a ``side``-point square (quiet zone included) at (x, y)."""
    code = qr_code(number)
    rows = _qr.matrix(code)  # ReportLab's own layout, computed faster
    count = len(rows)
    module = side / (count + 8)
    canvas.saveState()
    # In module units, rows counted downward from the top left of the symbol.
    canvas.translate(x + 4 * module, y + side - 4 * module)
    canvas.scale(module, -module)
    # The same operators draw_rects writes ("3.00 5.00 2.00 1.00 re"), from whole numbers.
    ops = [
        f"{_WHOLE[start]} {_WHOLE[row_index]} {_WHOLE[run]} 1.00 re"
        for row_index, row in enumerate(rows)
        for start, run in _qr.dark_runs(row, count)
    ]
    canvas.addLiteral("\n".join([*ops, "f"]))
    canvas.restoreState()


def refuse_my_number_shape(*texts: str) -> None:
    """DocumentError if any text holds 12 digits in a row, the shape of a 個人番号."""
    for text in texts:
        if _MY_NUMBER_SHAPE.search(unicodedata.normalize("NFKC", text)):
            raise DocumentError(
                "12桁の数字（個人番号の形）は印字できません。入力を確認してください。"
            )
