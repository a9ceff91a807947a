"""精検 (detailed examination) after a 要精検 result: one clerk records it, another confirms it.

The confirmer keys the status and the result again from the report, blind (the recorded values
are never shown), like the approval of a correction; only confirmed follow-ups count in the
statistics and stop the 精検受診勧奨. Audited with ids only, never the status or result.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import FORMER_CITY
from app.domain.programs import get as get_program
from app.domain.wareki import parse_date
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.store.orm import ScreeningResult
from app.store.orm_followups import Followup

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

REFERRAL = "要精検"  # screening_results.judgement of a referral (forms: judgement "2")
STATUSES = {"attended": "受診", "not_attended": "未受診", "unknown": "未把握"}
OUTCOMES = {
    "cancer": "がん",
    "suspected": "がんの疑い又は未確定",
    "normal": "異常認めず",
    "other": "がん以外の疾患",
}
STATE_LABELS = {"pending": "確認待ち", "confirmed": "確認済み"}
MAX_CODE = 40


@dataclass(frozen=True)
class ReferralLine:
    """A 要精検 result of a resident and where its follow-up stands ("" = not recorded)."""

    result_id: str
    program_code: str
    program_name: str
    screened_on: date
    fiscal_year: int
    state: str  # "" | pending | confirmed
    status: str  # "" | attended | not_attended | unknown (shown once recorded)
    outcome: str  # "" or an OUTCOMES code


@dataclass(frozen=True)
class PendingFollowup:
    """A follow-up waiting for its second person: what it is about, not what was keyed."""

    id: str
    result_id: str
    resident_id: str
    resident_name: str  # to find the 精検 report; the keyed values are never shown
    program_code: str
    program_name: str
    screened_on: date
    recorded_by: str  # login id
    recorded_at: datetime
    mine: bool  # recorded by the caller, who may not confirm it


class FollowupService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.ENTRY_KEY)
    def record(
        self,
        session: StaffSession,
        /,
        *,
        result_id: str,
        status: str,
        outcome: str | None = None,
        examined_on: date | str | None = None,
    ) -> str:
        """Record (or, while unconfirmed, re-record) the 精検 of a 要精検 result; its id."""
        result_id = _code(result_id, "検診結果")
        today = self._clock.now().astimezone().date()
        with self._uow() as uow:
            result = _referral(uow, result_id)
            status, outcome, day = _checked(status, outcome, examined_on, result, today)
            followup = uow.followups.for_result(result.id)
            now = self._clock.now()
            if followup is None:
                followup = Followup(
                    result_id=result.id,
                    resident_id=result.resident_id,
                    program_code=result.program_code,
                    fiscal_year=result.fiscal_year,
                    status=status,
                    outcome=outcome,
                    examined_on=day,
                    recorded_by=session.staff_id,
                    recorded_at=now,
                    state="pending",
                )
                uow.followups.add(followup)
                uow.sync_state.add_outbox("followup", followup.id, "upsert")
            elif followup.state == "confirmed":
                raise KenshinError(
                    "この結果の精検結果は確認済みです。変更は保護責任者に相談してください。"
                )
            else:
                followup.status, followup.outcome, followup.examined_on = status, outcome, day
                followup.recorded_by, followup.recorded_at = session.staff_id, now
                followup.version += 1
                uow.sync_state.add_outbox("followup", followup.id, "upsert")
            uow.audit.record(
                staff_id=session.staff_id,
                action="followup_record",
                record_kind="screening_result",
                record_id=result.id,
                detail=f"followup={followup.id}",
            )
            uow.commit()
            return followup.id

    @requires(Permission.ENTRY_KEY)
    def confirm(
        self,
        session: StaffSession,
        /,
        *,
        followup_id: str,
        status: str,
        outcome: str | None = None,
    ) -> None:
        """A different person keys status and result again from the report; both must agree
        with the record, else nothing changes (the mismatch is audited)."""
        followup_id = _code(followup_id, "精検結果")
        status_code, outcome_code = _status(status), _outcome(outcome)
        with self._uow() as uow:
            followup = uow.followups.get(followup_id)
            if followup is None or followup.state != "pending":
                raise NotFound("確認待ちの精検結果")
            if followup.recorded_by == session.staff_id:
                raise KenshinError("自分が入力した精検結果は確認できません。別の職員が確認します。")
            if (status_code, outcome_code) != (followup.status, followup.outcome):
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="followup_mismatch",
                    record_kind="screening_result",
                    record_id=followup.result_id,
                    outcome="denied",
                    detail=f"followup={followup.id}",
                )
                uow.commit()
                raise KenshinError(
                    "再入力した受診状況・精検結果が入力内容と一致しません。"
                    "報告書を確認し、違っていれば入力した職員が入力し直してください。"
                )
            followup.state = "confirmed"
            followup.confirmed_by, followup.confirmed_at = session.staff_id, self._clock.now()
            followup.version += 1
            uow.sync_state.add_outbox("followup", followup.id, "upsert")
            uow.audit.record(
                staff_id=session.staff_id,
                action="followup_confirm",
                record_kind="screening_result",
                record_id=followup.result_id,
                detail=f"followup={followup.id}",
            )
            uow.commit()

    @requires(Permission.ENTRY_KEY)
    def referrals(self, session: StaffSession, /, *, resident_id: str) -> list[ReferralLine]:
        """The resident's 要精検 results, newest first, with their follow-up state."""
        resident_id = _code(resident_id, "住民")
        with self._uow(read_only=True) as uow:
            results = [
                r
                for r in uow.residents.history(resident_id)
                if r.judgement == REFERRAL and r.source != FORMER_CITY
            ]
            found = uow.followups.for_results(r.id for r in results)
            lines = []
            for result in sorted(results, key=lambda r: r.screened_on, reverse=True):
                followup = found.get(result.id)
                lines.append(
                    ReferralLine(
                        result.id,
                        result.program_code,
                        _program_name(result.program_code),
                        result.screened_on,
                        result.fiscal_year,
                        followup.state if followup else "",
                        followup.status if followup else "",
                        (followup.outcome or "") if followup else "",
                    )
                )
            return lines

    @requires(Permission.ENTRY_KEY)
    def pending(self, session: StaffSession, /) -> list[PendingFollowup]:
        """Follow-ups waiting for a second person, oldest first."""
        with self._uow(read_only=True) as uow:
            logins = {staff.id: staff.login_id for staff in uow.staff.all()}
            views = []
            for followup in uow.followups.pending():
                result = uow.entries.result(followup.result_id)
                resident = uow.residents.get(followup.resident_id)
                views.append(
                    PendingFollowup(
                        followup.id,
                        followup.result_id,
                        followup.resident_id,
                        resident.name if resident else "",
                        followup.program_code,
                        _program_name(followup.program_code),
                        result.screened_on if result else date.min,
                        logins.get(followup.recorded_by, "?"),
                        followup.recorded_at,
                        followup.recorded_by == session.staff_id,
                    )
                )
            return views


def _program_name(code: str) -> str:
    try:
        return get_program(code).name_ja
    except KenshinError:
        return code


def _code(value: object, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_CODE:
        raise NotFound(what)
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise KenshinError("改行や制御文字は入力できません。")
    return value


def _status(status: object) -> str:
    if not isinstance(status, str) or status not in STATUSES:
        raise KenshinError("精検の受診状況（受診・未受診・未把握）を選んでください。")
    return status


def _outcome(outcome: object) -> str | None:
    if outcome is None or outcome == "":
        return None
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise KenshinError(
            "精検結果は、がん・がんの疑い又は未確定・異常認めず・がん以外の疾患から選んでください。"
        )
    return outcome


def _checked(
    status: object,
    outcome: object,
    examined_on: date | str | None,
    result: ScreeningResult,
    today: date,
) -> tuple[str, str | None, date | None]:
    status_code, outcome_code = _status(status), _outcome(outcome)
    if status_code != "attended":
        if outcome_code is not None:
            raise KenshinError("精検結果は、受診状況が「受診」のときだけ入力できます。")
        if examined_on not in (None, ""):
            raise KenshinError("精検の受診日は、受診状況が「受診」のときだけ入力できます。")
        return status_code, None, None
    if outcome_code is None:
        raise KenshinError("精検を受診した場合は、精検結果を選んでください。")
    day: date | None
    if examined_on is None or examined_on == "":
        day = None
    elif isinstance(examined_on, date):
        day = examined_on
    else:
        day = parse_date(examined_on)
    if day is not None and day > today:
        raise KenshinError("精検の受診日に未来の日付は入力できません。")
    if day is not None and day < result.screened_on:
        raise KenshinError("精検の受診日が検診の受診日より前になっています。")
    return status_code, outcome_code, day


def _referral(uow: SqlAlchemyUnitOfWork, result_id: str) -> ScreeningResult:
    result = uow.entries.result(result_id)
    if result is None:
        raise NotFound("検診結果")
    if result.judgement != REFERRAL:
        raise KenshinError("要精検の結果ではありません。精検結果は要精検の結果にだけ入力できます。")
    if result.source == FORMER_CITY:
        raise KenshinError(
            "前住所地の市区町村で受けた検診の結果です。精検結果は当市の検診の結果にだけ入力できます。"
        )
    return result
