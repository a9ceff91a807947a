"""The fast QR layout is ReportLab's layout, module for module (what a scanner reads)."""

from __future__ import annotations

import random

import pytest
from reportlab.graphics.barcode import qrencoder

from app.documents import _marks, _qr
from app.domain import voucher_number


def _reportlab(value: str, level: int) -> list[list[bool]]:
    code = _qr.qr_code(value, level)
    code.make()
    return [list(row) for row in code.modules]


def _fast(value: str, level: int) -> list[list[bool]]:
    rows = _qr.matrix(_qr.qr_code(value, level))
    return _qr.as_modules(rows, len(rows))


_RANDOM = random.Random(13)
_NUMBERS = [voucher_number.make(2025, serial) for serial in range(0, 2000, 13)] + [
    voucher_number.make(year, _RANDOM.randrange(10**6)) for year in (2024, 2025, 2026, 2031)
]


def test_every_voucher_number_gets_reportlabs_own_layout() -> None:
    level = qrencoder.QRErrorCorrectLevel.M
    masks = set()
    for number in _NUMBERS:
        assert _fast(number, level) == _reportlab(number, level), number
        code = _qr.qr_code(number, level)
        code.make()
        masks.add(code.getBestMaskPattern())
    assert len(masks) >= 6  # the numbers exercise the mask choice, not one mask


@pytest.mark.parametrize(
    "value",
    ["HELLO WORLD", "受診券", "https://example.jp/" + "a" * 40, "1" * 120, "x" * 200],
)
@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_other_modes_sizes_and_levels_match_too(value: str, level: str) -> None:
    correction = getattr(qrencoder.QRErrorCorrectLevel, level)
    assert _fast(value, correction) == _reportlab(value, correction)


def test_too_much_data_is_refused_as_reportlab_refuses_it() -> None:
    code = _qr.qr_code("9" * 8000)
    code.version = 1
    with pytest.raises(Exception, match="overflow"):
        _qr.matrix(code)


def test_the_dark_runs_cover_exactly_the_dark_modules() -> None:
    rows = _qr.matrix(_marks.qr_code(_NUMBERS[0]))
    size = len(rows)
    for row in rows:
        covered = set()
        for start, length in _qr.dark_runs(row, size):
            assert length > 0
            covered.update(range(start, start + length))
        assert covered == {col for col in range(size) if row >> col & 1}
