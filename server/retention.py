"""Retention (保存期間): screening results past their retention, listed and deleted on approval.

The server lists candidates grouped by program and fiscal year (counts only); a supervisor
approves one group; its screening results and the correction requests hanging off them are
deleted here and travel to every desk as `purge` changes (no payload, no ward: every desk
drops its copy). A `retention_runs` row keeps the counts of what went, so statistics already
made stay reconcilable after the records are gone. Deceased people's results follow the same
rule: only the fiscal year counts.

With each result go the records that hold the same health data or hang off it: its correction
requests and 精検 follow-up, the paper form it was verified from with both entries and the
supervisor's adjudications (the keyed values are the result's values), and the vouchers of the
same program and fiscal year issued to the same people (the group's year is past retention for
them too). The clinic's batch (clinic, month, count; no person) stays.

個人番号 first: our reading of "個人番号 of people with no remaining records goes first" is that
the My Number, the most tightly restricted item (番号法 第20条: kept only while a task needs it),
is the first thing to go once nothing of a person is left to link it to. After the deletion,
every person whose result went and who now has no record at all on the server, and who has moved
out or died, loses their my_number (set NULL, written as a `residents` upsert for the person's
ward so the desks drop it). The change is logged before the purge changes, and in the same
transaction. The register row itself is the city's register (fed by its systems) and stays;
people still living in the city keep theirs, since the register feed would only bring it back
and the next screening needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.domain import retention as rules
from server import audit
from server.changes import Change, log_changes
from server.models import (
    ChangeLog,
    Conflict,
    Record,
    RecordHistory,
    Resident,
    RetentionRun,
    Setting,
    utcnow,
)

RESULT = "screening_result"
CORRECTION = "correction_request"
CHUNK = 500


class RetentionRefused(ValueError):
    """A group that is not due, unknown, or whose count changed since the supervisor saw it."""


@dataclass(frozen=True)
class Approval:
    run: RetentionRun
    result_ids: list[str]


def years_of(session: Session) -> dict[str, int]:
    """The retention years per program: the `retention_years` setting over the defaults."""
    value = session.scalar(select(Setting.value).where(Setting.key == rules.SETTING_KEY))
    try:
        return rules.retention_years(value)
    except rules.RetentionSettingError:
        return rules.retention_years(None)  # a broken setting never widens a deletion


def candidates(session: Session, today: date) -> list[rules.Candidate]:
    """Groups of screening results past their retention on `today`, with counts."""
    program = Record.data["program_code"].as_string().label("program")
    fiscal_year = Record.data["fiscal_year"].as_integer().label("fiscal_year")
    query = (
        select(program, fiscal_year, func.count())
        .where(Record.kind == RESULT)
        .group_by("program", "fiscal_year")  # by label: PostgreSQL binds the JSON keys
    )
    groups = [
        (str(code), int(year), int(count))
        for code, year, count in session.execute(query)
        if code is not None and year is not None
    ]
    return rules.candidates(groups, years_of(session), today)


def _due(session: Session, program_code: str, fiscal_year: int, today: date) -> int:
    years = years_of(session).get(program_code)
    if years is None:
        raise RetentionRefused(f"検診「{program_code}」には保存期間が設定されていません。")
    if not rules.is_due(fiscal_year, years, today):
        ends = rules.retention_ends(fiscal_year, years)
        raise RetentionRefused(
            f"{fiscal_year}年度の記録は{ends.isoformat()}まで保存期間内のため削除できません。"
        )
    return years


def result_ids(session: Session, program_code: str, fiscal_year: int) -> list[str]:
    query = (
        select(Record.id)
        .where(Record.kind == RESULT)
        .where(Record.data["program_code"].as_string() == program_code)
        .where(Record.data["fiscal_year"].as_integer() == fiscal_year)
        .order_by(Record.id)
    )
    return list(session.scalars(query))


def names(
    session: Session, program_code: str, fiscal_year: int, today: date
) -> list[tuple[str, str | None, str | None, str | None]]:
    """(result id, resident id, name, screened on) of a due group; the caller audits."""
    _due(session, program_code, fiscal_year, today)
    query = (
        select(
            Record.id,
            Record.resident_id,
            Resident.name,
            Record.data["screened_on"].as_string(),
        )
        .outerjoin(Resident, Resident.id == Record.resident_id)
        .where(Record.kind == RESULT)
        .where(Record.data["program_code"].as_string() == program_code)
        .where(Record.data["fiscal_year"].as_integer() == fiscal_year)
        .order_by(Resident.kana_key, Record.id)
    )
    return [(rid, resident, name, on) for rid, resident, name, on in session.execute(query)]


def approve(
    session: Session,
    program_code: str,
    fiscal_year: int,
    *,
    approver: str,
    device_id: str,
    today: date,
    expected_count: int | None = None,
    now: datetime | None = None,
) -> Approval:
    """Delete a due group's results and their correction requests, clear the my_number of the
    people left with nothing (see the module docstring), log the changes and a retention run.
    The caller commits. Raises RetentionRefused."""
    stamp = now or utcnow()
    years = _due(session, program_code, fiscal_year, today)
    results = result_ids(session, program_code, fiscal_year)
    if expected_count is not None and expected_count != len(results):
        raise RetentionRefused(
            "対象の件数が表示したときから変わっています。一覧を更新してからもう一度承認してください。"
        )
    corrections: list[str] = []
    residents: set[str] = set()
    for start in range(0, len(results), CHUNK):
        chunk = results[start : start + CHUNK]
        corrections += list(
            session.scalars(
                select(Record.id).where(Record.kind == CORRECTION, Record.parent_id.in_(chunk))
            )
        )
        residents.update(
            rid
            for rid in session.scalars(select(Record.resident_id).where(Record.id.in_(chunk)))
            if rid is not None
        )
    inputs = _inputs_of(session, results, sorted(residents), program_code, fiscal_year)
    gone = [*(rid for _, rid in inputs), *corrections, *results]
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        session.execute(delete(RecordHistory).where(RecordHistory.id.in_(chunk)))
        session.execute(delete(Conflict).where(Conflict.record_id.in_(chunk)))
        session.execute(delete(Record).where(Record.id.in_(chunk)))
        # Earlier changes of these rows point at nothing now; the purge change replaces them.
        session.execute(delete(ChangeLog).where(ChangeLog.record_id.in_(chunk)))
    cleared = _clear_my_numbers(session, sorted(residents), stamp)
    changes = [Change("residents", rid, ward=ward) for rid, ward in cleared]
    changes += [Change("purges", rid, "purge", kind) for kind, rid in inputs]
    changes += [Change("purges", rid, "purge", CORRECTION) for rid in corrections]
    changes += [Change("purges", rid, "purge", RESULT) for rid in results]
    log_changes(session, changes, now=stamp)
    run = RetentionRun(
        program_code=program_code,
        fiscal_year=fiscal_year,
        retention_years=years,
        results=len(results),
        corrections=len(corrections),
        my_numbers_cleared=len(cleared),
        approved_by=approver,
        device_id=device_id,
        approved_at=stamp,
    )
    session.add(run)
    session.flush()
    audit.record(
        session,
        "retention_purge",
        staff_id=approver,
        device_id=device_id,
        target_kind="retention_run",
        target_id=run.id,
        detail=(
            f"program={program_code[:40]} fy={fiscal_year} results={len(results)}"
            f" corrections={len(corrections)} inputs={len(inputs)} my_numbers={len(cleared)}"
        ),
        now=stamp,
    )
    return Approval(run, results)


def _inputs_of(
    session: Session,
    results: list[str],
    residents: list[str],
    program_code: str,
    fiscal_year: int,
) -> list[tuple[str, str]]:
    """(kind, id) of what goes with the results, children before their parents: follow-ups,
    entries and adjudications, the paper forms, then the group's vouchers of those people."""
    forms: set[str] = set()
    followups: list[tuple[str, str]] = []
    for start in range(0, len(results), CHUNK):
        chunk = results[start : start + CHUNK]
        for data in session.scalars(select(Record.data).where(Record.id.in_(chunk))):
            form_id = data.get("form_id") if isinstance(data, dict) else None
            if isinstance(form_id, str):
                forms.add(form_id)
        query = select(Record.id).where(Record.kind == "followup", Record.parent_id.in_(chunk))
        followups += [("followup", rid) for rid in session.scalars(query)]
    keyed: list[tuple[str, str]] = []
    papers: list[tuple[str, str]] = []
    form_list = sorted(forms)
    for start in range(0, len(form_list), CHUNK):
        chunk = form_list[start : start + CHUNK]
        hanging = select(Record.kind, Record.id).where(
            Record.kind.in_(("form_entry", "adjudication")), Record.parent_id.in_(chunk)
        )
        keyed += [(str(row[0]), str(row[1])) for row in session.execute(hanging)]
        own = select(Record.id).where(Record.kind == "paper_form", Record.id.in_(chunk))
        papers += [("paper_form", rid) for rid in session.scalars(own)]
    vouchers: list[tuple[str, str]] = []
    for start in range(0, len(residents), CHUNK):
        chunk = residents[start : start + CHUNK]
        issued = select(Record.id, Record.data).where(
            Record.kind == "voucher", Record.resident_id.in_(chunk)
        )
        for rid, data in session.execute(issued):
            if data.get("program_code") == program_code and data.get("fiscal_year") == fiscal_year:
                vouchers.append(("voucher", rid))
    return [*followups, *keyed, *papers, *vouchers]


def _clear_my_numbers(
    session: Session, resident_ids: list[str], now: datetime
) -> list[tuple[str, str]]:
    """Residents among these with no record left, moved out or died, and a my_number: it goes
    (NULL, next version). Returns (id, ward) of those changed."""
    cleared: list[tuple[str, str]] = []
    for start in range(0, len(resident_ids), CHUNK):
        chunk = resident_ids[start : start + CHUNK]
        still = set(
            session.scalars(select(Record.resident_id).where(Record.resident_id.in_(chunk)))
        )
        query = select(Resident).where(
            Resident.id.in_([rid for rid in chunk if rid not in still]),
            Resident.my_number.is_not(None),
            Resident.moved_out.is_not(None) | Resident.died.is_not(None),
        )
        for resident in session.scalars(query):
            resident.my_number = None
            resident.version += 1
            resident.updated_at = now
            cleared.append((resident.id, resident.ward))
    session.flush()
    return cleared


def runs(session: Session) -> list[RetentionRun]:
    return list(session.scalars(select(RetentionRun).order_by(RetentionRun.approved_at)))
