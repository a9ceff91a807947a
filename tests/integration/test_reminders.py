"""Reminders: who gets a 精検受診勧奨 or a 受診勧奨, and the notices printed in postal order."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain.errors import KenshinError
from app.services.errors import PermissionDenied
from app.services.reminder_service import Candidates
from tests.support import login, make_desk


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    desk = make_desk(tmp_path_factory.mktemp("reminders") / "d", residents=800)
    yield desk
    desk.close()


def test_follow_ups_are_the_old_referrals_of_people_still_living_here(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    found = register.reminders.follow_ups(supervisor)
    with register.engine.connect() as connection:
        expected = connection.execute(
            text(
                "SELECT count(*) FROM screening_results s JOIN residents r ON r.id = s.resident_id"
                " WHERE s.judgement = '要精検' AND s.screened_on < '2026-05-27'"
                " AND (r.died IS NULL OR r.died > '2026-11-26')"
                " AND (r.moved_out IS NULL OR r.moved_out > '2026-11-26')"
            )
        ).scalar()
    assert len(found.items) + found.support_excluded == expected > 0
    shorter = register.reminders.follow_ups(supervisor, months=60)
    assert len(shorter.items) < len(found.items)


def test_invitations_leave_out_those_who_came_in_the_last_two_years(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    invited = register.reminders.invitations(
        supervisor, program_code="colorectal", fiscal_year=2026
    )
    ids = {c.resident_id for c in invited.items}
    with register.engine.connect() as connection:
        came = {
            r[0]
            for r in connection.execute(
                text(
                    "SELECT resident_id FROM screening_results WHERE program_code = 'colorectal'"
                    " AND fiscal_year BETWEEN 2024 AND 2026"
                )
            )
        }
    assert ids and not ids & came


def test_reminder_notices_print_sealed_in_postal_order_without_a_my_number(
    register: Desk,
) -> None:
    supervisor = login(register, "supervisor")
    found = register.reminders.follow_ups(supervisor)
    few = Candidates("reminder", found.items[:5], 0)
    pdf = register.reminders.print_notices(supervisor, candidates=few)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 5
    words = "".join("".join(page.extract_text() for page in pages).split())
    assert words.count("精密検査受診のお願い") == 5 and "親展" in words
    assert not re.search(r"\d{12}", words)


def test_nothing_to_print_and_clerks_are_refused(register: Desk) -> None:
    supervisor = login(register, "supervisor")
    with pytest.raises(KenshinError, match="ありません"):
        register.reminders.print_notices(supervisor, candidates=Candidates("reminder", (), 0))
    with pytest.raises(PermissionDenied):
        register.reminders.follow_ups(login(register, "clerk1"))


def test_a_verified_result_gets_a_sealed_result_notice(desk: Desk, result_id: str) -> None:
    pdf = desk.reminders.result_notice(login(desk, "clerk1"), result_id=result_id)
    words = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "検診結果のお知らせ" in words and "親展" in words and "要精検" in words
    with pytest.raises(KenshinError, match="照合済み"):
        desk.reminders.result_notice(login(desk, "clerk1"), result_id="none")
