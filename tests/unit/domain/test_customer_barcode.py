"""Customer barcode (カスタマバーコード): the manual's examples, its rules, and properties."""

from __future__ import annotations

import contextlib
import itertools
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.customer_barcode import (
    ADDRESS_NUMBER_LENGTH,
    BAR_PITCH_MM,
    BAR_SPACE_MM,
    BAR_WIDTH_MM,
    LONG_BAR_MM,
    MAX_ADDRESS_LENGTH,
    MAX_SCALE,
    MIN_SCALE,
    SEMI_BAR_MM,
    TIMING_BAR_MM,
    CustomerBarcodeError,
    address_number,
    bar_rects,
    bars,
    symbols,
)
from app.domain.errors import KenshinError

# The manual's values, written out again here so that the tests do not trust the module's table.
VALUES = {
    **{digit: int(digit) for digit in string.digits},
    "-": 10,
    **{f"CC{n}": 10 + n for n in range(1, 9)},
}

# Japan Post's published test data (郵便番号・バーコードマニュアル, p. 25): postal code, address,
# the extracted address number, and the 20 data characters followed by the check digit.
MANUAL_TEST_DATA = [
    ("263-0023", "千葉市稲毛区緑町3丁目30-8　郵便ビル403号", "3-30-8-403",
     "26300233-30-8-403 CC4 CC4 CC4 5"),
    ("014-0113", "秋田県大仙市堀見内　南田茂木　添60-1", "60-1",
     "014011360-1 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC8"),
    ("110-0016", "東京都台東区台東5-6-3　ABCビル10F", "5-6-3-10",
     "11000165-6-3-10 CC4 CC4 CC4 CC4 CC4 9"),
    ("060-0906", "北海道札幌市東区北六条東4丁目　郵便センター6号館", "4-6",
     "06009064-6 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9"),
    ("065-0006", "北海道札幌市東区北六条東8丁目　郵便センター10号館", "8-10",
     "06500068-10 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 9"),
    ("407-0033", "山梨県韮崎市龍岡町下條南割　韮崎400", "400",
     "4070033400 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 -"),
    ("273-0102", "千葉県鎌ケ谷市右京塚　東3丁目-20-5　郵便・A&bコーポB604号", "3-20-5B604",
     "27301023-20-5 CC1 1604 CC4 CC4 0"),
    ("198-0036", "東京都青梅市河辺町十一丁目六番地一号　郵便タワー601", "11-6-1-601",
     "198003611-6-1-601 CC4 CC4 CC4 CC8"),
    ("027-0203", "岩手県宮古市大字津軽石第二十一地割大淵川480", "21-480",
     "027020321-480 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC5"),
    ("590-0016", "大阪府堺市堺区中田出井町四丁六番十九号", "4-6-19",
     "59000164-6-19 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC2"),
    ("080-0831", "北海道帯広市稲田町南七線　西28", "7-28",
     "08008317-28 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC4 CC7"),
    ("317-0055", "茨城県日立市宮田町6丁目7-14　ABCビル2F", "6-7-14-2",
     "31700556-7-14-2 CC4 CC4 CC4 CC4 CC4 CC1"),
    ("650-0046", "神戸市中央区港島中町9丁目7-6　郵便シティA棟1F1号", "9-7-6A1-1",
     "65000469-7-6 CC1 01-1 CC4 CC4 CC4 5"),
    ("623-0011", "京都府綾部市青野町綾部6-7　LプラザB106", "6-7LB106",
     "62300116-7 CC2 1 CC1 1106 CC4 CC4 CC4 4"),
    ("064-0804", "札幌市中央区南四条西29丁目1524-23　第2郵便ハウス501", "29-1524-23-2-501",
     "064080429-1524-23-2- 3"),
    ("910-0067", "福井県福井市新田塚3丁目80-25　J1ビル2-B", "3-80-25J1-2B",
     "91000673-80-25 CC1 91-2 CC1 9"),
]  # fmt: skip


def spelled(compact: str) -> list[str]:
    """'1-2 CC4 5' as symbols: runs of digits and hyphens split into characters, CCn kept whole."""
    return [s for word in compact.split() for s in ([word] if word.startswith("CC") else word)]


# -- the manual's worked example (p. 17): 〒100-0013 霞が関1丁目3番2号 郵便プラザ503室 ---------


def test_the_manual_example_has_check_digit_9() -> None:
    """Values 1+0+0+0+0+1+3 = 5, 1-3-2-503 = 1+10+3+10+2+10+5+0+3 = 44, 4 × CC4 = 4 × 14 = 56.

    5 + 44 + 56 = 105 = 5 × 19 + 10, so the check digit is 19 − 10 = 9.
    """
    result = symbols("100-0013", "東京都千代田区霞が関1丁目3番2号　郵便プラザ503室")
    assert result == [
        "START", "1", "0", "0", "0", "0", "1", "3",
        "1", "-", "3", "-", "2", "-", "5", "0", "3", "CC4", "CC4", "CC4", "CC4",
        "9", "STOP",
    ]  # fmt: skip


def test_the_manual_example_as_67_bars() -> None:
    """Worked by hand from the bar table.

    START LD | 1 LLT | 0 LTT | 0 LTT | 0 LTT | 0 LTT | 1 LLT | 3 DLU
    | 1 LLT | - TLT | 3 DLU | - TLT | 2 LDU | - TLT | 5 LTL | 0 LTT | 3 DLU
    | CC4 TDU | CC4 TDU | CC4 TDU | CC4 TDU | check digit 9 TLL | STOP DL
    = 2 + 21 × 3 + 2 = 67 bars.
    """
    expected = (
        "LD" "LLT" "LTT" "LTT" "LTT" "LTT" "LLT" "DLU"
        "LLT" "TLT" "DLU" "TLT" "LDU" "TLT" "LTL" "LTT" "DLU"
        "TDU" "TDU" "TDU" "TDU" "TLL" "DL"
    )  # fmt: skip
    assert len(expected) == 67
    assert bars("1000013", "霞が関1丁目3番2号　郵便プラザ503室") == expected


# -- Japan Post's published test data ------------------------------------------------------------


@pytest.mark.parametrize(("postal_code", "address", "number", "data"), MANUAL_TEST_DATA)
def test_the_manual_test_data_extracts_the_published_address_number(
    postal_code: str, address: str, number: str, data: str
) -> None:
    assert address_number(address) == number


@pytest.mark.parametrize(("postal_code", "address", "number", "data"), MANUAL_TEST_DATA)
def test_the_manual_test_data_gives_the_published_characters_and_check_digit(
    postal_code: str, address: str, number: str, data: str
) -> None:
    assert symbols(postal_code, address) == ["START", *spelled(data), "STOP"]


def test_a_chiwari_without_a_house_number_keeps_only_the_chiwari() -> None:
    assert address_number("岩手県宮古市大字津軽石第二十一地割大淵川") == "21"


# -- postal code ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "postal_code",
    [
        "100-0013",
        "1000013",
        "１００－００１３",
        "１００００１３",
        "〒100-0013",
        " 100-0013 ",
        "100−0013",
        "100ー0013",
    ],
)
def test_a_postal_code_is_read_with_or_without_hyphen_mark_and_full_width(postal_code: str) -> None:
    assert symbols(postal_code, "1")[1:8] == list("1000013")


@pytest.mark.parametrize(
    "postal_code",
    [
        "",
        "100-001",
        "10000134",
        "100-00134",
        "100--0013",
        "100 0013",
        "abc-defg",
        "١٠٠-٠٠١٣",
        "100-0013\n",
        "1" * 10_000,
    ],
)
def test_a_postal_code_that_is_not_seven_digits_is_refused(postal_code: str) -> None:
    with pytest.raises(CustomerBarcodeError, match="郵便番号"):
        symbols(postal_code, "1丁目3番2号")


def test_the_error_is_a_value_error_with_a_japanese_message_for_the_screen() -> None:
    with pytest.raises(ValueError, match="郵便番号は7桁") as caught:
        bars("100-001", "1")
    assert isinstance(caught.value, KenshinError)
    assert caught.value.message.startswith("郵便番号は7桁")


# -- address validation --------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["", "   ", "　　"])
def test_an_empty_address_is_refused(address: str) -> None:
    with pytest.raises(CustomerBarcodeError, match="住所が入力されていません"):
        address_number(address)


@pytest.mark.parametrize("address", ["1丁目\n3番", "1\t2", "\x00", "1\u200b2", "\ufeff1", "\ud800"])
def test_an_address_with_control_characters_is_refused(address: str) -> None:
    with pytest.raises(CustomerBarcodeError, match="制御文字"):
        address_number(address)


def test_a_ten_thousand_character_paste_is_refused() -> None:
    with pytest.raises(CustomerBarcodeError, match="長すぎます"):
        bars("1000013", "東京都千代田区霞が関1丁目3番2号" * 625)


def test_an_address_of_the_maximum_length_is_accepted() -> None:
    assert address_number("あ" * (MAX_ADDRESS_LENGTH - 1) + "1") == "1"


def test_an_address_with_a_private_use_gaiji_in_the_town_name_is_accepted() -> None:
    assert address_number("東京都千代田区\ue000町1丁目3番2号") == "1-3-2"


# -- extraction rules ----------------------------------------------------------------------------


def test_the_town_name_before_the_number_is_dropped_so_a_full_address_works() -> None:
    full = address_number("東京都千代田区霞が関1丁目3番2号　霞ヶ関ビル503号室")
    assert full == address_number("1丁目3番2号　霞ヶ関ビル503号室") == "1-3-2-503"


def test_a_town_name_with_a_kanji_number_before_a_marker_must_be_left_out() -> None:
    """三番町 is a town name, yet 三 stands before 番: only the part after the town is safe."""
    assert address_number("東京都千代田区三番町6番地2") == "3-6-2"
    assert address_number("6番地2") == "6-2"


def test_an_address_without_a_number_pads_all_thirteen_characters() -> None:
    assert address_number("東京都千代田区霞が関") == ""
    assert symbols("1000013", "東京都千代田区霞が関")[8:21] == ["CC4"] * ADDRESS_NUMBER_LENGTH


def test_full_width_digits_letters_and_hyphens_are_read_as_half_width() -> None:
    assert address_number("１丁目３－２　Ｂ棟５０３") == "1-3-2B503"
    assert address_number("二ﾉ３") == "2-3"


def test_lower_case_letters_are_upper_cased() -> None:
    assert address_number("3-5 b棟") == "3-5B"


def test_ampersand_slash_middle_dot_and_period_are_deleted_not_separators() -> None:
    assert address_number("No.5") == "5"
    assert address_number("1/2") == "12"
    assert address_number("A・B棟 3") == "3"


@pytest.mark.parametrize("dash", ["-", "－", "−", "‐", "ー", "―", "~", " "])
def test_any_dash_or_blank_between_numbers_is_one_hyphen(dash: str) -> None:
    assert address_number(f"1{dash}2{dash}{dash}3") == "1-2-3"


def test_leading_and_trailing_hyphens_are_stripped() -> None:
    assert address_number("-1-2-") == "1-2"


@pytest.mark.parametrize("marker", ["丁目", "丁", "番地", "番", "号", "地割", "線", "の", "ノ"])
def test_a_kanji_numeral_before_a_marker_becomes_digits(marker: str) -> None:
    assert address_number(f"二十三{marker}") == "23"


@pytest.mark.parametrize(
    ("numeral", "digits"),
    [
        ("〇", "0"),
        ("九", "9"),
        ("十", "10"),
        ("十一", "11"),
        ("二十", "20"),
        ("百五", "105"),
        ("一〇五", "105"),
        ("千二百三十四", "1234"),
        ("千〇一", "1001"),
        ("三百", "300"),
    ],
)
def test_kanji_numerals_are_read_as_numbers(numeral: str, digits: str) -> None:
    assert address_number(f"{numeral}番地") == digits


def test_a_kanji_numeral_before_any_other_character_is_a_separator() -> None:
    assert address_number("三軒茶屋二丁目") == "2"
    assert address_number("十二番地の三") == "12"


def test_a_floor_marker_after_a_number_is_not_part_of_the_number() -> None:
    assert address_number("5-6-3 ABCビル10F") == "5-6-3-10"
    assert address_number("6-7-14 ABCビル2階") == "6-7-14-2"
    assert address_number("A棟1F1号") == "A1-1"
    assert address_number("B1F") == "B1"


def test_an_f_that_is_part_of_a_letter_run_is_no_floor_marker() -> None:
    assert address_number("10FA 3") == "10-3"


def test_a_lone_letter_is_kept_and_a_run_of_letters_is_a_separator() -> None:
    assert address_number("3-5 ABビル C") == "3-5C"


def test_a_hyphen_next_to_a_letter_is_dropped() -> None:
    assert address_number("A-1-2") == "A1-2"
    assert address_number("1-2-B") == "1-2B"


# -- letters, truncation and padding -------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "pair"),
    [
        ("A", ["CC1", "0"]),
        ("J", ["CC1", "9"]),
        ("K", ["CC2", "0"]),
        ("T", ["CC2", "9"]),
        ("U", ["CC3", "0"]),
        ("Z", ["CC3", "5"]),
    ],
)
def test_a_letter_takes_a_control_code_and_a_digit(letter: str, pair: list[str]) -> None:
    assert symbols("1000013", f"1{letter}")[9:11] == pair


def test_every_letter_maps_to_its_own_pair() -> None:
    pairs = [tuple(symbols("1000013", letter)[8:10]) for letter in string.ascii_uppercase]
    assert len(set(pairs)) == 26


def test_a_letter_cut_in_half_at_the_twentieth_character_keeps_its_control_code() -> None:
    assert symbols("9100067", "3-80-25J1-2B")[-3:] == ["CC1", "9", "STOP"]


def test_a_thirteen_character_number_fills_the_field_without_padding() -> None:
    assert symbols("1000013", "1234567890-12")[8:21] == list("1234567890-12")


# -- bars and rectangles -------------------------------------------------------------------------


def test_the_dimensions_keep_the_manuals_ratios() -> None:
    assert pytest.approx(3 * TIMING_BAR_MM) == LONG_BAR_MM
    assert pytest.approx(2 * TIMING_BAR_MM) == SEMI_BAR_MM
    assert pytest.approx(BAR_WIDTH_MM + BAR_SPACE_MM) == BAR_PITCH_MM
    assert (MIN_SCALE, MAX_SCALE) == (0.8, 1.15)


def test_each_bar_kind_is_drawn_at_its_height_from_the_baseline() -> None:
    assert bar_rects("LUDT", x_mm=10.0, y_mm=20.0) == [
        (10.0, 20.0, 0.6, 3.6),
        (11.2, 21.2, 0.6, 2.4),
        (12.4, 20.0, 0.6, 2.4),
        (13.6, 21.2, 0.6, 1.2),
    ]


def test_bar_rectangles_scale_with_the_point_size() -> None:
    assert bar_rects("LT", x_mm=0.0, y_mm=0.0, scale=0.8) == [
        (0.0, 0.0, 0.48, 2.88),
        (0.96, 0.96, 0.48, 0.96),
    ]


def test_a_whole_barcode_is_79_8_mm_wide_at_10_points() -> None:
    rects = bar_rects(bars("1000013", "1-3-2-503"), x_mm=0.0, y_mm=0.0)
    x, _, width, _ = rects[-1]
    assert len(rects) == 67
    assert x + width == pytest.approx(79.8)


def test_no_bars_give_no_rectangles() -> None:
    assert bar_rects("", x_mm=0.0, y_mm=0.0) == []


@pytest.mark.parametrize("text", ["LUDX", "ludt", "L D"])
def test_a_bar_string_with_other_letters_is_refused(text: str) -> None:
    with pytest.raises(CustomerBarcodeError, match="L, U, D, T"):
        bar_rects(text, x_mm=0.0, y_mm=0.0)


@pytest.mark.parametrize("scale", [0.79, 1.16, float("nan"), float("inf")])
def test_a_scale_outside_8_to_11_5_points_is_refused(scale: float) -> None:
    with pytest.raises(CustomerBarcodeError, match="倍率"):
        bar_rects("LUDT", x_mm=0.0, y_mm=0.0, scale=scale)


@pytest.mark.parametrize(("x", "y"), [(float("nan"), 0.0), (0.0, float("inf"))])
def test_a_position_that_is_not_a_number_is_refused(x: float, y: float) -> None:
    with pytest.raises(CustomerBarcodeError, match="印字位置"):
        bar_rects("LUDT", x_mm=x, y_mm=y)


# -- properties ----------------------------------------------------------------------------------

postal_codes = st.builds(
    lambda a, hyphen, b: a + hyphen + b,
    st.text(string.digits, min_size=3, max_size=3),
    st.sampled_from(["", "-"]),
    st.text(string.digits, min_size=4, max_size=4),
)
address_characters = st.sampled_from(
    [
        *string.digits,
        *"AbFfZz-－ 　&/・.",
        *"〇一二三四五六七八九十百千",
        *"丁目番地号割線のノ階棟",
        *"東京都千代田区霞が関ビルコーポ",
        "号室",
        "ＡＢ",
        "１２",
    ]
)
addresses = st.lists(address_characters, min_size=1, max_size=80).map("".join).filter(str.strip)
town_names = st.text(st.sampled_from("東京都代田区霞が関北南西大字あいうアイウ　 "), max_size=20)


@given(postal_codes, addresses)
def test_bars_are_always_67_of_l_u_d_t(postal_code: str, address: str) -> None:
    result = bars(postal_code, address)
    assert len(result) == 67
    assert set(result) <= set("LUDT")


@given(postal_codes, addresses)
def test_symbols_are_always_23_from_start_to_stop_with_a_valid_check_digit(
    postal_code: str, address: str
) -> None:
    result = symbols(postal_code, address)
    assert len(result) == 23
    assert (result[0], result[-1]) == ("START", "STOP")
    assert all(symbol in VALUES for symbol in result[1:-1])
    assert sum(VALUES[symbol] for symbol in result[1:-1]) % 19 == 0


@given(addresses)
def test_an_address_number_holds_only_digits_hyphens_and_letters_in_the_right_places(
    address: str,
) -> None:
    number = address_number(address)
    assert set(number) <= set(string.digits + string.ascii_uppercase + "-")
    assert not number.startswith("-")
    assert not number.endswith("-")
    assert "--" not in number
    assert all(
        not (a == "-" and b.isalpha()) and not (a.isalpha() and b == "-")
        for a, b in itertools.pairwise(number)
    )


@given(st.text(string.digits + string.ascii_letters + "- ", min_size=1).filter(str.strip))
def test_full_width_input_gives_the_same_number_as_half_width(address: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != " " else "　" for c in address)
    assert address_number(full_width) == address_number(address)


@given(town_names, addresses)
def test_a_town_name_without_numbers_or_letters_does_not_change_the_number(
    town: str, address: str
) -> None:
    assert address_number(town + address) == address_number(address)


@settings(max_examples=300)
@given(
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.text(st.characters(exclude_categories=()), max_size=300),
)
def test_no_input_raises_anything_but_a_customer_barcode_error(
    postal_code: str, address: str
) -> None:
    with contextlib.suppress(CustomerBarcodeError):
        address_number(address)
    with contextlib.suppress(CustomerBarcodeError):
        bars(postal_code, address)


@given(st.text(st.characters(exclude_categories=())), st.floats(), st.floats(), st.floats())
def test_no_bar_string_or_position_raises_anything_but_a_customer_barcode_error(
    text: str, x: float, y: float, scale: float
) -> None:
    with contextlib.suppress(CustomerBarcodeError):
        bar_rects(text, x_mm=x, y_mm=y, scale=scale)


@given(
    st.text("LUDT", max_size=67),
    st.floats(min_value=0, max_value=300),
    st.floats(min_value=0, max_value=300),
    st.floats(min_value=MIN_SCALE, max_value=MAX_SCALE),
)
def test_every_bar_lies_inside_the_bar_area(text: str, x: float, y: float, scale: float) -> None:
    rects = bar_rects(text, x_mm=x, y_mm=y, scale=scale)
    assert len(rects) == len(text)
    for left, bottom, width, height in rects:
        assert left >= x - 1e-3
        assert y - 1e-3 <= bottom
        assert bottom + height <= y + LONG_BAR_MM * scale + 1e-3
        assert width == pytest.approx(BAR_WIDTH_MM * scale, abs=1e-4)
