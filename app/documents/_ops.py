"""Text on a ReportLab canvas written as the operators ``Canvas.drawString`` writes, faster.

``drawString`` measures the string it is given (and never uses the width), builds a text
object, formats the font size and leading again for every string, and formats numbers with
ReportLab's pure-Python ``fp_str``: half of a voucher's drawing time.  ``draw_string`` writes
the same bytes: the same subset font names (taken from the font itself, which also records
the characters used for embedding), the same escaping and number formats; the test suite
compares the PDFs byte for byte.  Anything unusual (a canvas drawn top down, a font that is
not an embedded TrueType) goes through ReportLab as before.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]

from app.documents._fonts import width

# True: every call goes through ReportLab's own methods (the tests compare the two paths).
REPORTLAB_ONLY = False
_CACHE = "_kenshin_shown_text"


def set_font(canvas: Any, font: str, size: float) -> None:
    """``canvas.setFont(font, size)``, skipped when it is already the canvas's font."""
    if (
        REPORTLAB_ONLY
        or canvas._fontname != font
        or canvas._fontsize != size
        or canvas._leading != size * 1.2
    ):
        canvas.setFont(font, size)


def draw_string(canvas: Any, x: float, y: float, text: str) -> None:
    """``canvas.drawString(x, y, text)`` in the canvas's current font and size."""
    font = pdfmetrics.getFont(canvas._fontname)
    if REPORTLAB_ONLY or not canvas.bottomup or not font._dynamicFont or _shaped(text):
        canvas.drawString(x, y, text)
        return
    # What follows the position depends only on the font, size and text: the same office,
    # labels and fees recur on every page.  Kept with the canvas, so only for this PDF (its
    # subset codes are this PDF's).
    cache: dict[tuple[str, float, float, str], str] = canvas.__dict__.setdefault(_CACHE, {})
    key = (canvas._fontname, canvas._fontsize, canvas._leading, text)
    shown = cache.get(key)
    if shown is None:
        shown = cache[key] = _shown(font, canvas._doc, canvas._fontsize, canvas._leading, text)
    canvas._code.append(f"BT 1 0 0 1 {_position(x, y)} Tm {shown} T* ET")


def _shown(font: Any, doc: Any, size: float, leading: float, text: str) -> str:
    """The font selections and strings ``drawString`` writes for ``text`` (its subsets)."""
    select = _select(size, leading)
    parts: list[str] = []
    current = -1
    for subset, chunk in font.splitString(text, doc):
        if subset != current:
            parts.append(f"{font.getSubsetInternalName(subset, doc)} {select}")
            current = subset
        parts.append(f"({escapePDF(chunk)}) Tj")
    return " ".join(parts)


def draw_centred(canvas: Any, x: float, y: float, text: str) -> None:
    """``canvas.drawCentredString(x, y, text)`` in the canvas's current font and size."""
    if REPORTLAB_ONLY:
        canvas.drawCentredString(x, y, text)
        return
    draw_string(canvas, x - 0.5 * width(text, canvas._fontname, canvas._fontsize), y, text)


def _shaped(text: str) -> bool:
    return hasattr(text, "__shapeData__")


@functools.lru_cache(maxsize=256)
def _select(size: float, leading: float) -> str:
    """The font size and leading as ``drawString`` writes them after the font's name."""
    return f"{fp_str(size)} Tf {fp_str(leading)} TL"


@functools.lru_cache(maxsize=8192)
def _position(x: float, y: float) -> str:
    """A text origin as ``fp_str`` writes it (the layout's positions repeat on every page)."""
    return str(fp_str(x, y))
