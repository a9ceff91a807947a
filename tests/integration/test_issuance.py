"""Vouchers: numbered uniquely, only for the eligible, never automatically under a support
measure, reissued with a reason and 再発行, voided; never carrying a 個人番号."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain import voucher_number
from app.domain.errors import KenshinError
from app.services.errors import PermissionDenied
from tests.support import login, make_desk


def adults(desk: Desk, count: int, sex: str = "M") -> list[str]:
    """Residents aged 45–69 this fiscal year, alive and resident: colorectal-eligible."""
    with desk.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id FROM residents WHERE birth_date BETWEEN '1957-04-02' AND '1981-04-01'"
                " AND sex = :s AND moved_out IS NULL AND died IS NULL AND moved_in IS NULL"
                " AND support_measure = 0 ORDER BY register_no LIMIT :n"
            ),
            {"s": sex, "n": count},
        )
        return [row[0] for row in rows]


def test_a_clerk_issues_a_voucher_with_a_valid_number_and_the_residents_details(
    desk: Desk,
) -> None:
    [resident] = adults(desk, 1)
    issued = desk.issuance.issue_one(
        login(desk, "clerk1"), resident_id=resident, program_code="colorectal", fiscal_year=2026
    )
    assert voucher_number.is_valid(issued.view.number) and issued.view.number.startswith("26")
    document = issued.document
    assert document.programs[0].program_name == "大腸がん" and not document.reissue
    with desk.engine.connect() as connection:
        number = connection.execute(
            text("SELECT my_number FROM residents WHERE id = :i"), {"i": resident}
        ).scalar()
    assert number and number not in repr(document)
    assert [
        v.number for v in desk.issuance.vouchers_of(login(desk, "clerk1"), resident_id=resident)
    ] == [issued.view.number]


def test_a_second_voucher_for_the_same_program_and_year_is_refused(desk: Desk) -> None:
    [resident] = adults(desk, 1)
    clerk = login(desk, "clerk1")
    desk.issuance.issue_one(
        clerk, resident_id=resident, program_code="colorectal", fiscal_year=2026
    )
    with pytest.raises(KenshinError, match="発行済み"):
        desk.issuance.issue_one(
            clerk, resident_id=resident, program_code="colorectal", fiscal_year=2026
        )


def test_a_resident_not_eligible_gets_the_reason(desk: Desk) -> None:
    [man] = adults(desk, 1, "M")
    with pytest.raises(KenshinError, match="女性"):
        desk.issuance.issue_one(
            login(desk, "clerk1"), resident_id=man, program_code="breast", fiscal_year=2026
        )


def test_a_support_measure_resident_is_released_only_by_a_supervisor_by_hand(desk: Desk) -> None:
    [resident] = adults(desk, 1)
    with desk.engine.begin() as connection:
        connection.execute(
            text("UPDATE residents SET support_measure = 1 WHERE id = :i"), {"i": resident}
        )
    with pytest.raises(KenshinError, match="支援措置"):
        desk.issuance.issue_one(
            login(desk, "supervisor"),
            resident_id=resident,
            program_code="colorectal",
            fiscal_year=2026,
        )
    with pytest.raises(PermissionDenied):
        desk.issuance.release_support(
            login(desk, "clerk1"),
            resident_id=resident,
            program_code="colorectal",
            fiscal_year=2026,
            reason="確認",
        )
    issued = desk.issuance.release_support(
        login(desk, "supervisor"),
        resident_id=resident,
        program_code="colorectal",
        fiscal_year=2026,
        reason="本人来庁、現住所を確認",
    )
    assert issued.view.status == "issued"


def test_a_reissue_needs_a_reason_gets_a_new_number_and_says_so(desk: Desk) -> None:
    [resident] = adults(desk, 1)
    first = desk.issuance.issue_one(
        login(desk, "clerk1"), resident_id=resident, program_code="colorectal", fiscal_year=2026
    )
    supervisor = login(desk, "supervisor")
    with pytest.raises(KenshinError, match="理由"):
        desk.issuance.reissue(supervisor, voucher_id=first.view.id, reason="")
    again = desk.issuance.reissue(supervisor, voucher_id=first.view.id, reason="紛失")
    assert again.document.reissue and again.view.number != first.view.number
    statuses = {
        v.number: v.status for v in desk.issuance.vouchers_of(supervisor, resident_id=resident)
    }
    assert statuses == {first.view.number: "reissued", again.view.number: "issued"}
    desk.issuance.void(supervisor, voucher_id=again.view.id, reason="転出のため")
    with pytest.raises(KenshinError):
        desk.issuance.void(supervisor, voucher_id=again.view.id, reason="二重")


def test_numbers_stay_unique_when_desks_issue_at_the_same_time(tmp_path: Path) -> None:
    desk = make_desk(tmp_path / "d", residents=400)
    people = adults(desk, 24)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def work(share: list[str]) -> None:
        session = login(desk, "clerk1")
        for resident in share:
            try:
                issued = desk.issuance.issue_one(
                    session, resident_id=resident, program_code="colorectal", fiscal_year=2026
                )
                numbers.append(issued.view.number)
            except BaseException as error:
                errors.append(error)

    threads = [threading.Thread(target=work, args=(people[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    desk.close()
    assert errors == [] and len(numbers) == len(set(numbers)) == len(people)


def test_the_issued_voucher_comes_as_a_printable_postcard_without_a_my_number(
    desk: Desk,
) -> None:
    import io
    import re

    from pypdf import PdfReader

    [resident] = adults(desk, 1)
    issued = desk.issuance.issue_one(
        login(desk, "clerk1"), resident_id=resident, program_code="colorectal", fiscal_year=2026
    )
    reader = PdfReader(io.BytesIO(issued.pdf))
    words = "".join("".join(page.extract_text() for page in reader.pages).split())
    assert issued.view.number in words and "郵便はがき" in words
    assert not re.search(r"\d{12}", words)


def test_the_search_box_finds_a_resident_by_voucher_number(desk: Desk) -> None:
    [resident] = adults(desk, 1)
    clerk = login(desk, "clerk1")
    issued = desk.issuance.issue_one(
        clerk, resident_id=resident, program_code="colorectal", fiscal_year=2026
    )
    number = issued.view.number
    found = desk.lookup.search(clerk, text=f"{number[:2]}-{number[2:]}")
    assert [row.id for row in found.rows] == [resident] and found.kind == "voucher"
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(KenshinError, match="検査用数字"):
        desk.lookup.search(clerk, text=wrong)
