"""The identity block: each field read as a clerk keys it, and the address as the fourth fact."""

from __future__ import annotations

import pytest

from app.domain.identity import (
    IdentityInputError,
    address_agrees,
    canonical_identity,
    canonical_identity_field,
    same_address,
)

REGISTERED = "静岡県さくら市中央区本町3丁目18番11号 ハイツさくら203号室"


def test_a_whole_block_is_read_into_its_stored_form() -> None:
    block = canonical_identity(
        {
            "voucher_no": "",
            "kana": "やまだ　たろう",
            "birth_date": "S50.1.2",
            "sex": "1",
            "address": " 本町３−１８−１１ ",
        }
    )
    assert block == {
        "voucher_no": "",
        "kana": "ヤマダ タロウ",
        "birth_date": "1975-01-02",
        "sex": "M",
        "address": "本町3−18−11",
    }


def test_every_unreadable_field_is_named_at_once() -> None:
    with pytest.raises(IdentityInputError) as refused:
        canonical_identity(
            {
                "voucher_no": "123",
                "kana": "山田",
                "birth_date": "H31.5.1",
                "sex": "x",
                "address": "",
            }
        )
    assert set(refused.value.errors) == {"voucher_no", "kana", "birth_date", "sex", "address"}


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="不明な項目"):
        canonical_identity_field("shoe_size", "27")


@pytest.mark.parametrize(
    "keyed",
    [
        "本町3丁目18番11号",
        "本町3-18-11",
        "３−１８−１１",
        "本町3-18-11-203",
        REGISTERED,
        "中央区本町三丁目十八番十一号",
    ],
)
def test_the_registered_address_is_recognised_however_it_is_written(keyed: str) -> None:
    assert address_agrees(keyed, REGISTERED)


@pytest.mark.parametrize("keyed", ["本町3-18-12", "本町3-18", "3-18-11-204", "栄町", ""])
def test_another_address_does_not_agree(keyed: str) -> None:
    assert not address_agrees(keyed, REGISTERED)


def test_an_address_without_numbers_agrees_when_it_is_part_of_the_register() -> None:
    assert address_agrees("大字 堀見内", "秋田県大仙市大字堀見内")
    assert not address_agrees("大字 南田", "秋田県大仙市大字堀見内")
    assert not address_agrees("\x00", REGISTERED)


def test_two_entries_writing_one_address_differently_agree() -> None:
    assert same_address("本町3丁目18番11号", "本町3-18-11")
    assert same_address("堀見内", "堀見内")
    assert not same_address("堀見内", "南田")
    assert not same_address("本町3-18-11", "\x00")
