"""The one search box: what each kind of typing is understood as, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.search_query import QueryKind, SearchInputError, classify


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("やまだ", QueryKind.KANA, "ヤマダ"),
        ("ｶﾜｼﾏ ﾀﾛｰ", QueryKind.KANA, "カワシマタロー"),
        ("0000012345", QueryKind.REGISTER_NO, "0000012345"),
        ("０００００１２３４５", QueryKind.REGISTER_NO, "0000012345"),
        ("1234 5678 9018", QueryKind.MY_NUMBER, "123456789018"),
        ("26-00001234-9", QueryKind.VOUCHER, "26000012349"),
    ],
)
def test_kana_register_and_my_numbers_are_recognised(
    typed: str, kind: QueryKind, text: str
) -> None:
    query = classify(typed)
    assert query is not None and query.kind is kind and query.text == text


@pytest.mark.parametrize("typed", ["昭和50年1月2日", "S50.1.2", "1975-01-02", "3500102"])
def test_a_birth_date_in_any_form_is_recognised(typed: str) -> None:
    query = classify(typed)
    assert query is not None and query.kind is QueryKind.BIRTH_DATE
    assert query.birth_date == date(1975, 1, 2)


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_an_empty_box_searches_nothing(typed: str) -> None:
    assert classify(typed) is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("山田", "カナ氏名"),
        ("123456789012", "検査用数字"),
        ("平成31年5月1日", "令和元年5月1日"),
        ("x" * 10_000, "64文字以内"),
        ("ヤマ\x07ダ", "制御文字"),
    ],
)
def test_what_cannot_be_searched_gets_a_japanese_reason(typed: str, says: str) -> None:
    with pytest.raises(SearchInputError) as refused:
        classify(typed)
    assert says in refused.value.message


@given(st.text(max_size=80))
def test_no_typing_raises_anything_but_the_search_error(typed: str) -> None:
    try:
        classify(typed)
    except SearchInputError as error:
        assert error.message
