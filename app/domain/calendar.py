"""Legal age (年齢計算ニ関スル法律) and fiscal-year (年度, 1 April to 31 March) arithmetic."""

from __future__ import annotations

from datetime import date, timedelta, timezone

from app.domain.errors import KenshinError

JST = timezone(timedelta(hours=9), "JST")  # the city's calendar: its days and fiscal years
FIRST_FISCAL_YEAR = 1
LAST_FISCAL_YEAR = 9998


class CalendarError(KenshinError, ValueError):
    """An age or fiscal year that cannot be computed; the message is Japanese."""


def _completed_years(birth: date, year: int, month: int, day: int) -> int:
    """Ordinary birthday age on the given calendar day (which may lie past `date.max`)."""
    return year - birth.year - ((month, day) < (birth.month, birth.day))


def age_on(birth: date, on: date) -> int:
    """Age reached by the end of `on` (年齢計算ニ関スル法律).

    An age is attained at the end of the day before the birthday, so the legal age at the end
    of `on` equals the ordinary birthday age on the following day.  Someone born on 29 February
    is older by one on 1 March of a common year, i.e. attains the age at the end of 28 February.
    Raises `CalendarError` when `on` is before the birth date: an age is undefined then.
    """
    if on < birth:
        raise CalendarError("基準日が生年月日より前のため年齢を計算できません")
    if on == date.max:
        # The following day does not fit in `date`; 1 January of year 10000 stands in for it.
        return _completed_years(birth, on.year + 1, 1, 1)
    following = on + timedelta(days=1)
    return _completed_years(birth, following.year, following.month, following.day)


def fiscal_year_of(day: date) -> int:
    """Fiscal year (年度) containing `day`: FY 2025 runs 2025-04-01 … 2026-03-31."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year (1 April and the following 31 March)."""
    if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
        raise CalendarError(
            f"年度は{FIRST_FISCAL_YEAR}から{LAST_FISCAL_YEAR}の範囲で指定してください"
        )
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def age_at_fiscal_year_end(birth: date, fiscal_year: int) -> int:
    """Age on 31 March closing the fiscal year (年度末年齢): the age reached within the year.

    Equals the ordinary birthday age on 1 April of the following calendar year.
    """
    return age_on(birth, fiscal_year_bounds(fiscal_year)[1])


def age_on_fiscal_year_start(birth: date, fiscal_year: int) -> int:
    """Age held as 1 April of the fiscal year begins (4月1日時点の年齢), used for coupons.

    Taken as the age reached by the end of 31 March, i.e. the previous fiscal year's 年度末年齢.
    This keeps school-year cohorts (born 2 April … 1 April) together, which is how coupon
    cohorts are published (FY 2025 breast coupon: born 1984-04-02 … 1985-04-01, age 40).
    Reading it as "by the end of 1 April" would move every 2 April birthday into the older
    cohort.
    """
    first_day = fiscal_year_bounds(fiscal_year)[0]
    return age_on(birth, date(first_day.year, 3, 31))
