"""Resident lookup at the counter: one search box, a detail with this year's eligibility."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from app.domain import my_number
from app.domain.calendar import fiscal_year_of
from app.domain.policy import Permission
from app.domain.programs import FORMER_CITY
from app.domain.search_query import QueryKind, SearchQuery, classify
from app.services.dto import StaffSession
from app.services.errors import NotFound
from app.services.guard import Guard, requires
from app.services.lookup_dto import (
    HistoryLine,
    ResidentDetail,
    ResidentRow,
    SearchResult,
)
from app.services.ports import Clock
from app.services.resident_facts import catalogue, eligibility_lines

if TYPE_CHECKING:
    from app.services.ports import UnitOfWorkFactory
    from app.store.orm import Resident, ScreeningResult
    from app.store.unit_of_work import SqlAlchemyUnitOfWork

MAX_ROWS = 200
HISTORY_YEARS = 5


def row_of(resident: Resident) -> ResidentRow:
    return ResidentRow(
        id=resident.id,
        register_no=resident.register_no,
        name=resident.name,
        kana=resident.kana,
        sex=resident.sex,
        birth_date=resident.birth_date,
        address=resident.address,
        ward=resident.ward,
        support_measure=resident.support_measure,
    )


class LookupService:
    def __init__(self, uow: UnitOfWorkFactory, *, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._guard = Guard(uow, clock)

    @requires(Permission.RESIDENT_SEARCH)
    def search(
        self,
        session: StaffSession,
        /,
        *,
        text: str,
        sex: str | None = None,
        ward: str | None = None,
        born_from: date | None = None,
        born_to: date | None = None,
    ) -> SearchResult:
        """Results for what was typed; an empty box gives nothing. 個人番号 needs permission."""
        query = classify(text)
        if query is None:
            return SearchResult((), "", False)
        if query.kind is QueryKind.MY_NUMBER:
            self._guard.check(session, Permission.MY_NUMBER_REVEAL, before_password_change=False)
        audited = query.kind is QueryKind.MY_NUMBER
        with self._uow(read_only=not audited) as uow:
            found = uow.residents.search_rows(
                **_criteria(query),
                sex=sex,
                ward=ward,
                born_from=born_from,
                born_to=born_to,
                limit=MAX_ROWS + 1,
            )
            if audited:
                uow.audit.record(
                    staff_id=session.staff_id,
                    action="my_number_search",
                    record_kind="resident",
                    detail=f"hits={len(found)}",
                )
                uow.commit()
        rows = tuple(ResidentRow(*values) for values in found[:MAX_ROWS])
        return SearchResult(rows, query.kind.value, len(found) > MAX_ROWS)

    @requires(Permission.RESIDENT_VIEW)
    def open_resident(
        self, session: StaffSession, /, *, resident_id: str, fiscal_year: int | None = None
    ) -> ResidentDetail:
        """The detail pane; the opening is audited by the record's id."""
        year = fiscal_year or fiscal_year_of(self._clock.now().astimezone().date())
        with self._uow() as uow:
            resident = _resident(uow, resident_id)
            programs = catalogue(uow)
            results = uow.residents.history(resident_id)
            lines = eligibility_lines(uow, resident, year, programs, results)
            uow.audit.record(
                staff_id=session.staff_id,
                action="view",
                record_kind="resident",
                record_id=resident.id,
            )
            uow.commit()
            recent = tuple(
                HistoryLine(
                    r.program_code,
                    programs[r.program_code].name_ja
                    if r.program_code in programs
                    else r.program_code,
                    r.screened_on,
                    r.fiscal_year,
                    r.judgement,
                    r.first_time,
                    r.id,
                    r.source == "verified",
                    _former_city(r),
                )
                for r in results
                if r.fiscal_year > year - HISTORY_YEARS - 1
            )
            followups = uow.followups.for_results(h.result_id for h in recent)
            done = {rid for rid, f in followups.items() if f.state == "confirmed"}
            return ResidentDetail(
                row=row_of(resident),
                masked_my_number=my_number.mask(resident.my_number or ""),
                fiscal_year=year,
                moved_out=resident.moved_out,
                died=resident.died,
                eligibility=lines,
                history=recent,
                open_follow_ups=tuple(
                    h
                    for h in recent
                    if h.judgement == "要精検" and h.result_id not in done and not h.former_city
                ),
                moved_in=resident.moved_in,
            )

    @requires(Permission.MY_NUMBER_REVEAL)
    def reveal_my_number(self, session: StaffSession, /, *, resident_id: str) -> str:
        """The whole 個人番号, for a permitted role only; every reveal is audited."""
        with self._uow() as uow:
            resident = _resident(uow, resident_id)
            if not resident.my_number:
                raise NotFound("個人番号")
            uow.audit.record(
                staff_id=session.staff_id,
                action="my_number_reveal",
                record_kind="resident",
                record_id=resident.id,
            )
            uow.commit()
            return resident.my_number

    @requires(Permission.RESIDENT_SEARCH)
    def wards(self, session: StaffSession, /) -> list[str]:
        with self._uow(read_only=True) as uow:
            return uow.residents.wards()


def _former_city(result: ScreeningResult) -> str:
    """The city named by a result taken in through 情報連携; "" for this city's own."""
    if result.source != FORMER_CITY:
        return ""
    name = (result.values or {}).get("former_city")
    return str(name) if name else "前住所地"


def _resident(uow: SqlAlchemyUnitOfWork, resident_id: str) -> Resident:
    resident = uow.residents.get(resident_id)
    if resident is None:
        raise NotFound("住民")
    return resident


def _criteria(query: SearchQuery) -> dict[str, Any]:
    if query.kind is QueryKind.KANA:
        return {"kana_prefix": query.text}
    if query.kind is QueryKind.BIRTH_DATE:
        return {"birth_date": query.birth_date}
    if query.kind is QueryKind.REGISTER_NO:
        return {"register_no": query.text}
    if query.kind is QueryKind.VOUCHER:
        return {"voucher_no": query.text}
    return {"my_number": query.text}
