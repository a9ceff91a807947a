"""Fitting text: shrinking, wrapping with 禁則, and cutting with 「…」."""

from __future__ import annotations

from app.documents._fonts import GOTHIC, register, width
from app.documents._text import fit_block, fit_line, wrap


def test_a_line_that_fits_is_left_alone() -> None:
    register()
    assert fit_line("山田 花子", GOTHIC, 12, 200, 8) == ("山田 花子", 12)


def test_a_long_line_shrinks_before_it_is_cut() -> None:
    register()
    text = "あ" * 20
    line, size = fit_line(text, GOTHIC, 12, 20 * 10, 8)
    assert line == text and 8 <= size < 12
    line, size = fit_line(text * 3, GOTHIC, 12, 200, 8)
    assert size == 8 and line.endswith("…") and width(line, GOTHIC, 8) <= 200


def test_wrapping_never_starts_a_line_with_a_closing_mark() -> None:
    register()
    lines = wrap("あいうえおかきくけこ。さしすせそ", GOTHIC, 10, 100)
    assert "".join(lines) == "あいうえおかきくけこ。さしすせそ"
    assert not any(line.startswith("。") for line in lines)


def test_a_block_too_tall_keeps_what_fits_and_ends_with_an_ellipsis() -> None:
    register()
    lines, size = fit_block(["あ" * 100] * 10, GOTHIC, (11, 7), (100, 60))
    assert size == 7 and len(lines) == int(60 // (7 * 1.5)) and lines[-1].endswith("…")
