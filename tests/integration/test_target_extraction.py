"""Target extraction on a real store equals deciding every resident one by one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.eligibility import decide
from app.domain.programs import DEFAULT_PROGRAMS
from app.services.errors import PermissionDenied
from app.services.target_service import ExtractionCancelled
from tests.support import login

FISCAL_YEAR = 2026


@pytest.fixture
def register(desk: Desk) -> Desk:
    """The seeded register plus the awkward cases: moves, a death, an endoscopy last year."""
    with desk.engine.begin() as connection:
        ids = [row[0] for row in connection.execute(text("SELECT id FROM residents LIMIT 6"))]
        edits = [
            "UPDATE residents SET moved_out = '2026-05-01' WHERE id = :id",
            "UPDATE residents SET moved_in = '2027-01-10' WHERE id = :id",
            "UPDATE residents SET died = '2026-04-30' WHERE id = :id",
            "UPDATE residents SET moved_in = '2024-04-01', moved_out = '2020-01-01' WHERE id = :id",
        ]
        for sql, resident_id in zip(edits, ids, strict=False):
            connection.execute(text(sql), {"id": resident_id})
        connection.execute(
            text(
                "INSERT INTO screening_results (id, version, updated_at, resident_id,"
                " program_code, screened_on, fiscal_year, judgement, first_time, source)"
                " VALUES ('endo-1', 1, '2026-01-01 00:00:00', :id, 'stomach_endo',"
                " '2025-10-01', 2025, '異常認めず', 0, 'history')"
            ),
            {"id": ids[5]},
        )
    return desk


def one_by_one(desk: Desk, on: date) -> dict[str, set[str]]:
    """The slow way: every resident, every program, decide() with the raw records."""
    with desk.engine.connect() as c:
        people = c.execute(
            text(
                "SELECT id, birth_date, sex, moved_in, moved_out, died, non_taxable FROM residents"
            )
        ).all()
        history = c.execute(
            text("SELECT resident_id, program_code, screened_on FROM screening_results")
        ).all()
        welfare = c.execute(text('SELECT resident_id, start, "end" FROM welfare_periods')).all()
        nhi = c.execute(text('SELECT resident_id, start, "end" FROM nhi_periods')).all()

    def day(value: str | None) -> date | None:
        return None if value is None else date.fromisoformat(value)

    result: dict[str, set[str]] = {code: set() for code in DEFAULT_PROGRAMS}
    for rid, birth, sex, moved_in, moved_out, died, non_taxable in people:
        for code in DEFAULT_PROGRAMS:
            decision = decide(
                code,
                FISCAL_YEAR,
                birth_date=date.fromisoformat(birth),
                sex=sex,
                on=on,
                history=[(p, date.fromisoformat(d)) for r, p, d in history if r == rid],
                welfare=[(day(s), day(e)) for r, s, e in welfare if r == rid],
                nhi=[(day(s), day(e)) for r, s, e in nhi if r == rid],
                moved_in=day(moved_in),
                moved_out=day(moved_out),
                died=day(died),
                non_taxable=bool(non_taxable),
            )
            if decision.eligible:
                result[code].add(rid)
    return result


@pytest.fixture
def big_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    from tests.support import make_desk

    built = make_desk(tmp_path_factory.mktemp("register") / "d", residents=1500)
    yield built
    built.close()


def test_extracting_all_programs_matches_deciding_everyone_one_by_one(big_desk: Desk) -> None:
    supervisor = login(big_desk, "supervisor")
    extraction = big_desk.targets.extract(supervisor, program_code=None, fiscal_year=FISCAL_YEAR)
    expected = one_by_one(big_desk, extraction.on)
    assert {p.program_code: set(p.resident_ids) for p in extraction.programs} == expected
    assert sum(len(ids) for ids in expected.values()) > 500


def test_the_awkward_cases_are_decided_as_decide_would(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    extraction = register.targets.extract(supervisor, program_code=None, fiscal_year=FISCAL_YEAR)
    expected = one_by_one(register, extraction.on)
    assert {p.program_code: set(p.resident_ids) for p in extraction.programs} == expected


def test_one_program_reports_progress_and_is_audited_with_counts_only(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    seen: list[tuple[int, int]] = []
    extraction = register.targets.extract(
        supervisor,
        program_code="breast",
        fiscal_year=FISCAL_YEAR,
        progress=lambda done, total: seen.append((done, total)),
    )
    [breast] = extraction.programs
    assert breast.program_name == "乳がん" and breast.count == len(breast.resident_ids)
    assert seen and seen[-1][0] == seen[-1][1] == extraction.residents_checked
    with register.engine.connect() as connection:
        row = connection.execute(
            text("SELECT record_id, detail FROM audit_events WHERE action = 'extract_targets'")
        ).one()
    assert row == ("breast", f"fy={FISCAL_YEAR} count={breast.count}")


def test_a_cancelled_extraction_stops_and_audits_nothing(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    with pytest.raises(ExtractionCancelled) as stopped:
        register.targets.extract(
            supervisor, program_code=None, fiscal_year=FISCAL_YEAR, cancelled=lambda: True
        )
    assert "中止" in stopped.value.message
    with register.engine.connect() as connection:
        query = "SELECT count(*) FROM audit_events WHERE action = 'extract_targets'"
        assert connection.execute(text(query)).scalar() == 0


def test_a_clerk_may_not_extract_and_an_unknown_program_is_refused(register: Desk) -> None:
    with pytest.raises(PermissionDenied):
        register.targets.extract(login(register, "clerk1"), program_code=None, fiscal_year=2026)
    with pytest.raises(Exception, match="登録されていません"):
        register.targets.extract(login(register, "supervisor"), program_code="x", fiscal_year=2026)


def test_each_programs_ids_read_as_a_sequence_made_on_demand(big_desk: Desk) -> None:
    supervisor = login(big_desk, "supervisor")
    extraction = big_desk.targets.extract(supervisor, program_code=None, fiscal_year=FISCAL_YEAR)
    colorectal = next(p for p in extraction.programs if p.program_code == "colorectal")
    ids = colorectal.resident_ids
    listed = list(ids)
    assert len(ids) == colorectal.count == len(set(listed)) > 100
    assert list(ids) == listed  # read again, the same residents in the same order
    assert ids[0] == listed[0] and ids[-1] == listed[-1] and listed[1] in ids
    assert "not-a-resident" not in ids
    assert "resident ids" in repr(ids) and listed[0] not in repr(colorectal)  # no ids in logs
