"""Individual numbers are checked by their check digit and shown only masked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.my_number import (
    MyNumberInputError,
    check_digit,
    is_valid,
    mask,
    normalise,
)

VALID = "123456789018"
ENDING_3214 = "100456783214"


@pytest.mark.parametrize(
    ("first11", "digit"),
    [
        ("12345678901", 8),
        ("10045678321", 4),
        ("00000000000", 0),
        ("00000000006", 0),
        ("00000000014", 0),
        ("00000000001", 9),
    ],
)
def test_check_digit_follows_the_weights_and_the_remainder_rule(first11: str, digit: int) -> None:
    assert check_digit(first11) == digit


@pytest.mark.parametrize(
    "first11", ["1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１"]
)
def test_check_digit_needs_exactly_eleven_ascii_digits(first11: str) -> None:
    with pytest.raises(MyNumberInputError, match="11桁"):
        check_digit(first11)


@pytest.mark.parametrize(
    "text",
    [
        VALID,
        "1234 5678 9018",
        "1234-5678-9018",
        "１２３４５６７８９０１８",
        "１２３４　５６７８　９０１８",
        "1234−5678−9018",
        " 123456789018 ",
    ],
)
def test_a_valid_number_is_accepted_however_it_is_grouped(text: str) -> None:
    assert is_valid(text)
    assert normalise(text) == VALID


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "入力してください"),
        (" - ", "入力してください"),
        ("12345678901a", "数字で入力"),
        ("١٢٣٤٥٦٧٨٩٠١٨", "数字で入力"),
        ("12345678901", "12桁です（入力は11桁）"),
        ("1234567890189", "入力は13桁"),
        ("123456789017", "検査用数字が一致しません"),
        ("1" * 65, "長すぎます"),
    ],
)
def test_an_invalid_number_is_refused_saying_why(text: str, message: str) -> None:
    assert not is_valid(text)
    with pytest.raises(MyNumberInputError, match=message) as refused:
        normalise(text)
    assert VALID not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (ENDING_3214, "**** **** 3214"),
        ("1004 5678 3214", "**** **** 3214"),
        ("１００４５６７８３２１４", "**** **** 3214"),
        ("12345", "**** **** ****"),
        ("abcdefghijkl", "**** **** ****"),
        ("", "**** **** ****"),
        (ENDING_3214 + " " * 60, "**** **** ****"),
    ],
)
def test_the_screen_shows_at_most_the_last_four_digits(text: str, masked: str) -> None:
    assert mask(text) == masked


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_every_number_with_its_own_check_digit_is_valid_and_no_other_last_digit_is(
    first11: str,
) -> None:
    digit = check_digit(first11)
    assert is_valid(f"{first11}{digit}")
    assert not any(is_valid(f"{first11}{other}") for other in range(10) if other != digit)


@given(st.text())
def test_no_input_makes_normalise_raise_anything_but_its_own_error(text: str) -> None:
    try:
        digits = normalise(text)
    except MyNumberInputError:
        return
    assert len(digits) == 12
    assert mask(text).endswith(digits[-4:])
