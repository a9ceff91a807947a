"""Drawing pieces shared by vouchers and notices: text, the window address, whom to ask."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.colors import Color  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]

from app.documents import DocumentError
from app.documents._fonts import GOTHIC
from app.documents._marks import draw_barcode, postal_code
from app.documents._ops import draw_string, set_font
from app.documents._text import fit_block, fit_line
from app.documents.model import Addressee, Office
from app.domain.wareki import DateInputError, format_date

RED = Color(0.8, 0.1, 0.1)
BLACK = Color(0, 0, 0)
GREY = Color(0.35, 0.35, 0.35)
A4 = (210 * mm, 297 * mm)
# A 長3 envelope's window: 20 mm from the left, 45 mm from the top, 90 × 45 mm.
WINDOW = (20 * mm, A4[1] - 90 * mm, 90 * mm, 45 * mm)
_SEXES = {"M": "男", "F": "女"}


def text(canvas: Any, x: float, y: float, value: str, size: float, font: str = GOTHIC) -> None:
    set_font(canvas, font, size)
    draw_string(canvas, x, y, value)


def fitted(canvas: Any, x: float, y: float, value: str, size: float, room: float) -> None:
    """One line at (x, y), shrunk to at most 60 % of ``size`` and then cut to ``room``."""
    line, used = fit_line(value, GOTHIC, size, room, size * 0.6)
    text(canvas, x, y, line, used)


def lines(
    canvas: Any,
    x: float,
    top: float,
    paragraphs: list[str],
    box: tuple[float, float],
    sizes: tuple[float, float],
    font: str = GOTHIC,
) -> None:
    """Wrapped paragraphs from ``top`` down, within ``box`` (width, height)."""
    wrapped, size = fit_block(paragraphs, font, sizes, box)
    set_font(canvas, font, size)
    for index, line in enumerate(wrapped):
        draw_string(canvas, x, top - size * (1.5 * index + 1.1), line)


def wareki(day: date) -> str:
    try:
        return format_date(day)
    except DateInputError as error:
        raise DocumentError(error.message) from error


def sex_text(sex: str) -> str:
    if sex not in _SEXES:
        raise DocumentError("性別は M か F で指定してください。")
    return _SEXES[sex]


def postal_text(addressee: Addressee) -> str:
    digits = postal_code(addressee)
    return f"〒{digits[:3]}-{digits[3:]}"


def window_address(canvas: Any, addressee: Addressee, bars: str, sealed: bool) -> None:
    """The address for a 長3 window envelope, the customer barcode at its foot."""
    left, bottom, width, height = WINDOW
    x, top, room = left + 4 * mm, bottom + height, width - 8 * mm
    text(canvas, x, top - 6 * mm, postal_text(addressee), 10)
    lines(canvas, x, top - 9 * mm, [addressee.address], (room, 13 * mm), (10, 7))
    fitted(canvas, x, bottom + 13 * mm, f"{addressee.name}　様", 14, room)
    draw_barcode(canvas, bars, left + 5 * mm, bottom + 4 * mm)
    if sealed:
        stamp(canvas, left + width - 19 * mm, top - 8 * mm, "親展", 12)


def stamp(canvas: Any, x: float, y: float, value: str, size: float) -> None:
    """A red boxed word (親展, 再発行) with its box's bottom left at (x, y)."""
    canvas.saveState()
    canvas.setStrokeColor(RED)
    canvas.setFillColor(RED)
    canvas.setLineWidth(1.2)
    width = size * len(value) + size * 0.8
    canvas.rect(x, y, width, size * 1.6, stroke=1, fill=0)
    text(canvas, x + size * 0.4, y + size * 0.45, value, size)
    canvas.restoreState()


def ask(canvas: Any, office: Office, x: float, top: float, room: float, size: float) -> None:
    """Whom to ask (お問い合わせ先): office and phone, then address and hours."""
    first = f"お問い合わせ先　{office.name}　電話 {office.phone}"
    second = f"{office.address}　受付 {office.hours}"
    fitted(canvas, x, top - size * 1.1, first, size, room)
    fitted(canvas, x, top - size * 2.5, second, size * 0.9, room)
