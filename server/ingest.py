"""Feeds from the city's systems (住民記録, 生活保護, 国保): CSV in, all rows or none applied.

Each feed is UTF-8 CSV (a BOM is allowed) with a header line naming exactly these columns,
in any order:

- ``residents``: register_no, my_number, name, kana, sex, birth_date, address, postal_code,
  ward, moved_in, moved_out, died, support_measure, non_taxable
    register_no   1-20 ASCII letters/digits, the register's own number; unique in the feed
    my_number     empty, or 12 digits with a correct check digit (個人番号)
    name          1-100 characters; kana 1-200 characters of katakana/hiragana (stored as
                  full-width katakana)
    sex           M or F; birth_date, moved_in, moved_out, died YYYY-MM-DD (the last three
                  may be empty)
    address       1-300 characters; postal_code 7 digits (a hyphen is allowed); ward 1-20
    support_measure, non_taxable   1/0 (true/false, empty = 0)
- ``welfare`` and ``nhi``: register_no, start, end — a period of public assistance or of
  National Health Insurance membership; end empty while it lasts. The register_no must be a
  resident the server already holds.

No field may hold control characters or more than 1,000 characters. Any bad row refuses the
whole feed (`rows_rejected`, row numbers counted from 1 after the header, reasons in
Japanese, never the values). Residents are upserted by register_no and keep a stable UUIDv7
id; a resident missing from a feed is not deleted (moved_out says they left). Periods are
upserted by (resident, start). Every changed row gets its change-log row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.ids import new_id
from app.sync import wire
from server.changes import Change, log_changes
from server.feed_check import CHUNK, MAX_REASONS, Feed, FeedRejected, Row, parse, summary
from server.models import NhiPeriod, PeriodMixin, Resident, WelfarePeriod

__all__ = ["Feed", "FeedRejected", "apply_feed", "parse"]


def apply_feed(session: Session, feed: Feed, text: str, now: datetime) -> wire.IngestResult:
    """Check every row, then upsert them all in the caller's transaction (caller commits)."""
    rows = parse(feed, text)
    if feed == "residents":
        changed = _apply_residents(session, rows, now)
    else:
        changed = _apply_periods(session, feed, rows, now)
    return wire.IngestResult(feed=feed, accepted=len(rows), changed=changed)


def _apply_residents(session: Session, rows: list[Row], now: datetime) -> int:
    _my_numbers_free(session, rows)
    changed = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        existing = {
            r.register_no: r
            for r in session.scalars(
                select(Resident).where(
                    Resident.register_no.in_([r.values["register_no"] for r in chunk])
                )
            )
        }
        changes: list[Change] = []
        for row in chunk:
            current = existing.get(row.values["register_no"])
            if current is None:
                resident = Resident(id=new_id(), version=1, updated_at=now, **row.values)
                session.add(resident)
                changes.append(Change("residents", resident.id, ward=resident.ward))
                continue
            diff = {k: v for k, v in row.values.items() if getattr(current, k) != v}
            if not diff:
                continue
            if "ward" in diff:  # the old ward's desks drop the resident
                changes.append(Change("residents", current.id, "delete", ward=current.ward))
            for name, value in diff.items():
                setattr(current, name, value)
            current.version += 1
            current.updated_at = now
            changes.append(Change("residents", current.id, ward=current.ward))
        session.flush()
        changed += sum(1 for change in changes if change.op == "upsert")
        log_changes(session, changes, now=now)
    return changed


def _my_numbers_free(session: Session, rows: list[Row]) -> None:
    """A my_number held by another resident (other register_no) refuses the feed."""
    wanted = {r.values["my_number"]: r for r in rows if r.values["my_number"] is not None}
    reasons = []
    keys = list(wanted)
    for start in range(0, len(keys), CHUNK):
        query = select(Resident.my_number, Resident.register_no).where(
            Resident.my_number.in_(keys[start : start + CHUNK])
        )
        for my_number, register_no in session.execute(query):
            row = wanted[my_number]
            if register_no != row.values["register_no"]:
                reasons.append(
                    wire.RowError(row=row.number, reason="個人番号が別の住民で登録済みです。")
                )
    if reasons:
        raise FeedRejected(summary(reasons), sorted(reasons, key=lambda r: r.row))


def _apply_periods(session: Session, feed: str, rows: list[Row], now: datetime) -> int:
    model: type[PeriodMixin] = WelfarePeriod if feed == "welfare" else NhiPeriod
    residents = _resident_ids(session, [row.values["register_no"] for row in rows])
    unknown = [
        wire.RowError(row=row.number, reason="住民番号が住民記録にありません。")
        for row in rows
        if row.values["register_no"] not in residents
    ]
    if unknown:
        raise FeedRejected(summary(unknown), unknown[:MAX_REASONS])
    changed = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = [residents[row.values["register_no"]][0] for row in chunk]
        existing = {
            (p.resident_id, p.start): p
            for p in session.scalars(select(model).where(model.resident_id.in_(ids)))
        }
        changes = []
        for row in chunk:
            resident_id, ward = residents[row.values["register_no"]]
            current = existing.get((resident_id, row.values["start"]))
            if current is None:
                period = model()
                period.id, period.version, period.updated_at = new_id(), 1, now
                period.resident_id, period.start = resident_id, row.values["start"]
                period.end = row.values["end"]
                session.add(period)
                existing[(resident_id, period.start)] = period
            elif current.end != row.values["end"]:
                period = current
                period.end, period.version, period.updated_at = (
                    row.values["end"],
                    period.version + 1,
                    now,
                )
            else:
                continue
            changes.append(Change(feed, period.id, ward=ward))
        session.flush()
        changed += len(changes)
        log_changes(session, changes, now=now)
    return changed


def _resident_ids(session: Session, register_nos: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    unique = sorted(set(register_nos))
    for start in range(0, len(unique), CHUNK):
        query = select(Resident.register_no, Resident.id, Resident.ward).where(
            Resident.register_no.in_(unique[start : start + CHUNK])
        )
        found.update((no, (rid, ward)) for no, rid, ward in session.execute(query))
    return found
