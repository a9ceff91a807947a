"""Legal age and fiscal years follow 年齢計算ニ関スル法律 and the 1 April year."""

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.calendar import (
    CalendarError,
    age_at_fiscal_year_end,
    age_on,
    age_on_fiscal_year_start,
    fiscal_year_bounds,
    fiscal_year_of,
)

MILESTONES = (20, 30, 40, 45, 50, 55, 60, 65, 70, 74, 75)
births = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


def _ordinary_age(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1986, 4, 1), date(2026, 3, 30), 39),
        (date(1986, 4, 1), date(2026, 3, 31), 40),
        (date(1986, 4, 2), date(2026, 3, 31), 39),
        (date(1986, 4, 2), date(2026, 4, 1), 40),
        (date(1976, 2, 29), date(2026, 2, 27), 49),
        (date(1976, 2, 29), date(2026, 2, 28), 50),
        (date(1976, 2, 29), date(2024, 2, 27), 47),
        (date(1976, 2, 29), date(2024, 2, 28), 48),
        (date(1976, 2, 29), date(2024, 2, 29), 48),
        (date(2000, 1, 1), date(2000, 1, 1), 0),
        (date(2000, 1, 1), date(2000, 12, 30), 0),
        (date(2000, 1, 1), date(2000, 12, 31), 1),
        (date(2000, 12, 31), date(2001, 12, 30), 1),
    ],
)
def test_age_is_attained_at_the_end_of_the_day_before_the_birthday(
    birth: date, on: date, age: int
) -> None:
    assert age_on(birth, on) == age


def test_age_on_the_last_representable_day_still_counts_the_next_birthday() -> None:
    assert age_on(date(2000, 1, 1), date.max) == 8000
    assert age_on(date(2000, 1, 2), date.max) == 7999


def test_age_before_birth_is_refused_with_a_japanese_message() -> None:
    with pytest.raises(CalendarError, match="生年月日より前"):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


@given(birth=births, days_lived=st.integers(min_value=0, max_value=50_000))
def test_legal_age_is_the_ordinary_age_on_the_following_day(birth: date, days_lived: int) -> None:
    on = birth + timedelta(days=days_lived)
    assert age_on(birth, on) == _ordinary_age(birth, on + timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2025, 4, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2025, 3, 31), 2024),
    ],
)
def test_fiscal_year_runs_from_1_april_to_31_march(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_bounds_are_1_april_and_the_next_31_march() -> None:
    assert fiscal_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))


@pytest.mark.parametrize("fiscal_year", [0, -1, 9999, 10_000])
def test_fiscal_years_outside_the_calendar_are_refused(fiscal_year: int) -> None:
    with pytest.raises(CalendarError, match="年度は"):
        fiscal_year_bounds(fiscal_year)


@given(day=st.dates(min_value=date(1, 4, 1), max_value=date(9999, 3, 31)))
def test_every_day_lies_within_the_bounds_of_its_fiscal_year(day: date) -> None:
    first, last = fiscal_year_bounds(fiscal_year_of(day))
    assert first <= day <= last


@pytest.mark.parametrize("milestone", MILESTONES)
def test_born_on_1_april_reaches_the_milestone_in_the_earlier_fiscal_year(milestone: int) -> None:
    fiscal_year = 2025
    assert age_at_fiscal_year_end(date(fiscal_year + 1 - milestone, 4, 1), fiscal_year) == milestone
    assert age_at_fiscal_year_end(date(fiscal_year - milestone, 4, 1), fiscal_year) == milestone + 1


@pytest.mark.parametrize("milestone", MILESTONES)
def test_born_on_2_april_reaches_the_milestone_in_the_later_fiscal_year(milestone: int) -> None:
    fiscal_year = 2025
    assert age_at_fiscal_year_end(date(fiscal_year - milestone, 4, 2), fiscal_year) == milestone
    assert age_at_fiscal_year_end(date(fiscal_year + 1 - milestone, 4, 2), fiscal_year) == (
        milestone - 1
    )


@pytest.mark.parametrize("milestone", MILESTONES)
def test_born_on_29_february_reaches_the_milestone_in_the_fiscal_year_of_28_february(
    milestone: int,
) -> None:
    birth = date(1960, 2, 29)
    fiscal_year = birth.year + milestone - 1
    assert age_at_fiscal_year_end(birth, fiscal_year) == milestone
    assert age_at_fiscal_year_end(birth, fiscal_year - 1) == milestone - 1
    assert age_on(birth, date(birth.year + milestone, 2, 28)) == milestone
    assert age_on(birth, date(birth.year + milestone, 2, 27)) == milestone - 1


@given(birth=births, fiscal_year=st.integers(min_value=1873, max_value=2200))
def test_age_at_fiscal_year_end_is_the_ordinary_age_on_the_next_1_april(
    birth: date, fiscal_year: int
) -> None:
    assume(birth <= date(fiscal_year + 1, 3, 31))
    expected = _ordinary_age(birth, date(fiscal_year + 1, 4, 1))
    assert age_at_fiscal_year_end(birth, fiscal_year) == expected


@pytest.mark.parametrize(
    ("birth", "age"),
    [
        (date(1984, 4, 1), 41),
        (date(1984, 4, 2), 40),
        (date(1985, 4, 1), 40),
        (date(1985, 4, 2), 39),
    ],
)
def test_age_at_fiscal_year_start_keeps_the_2_april_to_1_april_cohort_together(
    birth: date, age: int
) -> None:
    assert age_on_fiscal_year_start(birth, 2025) == age


@given(birth=births, fiscal_year=st.integers(min_value=1874, max_value=2200))
def test_age_at_fiscal_year_start_is_the_previous_years_age_at_fiscal_year_end(
    birth: date, fiscal_year: int
) -> None:
    assume(birth <= date(fiscal_year, 3, 31))
    assert age_on_fiscal_year_start(birth, fiscal_year) == age_at_fiscal_year_end(
        birth, fiscal_year - 1
    )
