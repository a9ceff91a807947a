"""Reminders: 精検受診勧奨 after an unreported detailed examination, and 受診勧奨 for those
eligible who have not come for two years. Never automatic under a support measure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.documents.model import Addressee, NoticeDocument, Office
from app.domain.calendar import fiscal_year_of
from app.domain.errors import KenshinError
from app.domain.policy import Permission
from app.domain.programs import get as get_program
from app.domain.settings import DeskSettings
from app.domain.wareki import format_date, format_fiscal_year
from app.services.dto import StaffSession
from app.services.guard import Guard, requires
from app.services.ports import Clock
from app.services.target_service import TargetService

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import Resident

KINDS = ("reminder", "invitation")
MAX_NOTICES = 5000


@dataclass(frozen=True)
class ReminderCandidate:
    resident_id: str
    program_code: str
    program_name: str
    screened_on: date | None


@dataclass(frozen=True)
class Candidates:
    kind: str
    items: tuple[ReminderCandidate, ...]
    support_excluded: int


class ReminderService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock, targets: TargetService) -> None:
        self._uow = uow
        self._clock = clock
        self._targets = targets
        self._guard = Guard(uow, clock)

    @requires(Permission.BATCH_ISSUE)
    def follow_ups(self, session: StaffSession, /, *, months: int | None = None) -> Candidates:
        """This city's 要精検 results older than the setting's months (default 6) whose
        resident still lives here, unless a confirmed 精検 follow-up says the person attended
        (a former city's result, taken in through 情報連携, is that city's to follow up)."""
        today = self._clock.now().astimezone().date()
        with self._uow(read_only=True) as uow:
            wait = months or DeskSettings.from_mapping(uow.settings.all()).reminder_months
            before = today - timedelta(days=round(wait * 30.44))
            found: list[ReminderCandidate] = []
            excluded = 0
            attended = uow.followups.attended_result_ids()
            for result in uow.residents.results_with_judgement("要精検", before):
                if result.id in attended:
                    continue
                resident = uow.residents.get(result.resident_id)
                if resident is None or not _living_here(resident, today):
                    continue
                if resident.support_measure:
                    excluded += 1
                    continue
                found.append(
                    ReminderCandidate(
                        resident.id,
                        result.program_code,
                        get_program(result.program_code).name_ja,
                        result.screened_on,
                    )
                )
            return Candidates("reminder", tuple(found), excluded)

    @requires(Permission.BATCH_ISSUE)
    def invitations(
        self, session: StaffSession, /, *, program_code: str, fiscal_year: int
    ) -> Candidates:
        """Eligible this year, and no screening of the program this year or in the last
        `invitation_absent_years` fiscal years (setting, default 2)."""
        extraction = self._targets.extract(
            session, program_code=program_code, fiscal_year=fiscal_year
        )
        eligible = extraction.programs[0].resident_ids
        name = get_program(program_code).name_ja
        with self._uow(read_only=True) as uow:
            years = DeskSettings.from_mapping(uow.settings.all()).invitation_absent_years
            came = uow.residents.screened_in(program_code, fiscal_year - years, fiscal_year)
            support = {r.id for r in uow.residents.support_measure_residents()}
            absent = [rid for rid in eligible if rid not in came]
            items = tuple(
                ReminderCandidate(rid, program_code, name, None)
                for rid in absent
                if rid not in support
            )
            return Candidates("invitation", items, sum(rid in support for rid in absent))

    @requires(Permission.PRINT_ONE)
    def result_notice(self, session: StaffSession, /, *, result_id: str) -> bytes:
        """The sealed 結果通知 of one verified result, for the counter (audited by its id)."""
        today = self._clock.now().astimezone().date()
        with self._uow() as uow:
            result = uow.entries.result(result_id)
            resident = uow.residents.get(result.resident_id) if result else None
            if result is None or resident is None or result.source != "verified":
                raise KenshinError("照合済みの結果が見つかりません。")
            if resident.support_measure:
                raise KenshinError(
                    "支援措置の対象者です。通知は保護責任者が確認して個別に送付します。"
                )
            name = get_program(result.program_code).name_ja
            referral = result.judgement == "要精検"
            body = (
                f"{format_date(result.screened_on)}に受けられた{name}検診の結果は"
                f"「{result.judgement}」でした。",
                "精密検査が必要です。できるだけ早く医療機関で精密検査を受けてください。"
                if referral
                else "引き続き、定期的に検診を受けてください。",
            )
            document = NoticeDocument(
                kind="result",
                fiscal_year=result.fiscal_year,
                addressee=Addressee(
                    resident.name, resident.kana, resident.postal_code, resident.address
                ),
                birth_date=resident.birth_date,
                sex=resident.sex,
                program_name=name,
                body_lines=body,
                office=_office(DeskSettings.from_mapping(uow.settings.all())),
                sealed=True,
                issued_on=today,
            )
            uow.audit.record(
                staff_id=session.staff_id,
                action="notice_prepare",
                record_kind="screening_result",
                record_id=result.id,
            )
            uow.commit()
        from app.documents.notices import notices  # ReportLab loads when printing

        return notices([document])

    @requires(Permission.BATCH_ISSUE)
    def print_notices(self, session: StaffSession, /, *, candidates: Candidates) -> bytes:
        """The notices as one PDF in postal-code order; audited with the count only."""
        if candidates.kind not in KINDS or not candidates.items:
            raise KenshinError("印刷する通知がありません。")
        if len(candidates.items) > MAX_NOTICES:
            raise KenshinError(f"一度に印刷できる通知は{MAX_NOTICES:,}件までです。")
        today = self._clock.now().astimezone().date()
        with self._uow() as uow:
            settings = DeskSettings.from_mapping(uow.settings.all())
            office = _office(settings)
            found = [(uow.residents.get(c.resident_id), c) for c in candidates.items]
            pairs = sorted(
                ((r, c) for r, c in found if r is not None),
                key=lambda pair: (pair[0].postal_code, pair[0].address),
            )
            documents = [_notice(candidates.kind, r, c, office, today) for r, c in pairs]
            uow.audit.record(
                staff_id=session.staff_id,
                action="notice_prepare",
                record_kind=candidates.kind,
                detail=f"count={len(documents)}",
            )
            uow.commit()
        from app.documents.notices import notices

        return notices(documents)


def _office(settings: DeskSettings) -> Office:
    return Office(
        settings.office_name, settings.office_address, settings.office_phone, settings.office_hours
    )


def _living_here(resident: Resident, today: date) -> bool:
    return not (resident.died and resident.died <= today) and not (
        resident.moved_out and resident.moved_out <= today
    )


def _notice(
    kind: str, resident: Resident, candidate: ReminderCandidate, office: Office, today: date
) -> NoticeDocument:
    program = candidate.program_name
    if kind == "reminder" and candidate.screened_on is not None:
        body = (
            f"{format_date(candidate.screened_on)}に受けられた{program}検診の結果、"
            "精密検査が必要と判定されましたが、精密検査を受けられたことがまだ確認できていません。",
            "がんは早く見つけることが大切です。まだの方は、できるだけ早く医療機関で精密検査を"
            "受けてください。すでに受けられた方は、お手数ですが下記までご連絡ください。",
        )
    else:
        body = (
            f"{format_fiscal_year(fiscal_year_of(today))}の{program}検診の対象です。"
            "この2年度の間、受診が確認できていません。",
            "検診は自覚症状のないうちに受けることが大切です。この機会にぜひ受診してください。",
        )
    return NoticeDocument(
        kind=kind,
        fiscal_year=fiscal_year_of(today),
        addressee=Addressee(resident.name, resident.kana, resident.postal_code, resident.address),
        birth_date=resident.birth_date,
        sex=resident.sex,
        program_name=program,
        body_lines=body,
        office=office,
        sealed=kind == "reminder",
        issued_on=today,
    )
