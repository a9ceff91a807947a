"""Kana search keys match however a name was keyed; stored kana is full-width katakana."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain.kana import DASH_LIKE, LONG_SOUND_MARK, is_kana, normalise_kana, search_key

DASHES = ["ー", "ｰ", "-", "‐", "‑", "‒", "–", "—", "―", "−", "〜", "～", "~", "－", "﹣", "─", "〰"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("やまだ たろう", "ヤマダタロウ"),
        ("ヤマダ\u3000タロウ", "ヤマダタロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダタロウ"),
        ("ｶﾞｯｺｳ", "ガッコウ"),
        ("か゛っこう", "ガッコウ"),
        ("は゜ん", "パン"),
        ("わ\u3099", "ヷ"),
        ("ワ \u3099", "ヷ"),
        ("ゔぃ", "ヴィ"),
        ("ゝゞ", "ヽヾ"),
        ("ゟ", "ヨリ"),
        ("  すずき\t いちろう \n", "スズキイチロウ"),
        ("すず\u200bき", "スズキ"),
        ("ＳＭＩＴＨ", "SMITH"),
        ("山田", "山田"),
        ("", ""),
    ],
)
def test_search_key_folds_hiragana_half_width_and_spaces(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize("dash", DASHES)
def test_every_long_sound_and_hyphen_like_mark_becomes_the_long_sound_mark(dash: str) -> None:
    assert search_key(f"ら{dash}めん") == "ラーメン"


def test_hiragana_and_katakana_spellings_of_a_name_have_the_same_key() -> None:
    keys = {
        search_key(text) for text in ["さとう　はなこ", "サトウ ハナコ", "ｻﾄｳﾊﾅｺ", "さとうハナコ"]
    }
    assert keys == {"サトウハナコ"}


def test_the_target_mark_is_not_in_the_dash_set() -> None:
    assert LONG_SOUND_MARK not in DASH_LIKE


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("やまだ　たろう", "ヤマダ タロウ"),
        ("  ﾔﾏﾀﾞ   ﾀﾛｳ  ", "ヤマダ タロウ"),
        ("すみす〜じょーんず", "スミスージョーンズ"),
        ("ジョン・スミス", "ジョン・スミス"),
        ("", ""),
    ],
)
def test_stored_kana_is_full_width_katakana_with_single_spaces(text: str, stored: str) -> None:
    assert normalise_kana(text) == stored


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ヤマダ タロウ", True),
        ("やまだ　たろう", True),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", True),
        ("ジョン・スミス", True),
        ("ラ−メン", True),
        ("ヽヾ", True),
        ("山田 タロウ", False),
        ("YAMADA", False),
        ("ヤマダ1", False),
        ("\u3099", False),
        ("", False),
        ("\u3000 ", False),
    ],
)
def test_is_kana_accepts_only_kana_long_marks_dots_and_spaces(text: str, expected: bool) -> None:
    assert is_kana(text) is expected


@given(st.text())
@example("か゛")
@example("わ \u3099")
@example("゛ ゛")
@example("- \u0338")
def test_search_key_is_idempotent(text: str) -> None:
    once = search_key(text)
    assert search_key(once) == once


@given(st.text())
@example("わ \u3099")
@example(" \u3099 ")
def test_stored_kana_is_idempotent_and_agrees_with_its_search_key(text: str) -> None:
    stored = normalise_kana(text)
    assert normalise_kana(stored) == stored
    assert search_key(stored) == search_key(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x3041, max_codepoint=0x3096)))
def test_a_hiragana_name_is_kana_and_its_key_has_no_hiragana(text: str) -> None:
    assert is_kana(text) is bool(text)
    assert not any("\u3041" <= char <= "\u3096" for char in search_key(text))
