"""和暦 dates are shown as clerks write them and read back from every form they key."""

import time
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain.wareki import (
    ERAS,
    GREGORIAN_START,
    DateInputError,
    era_of,
    format_date,
    format_fiscal_year,
    format_short,
    parse_date,
)

ERA_BOUNDARIES = [
    (date(1873, 1, 1), "明治6年1月1日", "M6.1.1"),
    (date(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
    (date(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
    (date(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
    (date(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
    (date(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
    (date(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
    (date(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
    (date(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
    (date(2025, 1, 20), "令和7年1月20日", "R7.1.20"),
    (date.max, "令和7981年12月31日", "R7981.12.31"),
]


@pytest.mark.parametrize(("day", "long", "short"), ERA_BOUNDARIES)
def test_dates_on_either_side_of_each_era_boundary_are_shown_in_the_right_era(
    day: date, long: str, short: str
) -> None:
    assert format_date(day) == long
    assert format_short(day) == short
    assert parse_date(long) == day
    assert parse_date(short) == day


def test_eras_are_listed_in_order_with_their_letters_and_codes() -> None:
    assert [(era.name, era.letter, era.code) for era in ERAS] == [
        ("明治", "M", 1),
        ("大正", "T", 2),
        ("昭和", "S", 3),
        ("平成", "H", 4),
        ("令和", "R", 5),
    ]
    assert era_of(date(2025, 1, 20)).year_of(date(2025, 1, 20)) == 7


@pytest.mark.parametrize(
    ("fiscal_year", "text"),
    [(2018, "平成30年度"), (2019, "平成31年度"), (2020, "令和2年度"), (2025, "令和7年度")],
)
def test_a_fiscal_year_is_named_by_the_era_of_its_1_april(fiscal_year: int, text: str) -> None:
    assert format_fiscal_year(fiscal_year) == text


def test_dates_before_the_gregorian_calendar_cannot_be_shown() -> None:
    with pytest.raises(DateInputError, match="1873"):
        format_date(date(1872, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "令和7年1月20日",
        "令和7年1月20",
        "令和 7 年 1 月 20 日",
        "令7.1.20",
        "令7年1月20日",
        "R7.1.20",
        "R07.01.20",
        "r7.1.20",
        "R7-1-20",
        "R7/1/20",
        "R 7.1.20",
        "R7年1月20日",
        "2025-01-20",
        "2025/1/20",
        "2025.1.20",
        "2025年1月20日",
        "2025 年 1 月 20 日",
        "20250120",
        "5070120",
        "２０２５－０１－２０",
        "令和７年１月２０日",
        "Ｒ７．１．２０",
        "ｒ７．１．２０",
        "５０７０１２０",
        "㋿7.1.20",
        "  R7.1.20  ",
        "\u3000R7.1.20\u3000",
        "R7.1.20\n",
        "\tR7.1.20",
    ],
)
def test_every_form_clerks_key_is_read_as_the_same_day(text: str) -> None:
    assert parse_date(text) == date(2025, 1, 20)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("㍻元年1月8日", date(1989, 1, 8)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("S39.10.10", date(1964, 10, 10)),
        ("昭39.10.10", date(1964, 10, 10)),
        ("大3.1.1", date(1914, 1, 1)),
        ("明6.1.1", date(1873, 1, 1)),
        ("3391010", date(1964, 10, 10)),
        ("4010108", date(1989, 1, 8)),
        ("1060101", date(1873, 1, 1)),
        ("2150101", date(1926, 1, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("2024-02-29", date(2024, 2, 29)),
        ("R6.2.29", date(2024, 2, 29)),
    ],
)
def test_era_names_abbreviations_letters_and_codes_all_read(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成31年5月1日", "令和元年5月1日"),
        ("H31.5.1", "令和元年5月1日"),
        ("4310501", "令和元年5月1日"),
        ("昭和64年1月8日", "平成元年1月8日"),
        ("S64.1.8", "平成元年1月8日"),
        ("令和元年4月30日", "平成31年4月30日"),
        ("大正15年12月25日", "昭和元年12月25日"),
        ("昭和元年12月24日", "大正15年12月24日"),
        ("明治45年7月30日", "大正元年7月30日"),
        ("大正元年7月29日", "明治45年7月29日"),
    ],
)
def test_a_date_outside_its_era_is_refused_naming_the_era_it_falls_in(
    text: str, message: str
) -> None:
    with pytest.raises(DateInputError, match=message) as refused:
        parse_date(text)
    assert "期間外" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "入力してください"),
        ("   ", "入力してください"),
        ("\u3000", "入力してください"),
        ("あした", "形式が正しくありません"),
        ("R7.1/20", "形式が正しくありません"),
        ("1.20", "形式が正しくありません"),
        ("250120", "形式が正しくありません"),
        ("令和七年一月二十日", "形式が正しくありません"),
        ("令和7年2月30日", "2月30日は存在しない日付です（2月は28日まで）"),
        ("2025-02-29", "存在しない日付"),
        ("2024-04-31", "4月は30日まで"),
        ("R7.1.0", "存在しない日付"),
        ("R7.12.32", "12月は31日まで"),
        ("R7.13.1", "月は1から12"),
        ("2025-00-10", "月は1から12"),
        ("R0.1.1", "1以上"),
        ("5000101", "1以上"),
        ("令和9999年1月1日", "範囲外の年"),
        ("0070120", "元号の番号"),
        ("6070120", "元号の番号"),
        ("1872-12-31", "1873年"),
        ("0000-01-01", "1873年"),
        ("明治5年12月2日", "1873年"),
        ("明治元年1月1日", "1873年"),
        ("R7.1.20\x00", "制御文字"),
        ("R7.\u200b1.20", "制御文字"),
        ("R7\n.1.20", "制御文字"),
        ("x" * 10_000, "長すぎます"),
    ],
)
def test_unreadable_input_is_refused_saying_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        parse_date(text)


def test_the_error_is_a_value_error_so_generic_form_code_can_catch_it() -> None:
    with pytest.raises(ValueError, match="形式"):
        parse_date("tomorrow")


def test_ten_thousand_characters_are_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(DateInputError):
        parse_date("令" * 10_000)
    assert time.perf_counter() - started < 0.05


@given(st.dates(min_value=GREGORIAN_START))
@example(date(1989, 1, 7))
@example(date(1989, 1, 8))
@example(date(2019, 4, 30))
@example(date(2019, 5, 1))
def test_every_displayed_date_reads_back_as_the_same_day(day: date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(format_short(day)) == day
    assert parse_date(day.isoformat()) == day


@given(st.dates(min_value=GREGORIAN_START))
def test_the_seven_digit_code_reads_back_for_era_years_below_one_hundred(day: date) -> None:
    era = era_of(day)
    year = era.year_of(day)
    if year < 100:
        code = f"{era.code}{year:02d}{day.month:02d}{day.day:02d}"
        assert parse_date(code) == day


date_like = st.text(
    alphabet="0123456789０１２元年月日.-/ 令和平成昭大明RHSTMrh\u3000\t\n", max_size=20
)


@given(st.one_of(st.text(), date_like))
@example("\ud800")
@example("\U0010ffff")
@example("ﷺ" * 64)
def test_no_input_makes_the_parser_raise_anything_but_its_own_error(text: str) -> None:
    day: date | None = None
    try:
        day = parse_date(text)
    except DateInputError as error:
        message = str(error)
    if day is None:
        assert message
    else:
        assert day >= GREGORIAN_START
