"""Batch issuance: postal order, chunks confirmed only when printed, resume after a cancel,
support-measure residents left for the supervisor, nobody issued twice."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from app.bootstrap import Desk
from app.services.errors import PermissionDenied
from tests.support import login, make_desk


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    desk = make_desk(tmp_path_factory.mktemp("batch") / "d", residents=600)
    with desk.engine.begin() as connection:  # two of the eligible under a support measure
        connection.execute(
            text(
                "UPDATE residents SET support_measure = 1 WHERE id IN (SELECT id FROM residents"
                " WHERE sex = 'F' AND birth_date < '1980-01-01' AND died IS NULL"
                " AND moved_out IS NULL ORDER BY register_no LIMIT 2)"
            )
        )
    yield desk
    desk.close()


def postal_codes(desk: Desk, voucher_ids: tuple[str, ...]) -> list[str]:
    with desk.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT v.id, r.postal_code FROM vouchers v"
                " JOIN residents r ON r.id = v.resident_id"
            )
        )
        code = dict(rows.all())
    return [code[v] for v in voucher_ids]


def test_a_batch_prints_in_postal_order_resumes_after_a_cancel_and_finishes(
    register: Desk,
) -> None:
    supervisor = login(register, "supervisor")
    run = register.batch_issuance.plan_batch(supervisor, program_code="breast", fiscal_year=2026)
    assert run.total > 20 and run.support_excluded == 2 and run.status == "open"
    first = register.batch_issuance.next_chunk(supervisor, run_id=run.id, size=10)
    assert first is not None and (first.first, first.last) == (1, 10)
    assert len(PdfReader(io.BytesIO(first.pdf)).pages) == first.pages == 20
    codes = postal_codes(register, first.voucher_ids)
    assert codes == sorted(codes)
    # The printer jammed: nothing confirmed, so the same chunk (same vouchers) comes again.
    again = register.batch_issuance.next_chunk(supervisor, run_id=run.id, size=10)
    assert again is not None and again.voucher_ids == first.voucher_ids
    register.batch_issuance.confirm_printed(
        supervisor, run_id=run.id, item_ids=list(again.item_ids)
    )
    printed = 10
    while chunk := register.batch_issuance.next_chunk(supervisor, run_id=run.id, size=15):
        assert chunk.first == printed + 1
        register.batch_issuance.confirm_printed(
            supervisor, run_id=run.id, item_ids=list(chunk.item_ids)
        )
        printed = chunk.last
    [done] = [r for r in register.batch_issuance.runs(supervisor) if r.id == run.id]
    assert done.status == "done" and done.printed == run.total
    again_plan = register.batch_issuance.plan_batch(
        supervisor, program_code="breast", fiscal_year=2026
    )
    assert again_plan.total == 0 and again_plan.already_issued == run.total


def test_support_measure_residents_are_listed_for_the_supervisor_not_issued(
    register: Desk,
) -> None:
    supervisor = login(register, "supervisor")
    run = register.batch_issuance.plan_batch(supervisor, program_code="cervical", fiscal_year=2026)
    listed = register.batch_issuance.support_list(supervisor, run_id=run.id)
    assert len(listed) == run.support_excluded == 2
    assert all(row.support_measure for row in listed)


def test_a_clerk_may_not_run_a_batch(register: Desk) -> None:
    with pytest.raises(PermissionDenied):
        register.batch_issuance.plan_batch(
            login(register, "clerk1"), program_code="breast", fiscal_year=2026
        )


def test_a_resident_who_moved_away_after_planning_is_skipped(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "d", residents=300)
    supervisor = login(desk, "supervisor")
    run = desk.batch_issuance.plan_batch(supervisor, program_code="lung", fiscal_year=2026)
    with desk.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE residents SET moved_out = '2026-05-01' WHERE id = (SELECT resident_id"
                " FROM issuance_items WHERE run_id = :r AND seq = 1)"
            ),
            {"r": run.id},
        )
    chunk = desk.batch_issuance.next_chunk(supervisor, run_id=run.id, size=5)
    assert chunk is not None and chunk.first == 2 and len(chunk.voucher_ids) == 5
    desk.close()
