"""Audit review (監査ログの確認): the rules that flag unusual patterns for a supervisor.

Pure functions over event dicts (`at`, `staff_id`, `action`, `record_kind`, `record_id`,
`outcome`), as the audit log stores them: ids and codes only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from app.domain.calendar import JST

VIEW_ACTIONS = frozenset({"view", "my_number_reveal"})
FAILURE_ACTIONS = frozenset({"permission_denied", "session_ended"})
FAILURE_OUTCOMES = frozenset({"failure", "locked", "denied"})
MANY_VIEWS, OFF_HOURS, FAILURES = "many_views", "off_hours", "failures"


@dataclass(frozen=True)
class FlagRules:
    """Thresholds, each a parameter so a city can tune them."""

    views_per_window: int = 30
    failures_per_window: int = 5
    window: timedelta = timedelta(hours=1)
    day_start: time = time(8, 0)
    day_end: time = time(19, 0)


@dataclass(frozen=True)
class Flag:
    """A pattern to look at: who (a staff id, or a login-name hash), when, how many, and why."""

    kind: str
    staff_id: str | None
    subject: str
    first_at: datetime
    last_at: datetime
    count: int
    description: str


def parse_at(value: str) -> datetime:
    """A stored stamp as an aware instant (a naive stamp is UTC, as the log writes it)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def period_bounds(period_from: date, period_to: date) -> tuple[datetime, datetime]:
    """Whole JST days, from the start of the first to the start of the day after the last."""
    start = datetime.combine(period_from, time(0), JST)
    end = datetime.combine(period_to + timedelta(days=1), time(0), JST)
    return start.astimezone(UTC), end.astimezone(UTC)


def is_resident_view(event: Mapping[str, Any]) -> bool:
    return event.get("record_kind") == "resident" and event.get("action") in VIEW_ACTIONS


def is_failure(event: Mapping[str, Any]) -> bool:
    if event.get("action") in FAILURE_ACTIONS:
        return True
    return event.get("action") == "login" and event.get("outcome") in FAILURE_OUTCOMES


def is_off_hours(moment: datetime, rules: FlagRules) -> bool:
    """Outside [day_start, day_end) in JST, or on a Saturday or Sunday."""
    local = moment.astimezone(JST)
    return local.weekday() >= 5 or not rules.day_start <= local.time() < rules.day_end


def _bursts(times: list[datetime], threshold: int, window: timedelta) -> list[list[datetime]]:
    """Runs of at least `threshold` instants inside one window; a run is reported once."""
    times = sorted(times)
    found: list[list[datetime]] = []
    start = 0
    while start < len(times):
        end = start
        while end < len(times) and times[end] - times[start] < window:
            end += 1
        if end - start >= threshold:
            found.append(times[start:end])
            start = end
        else:
            start += 1
    return found


def _subject(event: Mapping[str, Any]) -> tuple[str | None, str]:
    staff_id = event.get("staff_id")
    if staff_id:
        return staff_id, str(staff_id)
    return None, f"login_name:{event.get('record_id') or '?'}"


def flag_events(events: Iterable[Mapping[str, Any]], rules: FlagRules | None = None) -> list[Flag]:
    """Every flag over the events, oldest first."""
    rules = rules or FlagRules()
    views: dict[tuple[str | None, str], list[datetime]] = defaultdict(list)
    failures: dict[tuple[str | None, str], list[datetime]] = defaultdict(list)
    for event in events:
        if is_resident_view(event):
            views[_subject(event)].append(parse_at(str(event["at"])))
        elif is_failure(event):
            failures[_subject(event)].append(parse_at(str(event["at"])))
    flags = _many_views(views, rules) + _off_hours(views, rules) + _failures(failures, rules)
    return sorted(flags, key=lambda flag: (flag.first_at, flag.kind, flag.subject))


def _minutes(window: timedelta) -> str:
    minutes = int(window.total_seconds() // 60)
    return "1時間" if minutes == 60 else f"{minutes}分間"


def _many_views(
    views: Mapping[tuple[str | None, str], list[datetime]], rules: FlagRules
) -> list[Flag]:
    return [
        Flag(
            MANY_VIEWS,
            staff_id,
            subject,
            run[0],
            run[-1],
            len(run),
            f"{_minutes(rules.window)}以内に住民記録を{len(run)}件閲覧"
            f"（目安 {rules.views_per_window}件）",
        )
        for (staff_id, subject), times in views.items()
        for run in _bursts(times, rules.views_per_window, rules.window)
    ]


def _off_hours(
    views: Mapping[tuple[str | None, str], list[datetime]], rules: FlagRules
) -> list[Flag]:
    days: dict[tuple[str | None, str, date], list[datetime]] = defaultdict(list)
    for (staff_id, subject), times in views.items():
        for moment in times:
            if is_off_hours(moment, rules):
                days[(staff_id, subject, moment.astimezone(JST).date())].append(moment)
    hours = f"{rules.day_start:%H:%M}〜{rules.day_end:%H:%M}"
    return [
        Flag(
            OFF_HOURS,
            staff_id,
            subject,
            min(times),
            max(times),
            len(times),
            f"勤務時間外（{hours}以外・土日）に住民記録を{len(times)}件閲覧",
        )
        for (staff_id, subject, _day), times in days.items()
    ]


def _failures(
    failures: Mapping[tuple[str | None, str], list[datetime]], rules: FlagRules
) -> list[Flag]:
    return [
        Flag(
            FAILURES,
            staff_id,
            subject,
            run[0],
            run[-1],
            len(run),
            f"{_minutes(rules.window)}以内にログイン失敗・権限外の操作が{len(run)}回"
            f"（目安 {rules.failures_per_window}回）",
        )
        for (staff_id, subject), times in failures.items()
        for run in _bursts(times, rules.failures_per_window, rules.window)
    ]
