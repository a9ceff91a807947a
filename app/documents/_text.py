"""Text that fits its box: shrink the font, wrap Japanese lines, then cut with 「…」."""

from __future__ import annotations

from collections.abc import Sequence

from app.documents._fonts import char_widths, width

ELLIPSIS = "…"
# Characters that must not begin a line (行頭禁則): they hang on the line before.
_NO_LINE_START = frozenset("、。，．）」』】〕・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ!?！？")


def fit_line(text: str, font: str, size: float, room: float, min_size: float) -> tuple[str, float]:
    """``text`` on one line at most ``room`` wide: shrink to ``min_size``, then cut with 「…」."""
    fitted = size
    used = width(text, font, fitted)
    while used > room and fitted > min_size:
        fitted = max(min_size, fitted - 0.5)
        used = width(text, font, fitted)
    return (text if used <= room else cut(text, font, fitted, room)), fitted


def truncate(text: str, font: str, size: float, room: float) -> str:
    """``text`` cut so that it and a trailing 「…」 fit in ``room`` (unchanged if it fits)."""
    if width(text, font, size) <= room:
        return text
    return cut(text, font, size, room)


def cut(text: str, font: str, size: float, room: float) -> str:
    """The longest start of ``text`` that, with 「…」 after it, fits in ``room``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if width(text[:middle] + ELLIPSIS, font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low] + ELLIPSIS


def wrap(text: str, font: str, size: float, room: float) -> list[str]:
    """``text`` broken into lines at most ``room`` wide, character by character."""
    lines: list[str] = []
    line, used = "", 0.0
    measure = char_widths(font, size)
    for char in text:
        step = measure(char)
        if line and used + step > room and char not in _NO_LINE_START:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + char, used + step
    lines.append(line)
    return lines


def fit_block(
    paragraphs: Sequence[str], font: str, sizes: tuple[float, float], box: tuple[float, float]
) -> tuple[list[str], float]:
    """Lines and a font size (from sizes[0] down to sizes[1]) for ``paragraphs`` in ``box``.

    ``box`` is (width, height); lines are 1.5 × size apart.  What does not fit even at the
    smallest size is cut, and the last line kept ends with 「…」.
    """
    room, height = box
    size = sizes[0]
    while True:
        lines = [line for text in paragraphs for line in wrap(text, font, size, room)]
        capacity = max(1, int(height // (size * 1.5)))
        if len(lines) <= capacity:
            return lines, size
        if size <= sizes[1]:
            kept = lines[:capacity]
            kept[-1] = cut(kept[-1], font, size, room)
            return kept, size
        size = max(sizes[1], size - 0.5)
