"""Text written directly as PDF operators gives the very PDF ReportLab's own calls give."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

from app.documents import _fonts, _ops
from app.documents.model import Addressee, VoucherLine
from app.documents.notices import notices
from app.documents.vouchers import a4_vouchers, postcards
from app.domain import voucher_number
from tests.unit.documents import samples

_ODD = Addressee(
    name="髙橋 﨑子\u00a0 Ｏ'Brien (様)",  # rare kanji, nbsp, quote and parentheses to escape
    kana="タカハシ サキコ",
    postal_code="０６００８０８",
    address="北海道札幌市北区北八条西2丁目1-1 \\ビル（１Ｆ）" + "あ" * 40,
)


def _vouchers() -> list[object]:
    many = tuple(VoucherLine(f"検診{i}（{'い' * i}）", f"{i},000円", i % 2 == 0) for i in range(9))
    return [
        samples.voucher(reissue=True),
        samples.voucher(addressee=_ODD, programs=many, number=voucher_number.make(2026, 7)),
        *(samples.voucher(number=voucher_number.make(2025, serial)) for serial in range(20)),
    ]


def _notices() -> list[object]:
    return [
        samples.reminder(),
        samples.reminder(kind="invitation", sealed=False, addressee=_ODD),
        samples.reminder(kind="result"),
    ]


@pytest.mark.parametrize(
    "render",
    [
        lambda: postcards(_vouchers()),  # type: ignore[arg-type]
        lambda: a4_vouchers(_vouchers()),  # type: ignore[arg-type]
        lambda: notices(_notices()),  # type: ignore[arg-type]
    ],
    ids=["postcards", "a4", "notices"],
)
def test_the_fast_text_path_writes_the_same_pdf_bytes_as_reportlab(
    render: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no date or random id in the file
    fast = render()
    monkeypatch.setattr(_ops, "REPORTLAB_ONLY", True)
    plain = render()
    assert fast == plain


@pytest.mark.parametrize(
    "text", ["", "受診券番号", "山田 花子　様", "髙﨑\u00a0x", "\U0001f600絵文字", "ABC abc 123"]
)
@pytest.mark.parametrize("size", [5, 6.5, 8, 11.5, 20])
def test_widths_from_the_table_are_reportlabs(text: str, size: float) -> None:
    gothic, mincho = _fonts.register()
    for font in (gothic, mincho, "Helvetica"):
        assert _fonts.width(text, font, size) == pdfmetrics.stringWidth(text, font, size)


@pytest.mark.parametrize("size", [5, 6.5, 8, 11.5, 20])
def test_one_character_widths_are_reportlabs(size: float) -> None:
    gothic, mincho = _fonts.register()
    for font in (gothic, mincho, "Helvetica"):
        measure = _fonts.char_widths(font, size)
        for char in "受診券 aZ9様\u00a0\U0001f600ー・":
            assert measure(char) == pdfmetrics.stringWidth(char, font, size), (font, char)
