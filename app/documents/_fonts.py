"""The IPAex fonts, registered with ReportLab once per process and embedded as subsets."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

from app.resources import resources_dir

GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"
_FILES = {GOTHIC: "ipaexg.ttf", MINCHO: "ipaexm.ttf"}


@functools.cache
def register() -> tuple[str, str]:
    """Register both fonts (idempotent) and return their names: (gothic, mincho)."""
    # Binary (Flate only) streams: ASCII85 on top costs a third of the time and size.
    rl_config.useA85 = 0
    folder = resources_dir() / "fonts"
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    return GOTHIC, MINCHO


def width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points: ``pdfmetrics.stringWidth``'s sum, from a table of the
    font's character widths (for a registered TrueType font; any other font asks ReportLab)."""
    table = _widths(font)
    if table is None:
        return float(pdfmetrics.stringWidth(text, font, size))
    widths, default = table
    get = widths.get
    return float(0.001 * size * sum([get(char, default) for char in text]))


def char_widths(font: str, size: float) -> Callable[[str], float]:
    """A function giving ``width(char, font, size)`` for one character, looked up faster."""
    table = _widths(font)
    if table is None:
        return functools.partial(_width_of, font=font, size=size)
    widths, default = table
    get, scale = widths.get, 0.001 * size
    return lambda char: float(scale * get(char, default))


def _width_of(char: str, font: str, size: float) -> float:
    return width(char, font, size)


@functools.cache
def _widths(font: str) -> tuple[dict[str, float], float] | None:
    """The character widths of a registered TrueType font, by character; None for others."""
    face: Any = getattr(pdfmetrics.getFont(font), "face", None)
    if not isinstance(getattr(face, "charWidths", None), dict):
        return None
    return {chr(code): w for code, w in face.charWidths.items()}, face.defaultWidth
