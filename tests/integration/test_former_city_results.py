"""A former city's result taken in through 情報連携 (issue 14), as the records stream brings it
(source "former_city"): it counts for eligibility (a stomach endoscopy there last fiscal year
blocks this year's stomach screening), the history names the city, and it is never this city's
screening in the statistics, nor a 要精検 this city follows up or reminds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.ids import new_id
from app.domain.programs import FORMER_CITY
from app.store.orm import Resident, ScreeningResult
from tests.support import login, make_desk

FY = 2026  # the desk's clock: 2026-11-26


def resident(session: Session, number: int, **extra: object) -> str:
    row = Resident(
        id=new_id(),
        register_no=f"8{number:07d}",
        my_number=None,
        name="転入 花子",
        kana="テンニュウ ハナコ",
        kana_key="テンニュウハナコ",
        sex="F",
        birth_date=date(1960, 6, 1),
        address="中央区1-1-1",
        postal_code="1000001",
        ward="中央区",
        **extra,
    )
    session.add(row)
    return row.id


def endoscopy(session: Session, rid: str, source: str, values: dict[str, object] | None) -> str:
    row = ScreeningResult(
        id=new_id(),
        resident_id=rid,
        program_code="stomach_endo",
        screened_on=date(FY - 1, 10, 1),
        fiscal_year=FY - 1,
        judgement="要精検",
        first_time=False,
        source=source,
        values=values,
    )
    session.add(row)
    return row.id


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return make_desk(tmp_path / "data", residents=0)


@pytest.fixture
def people(desk: Desk) -> dict[str, str]:
    """A resident who moved in with a former city's endoscopy of last fiscal year, one of this
    city with its own, and one with none."""
    with Session(desk.engine) as session:
        moved = resident(session, 1, moved_in=date(FY, 5, 1))
        local = resident(session, 2)
        none = resident(session, 3, moved_in=date(FY, 5, 1))
        session.flush()
        former = endoscopy(
            session,
            moved,
            FORMER_CITY,
            {"former_city": "みなと市", "renkei_answer_id": "ans-1", "followup_result": None},
        )
        own = endoscopy(session, local, "verified", None)
        session.commit()
    return {"moved": moved, "local": local, "none": none, "former": former, "own": own}


def test_a_former_citys_endoscopy_last_year_blocks_this_years_stomach_screening(
    desk: Desk, people: dict[str, str]
) -> None:
    supervisor = login(desk, "supervisor")
    detail = desk.lookup.open_resident(supervisor, resident_id=people["moved"])
    lines = {line.program_code: line for line in detail.eligibility}
    assert (lines["stomach_endo"].eligible, lines["stomach_endo"].reason) == (False, "interval")
    assert (lines["stomach_xray"].eligible, lines["stomach_xray"].reason) == (
        False,
        "stomach_after_endoscopy",
    )
    fresh = desk.lookup.open_resident(supervisor, resident_id=people["none"])
    assert {line.program_code: line.eligible for line in fresh.eligibility}["stomach_endo"]
    assert detail.moved_in == date(FY, 5, 1)
    [line] = detail.history
    assert (line.former_city, line.verified, line.judgement) == ("みなと市", False, "要精検")
    extraction = desk.targets.extract(supervisor, program_code="stomach_endo", fiscal_year=FY)
    eligible = set(extraction.programs[0].resident_ids)
    assert people["none"] in eligible
    assert not eligible & {people["moved"], people["local"]}


def test_the_statistics_count_only_this_citys_screenings(
    desk: Desk, people: dict[str, str]
) -> None:
    supervisor = login(desk, "supervisor")
    made = desk.statistics.program_report(
        supervisor, program_code="stomach_endo", fiscal_year=FY - 1
    )
    total = made.report.total()
    assert total.examinees == 1  # this city's endoscopy, not the former city's
    assert total.needs_followup == 1


def test_no_follow_up_or_reminder_is_made_from_a_former_citys_referral(
    desk: Desk, people: dict[str, str]
) -> None:
    supervisor, clerk = login(desk, "supervisor"), login(desk, "clerk1")
    reminded = {c.resident_id for c in desk.reminders.follow_ups(supervisor).items}
    assert people["local"] in reminded and people["moved"] not in reminded
    assert desk.followups.referrals(clerk, resident_id=people["moved"]) == []
    assert [r.result_id for r in desk.followups.referrals(clerk, resident_id=people["local"])] == [
        people["own"]
    ]
    detail = desk.lookup.open_resident(supervisor, resident_id=people["moved"])
    assert detail.open_follow_ups == ()
    with pytest.raises(KenshinError) as refused:
        desk.followups.record(clerk, result_id=people["former"], status="unknown")
    assert "前住所地" in refused.value.message
    with desk.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM followups").scalar() == 0
