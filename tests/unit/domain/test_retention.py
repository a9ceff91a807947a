"""Retention rules: years per program from the setting over DOMAIN.md's defaults, counted from
the end of the fiscal year; candidates as of a date."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import programs, retention


def test_defaults_follow_domain_md() -> None:
    years = retention.retention_years()
    cancers = ("stomach_xray", "stomach_endo", "lung", "colorectal", "breast", "cervical")
    assert {years[code] for code in cancers} == {5}
    assert years["osteoporosis"] == years["periodontal"] == 10
    assert "welfare_checkup" not in years  # no default: never a candidate without a setting
    assert set(years) <= set(programs.DEFAULT_PROGRAMS)


def test_the_setting_overrides_a_program_and_adds_one() -> None:
    years = retention.retention_years({"lung": 7, "welfare_checkup": 5})
    assert years["lung"] == 7 and years["welfare_checkup"] == 5 and years["colorectal"] == 5


@pytest.mark.parametrize("bad", [[1], {"lung": 0}, {"lung": True}, {"lung": "5"}, {"": 5}])
def test_a_broken_setting_is_refused(bad: object) -> None:
    with pytest.raises(retention.RetentionSettingError):
        retention.retention_years(bad)


def test_counted_from_the_end_of_the_fiscal_year() -> None:
    assert retention.retention_ends(2020, 5) == date(2026, 3, 31)
    assert retention.deletion_date(2020, 5) == date(2026, 4, 1)
    assert not retention.is_due(2020, 5, date(2026, 3, 31))
    assert retention.is_due(2020, 5, date(2026, 4, 1))
    assert not retention.is_due(2020, None, date(2100, 1, 1))


@pytest.mark.parametrize(
    ("today", "latest"),
    [(date(2026, 3, 31), 2019), (date(2026, 4, 1), 2020), (date(2026, 11, 26), 2020)],
)
def test_latest_due_year(today: date, latest: int) -> None:
    assert retention.latest_due_year(5, today) == latest
    assert retention.is_due(latest, 5, today) and not retention.is_due(latest + 1, 5, today)


def test_candidates_as_of_a_date() -> None:
    groups = [
        ("lung", 2020, 3),
        ("lung", 2021, 4),
        ("osteoporosis", 2015, 2),
        ("osteoporosis", 2016, 1),
        ("welfare_checkup", 2001, 9),
        ("lung", 2019, 0),
    ]
    found = retention.candidates(groups, retention.retention_years(), date(2026, 11, 26))
    assert [(c.program_code, c.fiscal_year, c.count) for c in found] == [
        ("lung", 2020, 3),
        ("osteoporosis", 2015, 2),
    ]
    assert found[0].deletion_date == date(2026, 4, 1) and found[0].years == 5
