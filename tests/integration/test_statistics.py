"""Statistics from a register and results built by hand, through the service, cell by cell."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.domain.ids import new_id
from app.domain.screening_report import Cells
from app.services.errors import PermissionDenied
from app.store.orm import Resident, ScreeningResult
from tests.support import login, make_desk

FY = 2026


def resident(session: Session, number: int, sex: str, born: date, **extra: object) -> str:
    row = Resident(
        id=new_id(),
        register_no=f"9{number:07d}",
        my_number=None,
        name="統計 太郎",
        kana="トウケイ タロウ",
        kana_key="トウケイタロウ",
        sex=sex,
        birth_date=born,
        address="中央区1-1-1",
        postal_code="1000001",
        ward="中央区",
        **extra,
    )
    session.add(row)
    return row.id


def result(session: Session, rid: str, year: int, judgement: str, first: bool) -> None:
    session.add(
        ScreeningResult(
            resident_id=rid,
            program_code="colorectal",
            screened_on=date(year, 7, 1),
            fiscal_year=year,
            judgement=judgement,
            first_time=first,
            source="verified",
        )
    )


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = make_desk(tmp_path / "data", residents=0)
    with Session(desk.engine) as session:
        # 年度末年齢 on 2027-03-31: born 1985-01-01 → 42; 1980-01-01 → 47; 1955-01-01 → 72
        a = resident(session, 1, "M", date(1985, 1, 1))
        b = resident(session, 2, "M", date(1985, 1, 1))
        resident(session, 3, "M", date(1980, 1, 1))  # a target who stayed away
        d = resident(session, 4, "F", date(1985, 1, 1))
        e = resident(session, 5, "F", date(1955, 1, 1))
        resident(session, 6, "F", date(1995, 1, 1))  # 32: not a colorectal target
        resident(session, 7, "M", date(1980, 1, 1), moved_out=date(2025, 5, 1))  # gone
        session.flush()
        result(session, a, FY, "異常認めず", first=True)
        result(session, b, FY, "要精検", first=False)
        result(session, d, FY, "要精検", first=True)
        result(session, e, FY, "異常認めず", first=False)
        result(session, e, FY - 1, "異常認めず", first=False)  # last year: not in this table
        session.commit()
    return desk


def test_the_colorectal_table_of_a_hand_built_register(desk: Desk) -> None:
    supervisor = login(desk, "supervisor")
    made = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    rows = made.report.rows
    assert rows[("M", "40〜44")] == Cells(targets=2, first_time=1, repeat=1, needs_followup=1,
                                         unknown=1)  # fmt: skip
    assert rows[("M", "45〜49")] == Cells(targets=1)
    assert rows[("F", "40〜44")] == Cells(targets=1, first_time=1, needs_followup=1, unknown=1)
    assert rows[("F", "70〜74")] == Cells(targets=1, repeat=1)
    assert made.report.total().targets == 5  # not the 32-year-old, not the one who moved out
    assert made.report.rate is not None
    assert (made.report.rate.examinees, made.report.rate.targets) == (3, 4)  # 40〜69 only
    with desk.engine.connect() as connection:
        detail = connection.execute(
            text("SELECT detail FROM audit_events WHERE action = 'statistics'")
        ).scalar()
    assert detail == "targets=5 examinees=4"  # counts, never names


def test_only_a_supervisor_makes_statistics_and_bad_input_changes_nothing(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        desk.statistics.program_report(
            login(desk, "clerk1"), program_code="colorectal", fiscal_year=FY
        )
    supervisor = login(desk, "supervisor")
    with pytest.raises(KenshinError, match="検診はありません"):
        desk.statistics.program_report(supervisor, program_code="x" * 10_000, fiscal_year=FY)
    with pytest.raises(KenshinError, match="年度"):
        desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=99999)


def test_the_printed_table_reads_as_the_screen(desk: Desk) -> None:
    from pypdf import PdfReader

    supervisor = login(desk, "supervisor")
    made = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    pdf = desk.statistics.printable(supervisor, made=made)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    words = reader.pages[0].extract_text()
    assert "地域保健・健康増進事業報告" in words and "大腸がん" in words
    assert "受診率（40〜69歳）: 75.0%" in words
    assert "統計" not in words  # no name of anyone reaches the page


def test_a_report_made_is_kept_as_made_when_its_records_are_purged(desk: Desk) -> None:
    supervisor = login(desk, "supervisor")
    made = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    with desk.engine.begin() as connection:  # a retention purge took the year's results
        connection.execute(text("DELETE FROM screening_results"))
    kept = desk.statistics.saved(supervisor, program_code="colorectal", fiscal_year=FY)
    assert kept is not None and kept.made_at is not None
    assert kept.report.rows == made.report.rows and kept.report.rate == made.report.rate
    assert desk.statistics.saved(supervisor, program_code="lung", fiscal_year=FY) is None
    with desk.engine.connect() as connection:
        queued = connection.execute(
            text("SELECT count(*) FROM outbox WHERE record_kind = 'statistics_report'")
        ).scalar()
    assert queued == 1  # it goes up to the server like any record
    again = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    assert again.report.total().examinees == 0  # made anew: nothing left to count


def test_a_confirmed_followup_moves_its_result_out_of_unknown(desk: Desk) -> None:
    with desk.engine.connect() as connection:
        result_id, resident_id = connection.execute(
            text("SELECT id, resident_id FROM screening_results WHERE judgement = '要精検'"
                 " ORDER BY resident_id LIMIT 1")
        ).one()  # fmt: skip
    clerk1, clerk2 = login(desk, "clerk1"), login(desk, "clerk2")
    recorded = desk.followups.record(
        clerk1, result_id=result_id, status="attended", outcome="cancer",
        examined_on=date(2026, 8, 1),
    )  # fmt: skip
    supervisor = login(desk, "supervisor")
    before = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    assert before.report.total().cancer == 0  # pending: only confirmed follow-ups count
    desk.followups.confirm(clerk2, followup_id=recorded, status="attended", outcome="cancer")
    after = desk.statistics.program_report(supervisor, program_code="colorectal", fiscal_year=FY)
    total = after.report.total()
    assert (total.attended, total.cancer, total.unknown) == (1, 1, 1)
    assert resident_id  # the table itself never names them
