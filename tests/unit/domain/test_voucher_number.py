"""Voucher numbers carry their own check digit, which catches typos before any lookup."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.voucher_number import VoucherNumberError, is_valid, make, normalise


@given(st.integers(2000, 2099), st.integers(0, 10**8 - 1))
def test_every_made_number_is_valid_and_every_single_digit_change_is_caught(
    year: int, serial: int
) -> None:
    number = make(year, serial)
    assert len(number) == 11 and is_valid(number)
    for position in range(11):
        for digit in "0123456789":
            if digit != number[position]:
                changed = number[:position] + digit + number[position + 1 :]
                assert not is_valid(changed)


def test_full_width_digits_spaces_and_hyphens_are_accepted() -> None:
    number = make(2026, 1234)
    spaced = f"{number[:2]}-{number[2:6]} {number[6:]}".translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    assert normalise(spaced) == number


@pytest.mark.parametrize(
    ("typed", "says"), [("123", "11桁"), ("abcdefghijk", "11桁"), ("26000012340", "検査用数字")]
)
def test_a_bad_number_is_refused_in_japanese(typed: str, says: str) -> None:
    with pytest.raises(VoucherNumberError, match=says):
        normalise(typed)


def test_a_serial_outside_eight_digits_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        make(2026, 10**8)
