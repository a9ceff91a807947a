"""The flagging rules over hand-built events, one below, at and above each threshold."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from app.domain.audit_review import (
    FAILURES,
    JST,
    MANY_VIEWS,
    OFF_HOURS,
    FlagRules,
    flag_events,
    is_off_hours,
    parse_at,
    period_bounds,
)

# A Wednesday, in working hours (10:00 JST).
WORKDAY = datetime(2026, 11, 25, 10, 0, tzinfo=JST)


def view(at: datetime, staff: str = "s1", kind: str = "resident") -> dict[str, Any]:
    return {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "staff_id": staff,
        "action": "view",
        "record_kind": kind,
        "record_id": "r1",
        "outcome": "ok",
    }


def failure(at: datetime, staff: str | None = "s1", name_hash: str = "abcd") -> dict[str, Any]:
    return {
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "staff_id": staff,
        "action": "login",
        "record_kind": "login_name",
        "record_id": name_hash,
        "outcome": "failure",
    }


def views(count: int, *, step: timedelta = timedelta(minutes=1), staff: str = "s1") -> list:
    return [view(WORKDAY + step * i, staff) for i in range(count)]


@pytest.mark.parametrize(("count", "flagged"), [(29, False), (30, True), (31, True)])
def test_many_views_in_an_hour_are_flagged_from_the_threshold(count: int, flagged: bool) -> None:
    found = [f for f in flag_events(views(count)) if f.kind == MANY_VIEWS]
    assert bool(found) is flagged
    if flagged:
        assert found[0].count == count and found[0].staff_id == "s1"
        assert f"{count}件" in found[0].description


def test_views_spread_over_more_than_an_hour_are_not_flagged() -> None:
    # 30 views two minutes and a bit apart: never 30 inside one 60-minute window.
    spread = views(30, step=timedelta(minutes=2, seconds=5))
    assert not [f for f in flag_events(spread) if f.kind == MANY_VIEWS]


def test_views_by_different_staff_are_counted_apart() -> None:
    events = views(20, staff="s1") + views(20, staff="s2")
    assert not [f for f in flag_events(events) if f.kind == MANY_VIEWS]


def test_other_views_do_not_count_as_resident_views() -> None:
    events = [view(WORKDAY + timedelta(seconds=i), kind="audit_log") for i in range(40)]
    assert flag_events(events) == []


def test_the_thresholds_are_parameters() -> None:
    rules = FlagRules(views_per_window=3, window=timedelta(minutes=10))
    found = flag_events(views(3, step=timedelta(minutes=4)), rules)
    assert [f.kind for f in found] == [MANY_VIEWS]
    assert "10分間以内" in found[0].description
    assert flag_events(views(3, step=timedelta(minutes=5)), rules) == []


@pytest.mark.parametrize(
    ("clock", "off"),
    [(time(7, 59), True), (time(8, 0), False), (time(18, 59), False), (time(19, 0), True)],
)
def test_views_outside_working_hours_are_flagged(clock: time, off: bool) -> None:
    at = datetime.combine(WORKDAY.date(), clock, JST)
    found = [f for f in flag_events([view(at)]) if f.kind == OFF_HOURS]
    assert bool(found) is off
    assert is_off_hours(at, FlagRules()) is off


def test_weekend_views_are_flagged_once_per_staff_and_day() -> None:
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=JST)
    events = [view(saturday), view(saturday + timedelta(hours=1)), view(saturday, "s2")]
    found = sorted((f.subject, f.count) for f in flag_events(events) if f.kind == OFF_HOURS)
    assert found == [("s1", 2), ("s2", 1)]
    assert "土日" in flag_events(events)[0].description


@pytest.mark.parametrize(("count", "flagged"), [(4, False), (5, True), (6, True)])
def test_repeated_failures_in_an_hour_are_flagged(count: int, flagged: bool) -> None:
    events = [failure(WORKDAY + timedelta(minutes=10 * i)) for i in range(count)]
    found = [f for f in flag_events(events) if f.kind == FAILURES]
    assert bool(found) is flagged
    if flagged:
        assert found[0].count == count


def test_failures_under_an_unknown_name_are_grouped_by_the_name_hash() -> None:
    events = [failure(WORKDAY + timedelta(minutes=i), None, "feed") for i in range(5)]
    events += [failure(WORKDAY + timedelta(minutes=i), None, "beef") for i in range(4)]
    found = [f for f in flag_events(events) if f.kind == FAILURES]
    assert [(f.staff_id, f.subject) for f in found] == [(None, "login_name:feed")]


def test_permission_denials_count_as_failures_but_a_good_login_does_not() -> None:
    denied = {**failure(WORKDAY), "action": "permission_denied", "outcome": "denied"}
    good = {**failure(WORKDAY), "outcome": "ok"}
    events = [denied] * 5 + [good] * 5
    found = [f for f in flag_events(events) if f.kind == FAILURES]
    assert [f.count for f in found] == [5]


def test_a_long_burst_is_reported_once_and_a_later_one_again() -> None:
    later = WORKDAY + timedelta(hours=3)
    events = views(35) + [view(later + timedelta(seconds=i)) for i in range(30)]
    found = [f for f in flag_events(events) if f.kind == MANY_VIEWS]
    assert [f.count for f in found] == [35, 30]


def test_stamps_and_periods_are_read_in_jst() -> None:
    assert parse_at("2026-11-25T01:00:00").tzinfo is UTC
    start, end = period_bounds(date(2026, 11, 25), date(2026, 11, 25))
    assert start == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)
