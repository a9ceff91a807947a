"""Japanese era dates (和暦, JIS X 0301): display, and lenient reading of what clerks key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.domain.calendar import fiscal_year_bounds
from app.domain.errors import KenshinError

MAX_INPUT_LENGTH = 64
GREGORIAN_START = date(1873, 1, 1)
EXAMPLES = "例: 令和7年1月20日、R7.1.20、2025-01-20、5070120"


class DateInputError(KenshinError, ValueError):
    """A keyed date that cannot be read; the message tells the clerk, in Japanese, what to fix."""


@dataclass(frozen=True)
class Era:
    """An era (元号) with its JIS X 0301 letter and the digit used in 7-digit date codes."""

    name: str
    letter: str
    code: int
    first_day: date

    def year_of(self, day: date) -> int:
        """Era year of `day` (1 is 元年)."""
        return day.year - self.first_day.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", "M", 1, date(1868, 1, 25)),
    Era("大正", "T", 2, date(1912, 7, 30)),
    Era("昭和", "S", 3, date(1926, 12, 25)),
    Era("平成", "H", 4, date(1989, 1, 8)),
    Era("令和", "R", 5, date(2019, 5, 1)),
)

_ERA_BY_TOKEN: dict[str, Era] = {
    token: era for era in ERAS for token in (era.name, era.name[0], era.letter)
}
_ERA_BY_CODE: dict[int, Era] = {era.code: era for era in ERAS}

_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHR]) *(?P<year>元|[0-9]{1,4}) *"
_KANJI_MD = r"年 *(?P<month>[0-9]{1,2}) *月 *(?P<day>[0-9]{1,2}) *日?"
_SEP_MD = r"(?P<sep>[./-]) *(?P<month>[0-9]{1,2}) *(?P=sep) *(?P<day>[0-9]{1,2})"
_ERA_KANJI = re.compile(_ERA + _KANJI_MD, re.IGNORECASE)
_ERA_SEP = re.compile(_ERA + _SEP_MD, re.IGNORECASE)
_WESTERN_KANJI = re.compile(r"(?P<year>[0-9]{4}) *" + _KANJI_MD)
_WESTERN_SEP = re.compile(r"(?P<year>[0-9]{4}) *" + _SEP_MD)
_WESTERN_DIGITS = re.compile(r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")
_CODE_DIGITS = re.compile(r"(?P<code>[0-9])(?P<year>[0-9]{2})(?P<month>[0-9]{2})(?P<day>[0-9]{2})")


def era_of(day: date) -> Era:
    """The era `day` belongs to; dates before the Gregorian calendar (1873) have none here."""
    if day < GREGORIAN_START:
        raise _before_gregorian()
    return next(era for era in reversed(ERAS) if era.first_day <= day)


def _before_gregorian() -> DateInputError:
    return DateInputError("明治6年（1873年）1月1日より前の日付は扱えません（太陽暦の採用前です）")


def _year_text(era_year: int) -> str:
    return "元" if era_year == 1 else str(era_year)


def format_date(day: date) -> str:
    """Display form: 令和7年1月20日, with year one as 元年 (令和元年5月1日)."""
    era = era_of(day)
    return f"{era.name}{_year_text(era.year_of(day))}年{day.month}月{day.day}日"


def format_short(day: date) -> str:
    """Compact form for tables: R7.1.20 (year one as 1: R1.5.1)."""
    era = era_of(day)
    return f"{era.letter}{era.year_of(day)}.{day.month}.{day.day}"


def format_fiscal_year(fiscal_year: int) -> str:
    """A fiscal year as clerks write it, named by the era of its 1 April: 令和7年度."""
    first_day = fiscal_year_bounds(fiscal_year)[0]
    era = era_of(first_day)
    return f"{era.name}{_year_text(era.year_of(first_day))}年度"


def parse_date(text: str) -> date:
    """Read a date in any form clerks key (see DOMAIN.md); raise `DateInputError` otherwise.

    Accepted after NFKC (so full-width digits, letters and ㋿ work) and trimming surrounding
    whitespace: 令和7年1月20日, 令7.1.20, R7.1.20, R07.01.20, r7-1-20, 元年, 2025-01-20,
    2025/1/20, 2025.1.20, 2025年1月20日, 20250120, and the 7-digit code era-digit + YYMMDD
    (1=明治 … 5=令和: 5070120).  The trailing 日 may be left off.  A tab or newline around the
    text (a paste from a spreadsheet) counts as surrounding whitespace; any control or format
    character left inside is refused.
    """
    cleaned = _clean(text)
    for pattern, build in _READERS:
        match = pattern.fullmatch(cleaned)
        if match:
            return build(match)
    raise DateInputError(f"日付の形式が正しくありません（{EXAMPLES}）")


def _clean(text: str) -> str:
    if len(text) > MAX_INPUT_LENGTH:
        raise DateInputError(
            f"入力が長すぎます（日付は{MAX_INPUT_LENGTH}文字以内で入力してください）"
        )
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise DateInputError(f"日付を入力してください（{EXAMPLES}）")
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        raise DateInputError("日付に使えない文字（制御文字など）が含まれています")
    return cleaned


def _from_era(match: re.Match[str]) -> date:
    era = _ERA_BY_TOKEN[match["era"].upper()]
    year = 1 if match["year"] == "元" else int(match["year"])
    return _era_date(era, year, int(match["month"]), int(match["day"]))


def _from_code(match: re.Match[str]) -> date:
    era = _ERA_BY_CODE.get(int(match["code"]))
    if era is None:
        raise DateInputError(
            "7桁の日付の先頭は元号の番号（1=明治、2=大正、3=昭和、4=平成、5=令和）です"
        )
    return _era_date(era, int(match["year"]), int(match["month"]), int(match["day"]))


def _from_western(match: re.Match[str]) -> date:
    year = int(match["year"])
    if year < GREGORIAN_START.year:
        raise _before_gregorian()
    day = _checked_date(year, int(match["month"]), int(match["day"]), f"{year}年")
    era_of(day)
    return day


def _era_date(era: Era, year: int, month: int, day_of_month: int) -> date:
    if year < 1:
        raise DateInputError(f"{era.name}の年は1以上で入力してください（1年は元年）")
    label = f"{era.name}{_year_text(year)}年"
    day = _checked_date(era.first_day.year + year - 1, month, day_of_month, label)
    actual = era_of(day)
    if actual != era:
        raise DateInputError(
            f"{label}{month}月{day_of_month}日は{era.name}の期間外です"
            f"（{format_date(day)}にあたります）"
        )
    return day


def _checked_date(year: int, month: int, day: int, label: str) -> date:
    if not 1 <= year <= date.max.year:
        raise DateInputError(f"{label}は扱える範囲外の年です")
    if not 1 <= month <= 12:
        raise DateInputError(f"月は1から12で入力してください（入力: {month}月）")
    last = _days_in_month(year, month)
    if not 1 <= day <= last:
        raise DateInputError(
            f"{label}{month}月{day}日は存在しない日付です（{month}月は{last}日まで）"
        )
    return date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], date]], ...] = (
    (_ERA_KANJI, _from_era),
    (_ERA_SEP, _from_era),
    (_WESTERN_KANJI, _from_western),
    (_WESTERN_SEP, _from_western),
    (_WESTERN_DIGITS, _from_western),
    (_CODE_DIGITS, _from_code),
)
