"""Resident lookup on a real store: what the box understands, the detail, and 個人番号 rules."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain import wareki
from app.domain.search_query import SearchInputError
from app.services.errors import PermissionDenied
from tests.support import login


def first_resident(desk: Desk) -> dict[str, object]:
    with desk.engine.connect() as connection:
        row = (
            connection.execute(
                text(
                    "SELECT id, register_no, kana, birth_date, my_number FROM residents"
                    " WHERE my_number IS NOT NULL ORDER BY register_no LIMIT 1"
                )
            )
            .mappings()
            .one()
        )
    return dict(row)


def audit_actions(desk: Desk) -> list[tuple[str, str | None]]:
    with desk.engine.connect() as connection:
        rows = connection.execute(text("SELECT action, record_id FROM audit_events ORDER BY seq"))
        return [(row[0], row[1]) for row in rows]


def test_kana_in_hiragana_or_half_width_finds_by_prefix(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    resident = first_resident(desk)
    family = str(resident["kana"]).split(" ")[0]
    hiragana = "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in family)
    result = desk.lookup.search(clerk, text=hiragana[:2])
    assert resident["id"] in {row.id for row in result.rows}
    assert all(row.kana.startswith(family[:2]) for row in result.rows)


def test_a_birth_date_in_wareki_or_seireki_finds_the_resident(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    resident = first_resident(desk)
    born = date.fromisoformat(str(resident["birth_date"]))
    for typed in (wareki.format_date(born), born.isoformat(), wareki.format_short(born)):
        rows = desk.lookup.search(clerk, text=typed).rows
        assert resident["id"] in {row.id for row in rows} and all(
            r.birth_date == born for r in rows
        )


def test_a_register_number_finds_exactly_one(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    resident = first_resident(desk)
    assert [r.id for r in desk.lookup.search(clerk, text=str(resident["register_no"])).rows] == [
        resident["id"]
    ]


def test_filters_narrow_the_results(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    rows = (
        desk.lookup.search(clerk, text="ア", sex="F").rows
        + desk.lookup.search(clerk, text="イ", sex="F").rows
    )
    assert all(row.sex == "F" for row in rows)


def test_nonsense_gets_a_japanese_message(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    for typed in ("山田", "R7.2.30", "x" * 10_000, "ヤマ\x00ダ"):
        with pytest.raises(SearchInputError) as refused:
            desk.lookup.search(clerk, text=typed)
        assert refused.value.message


def test_a_clerk_may_not_search_or_reveal_by_my_number_and_the_try_is_logged(desk: Desk) -> None:
    clerk = login(desk, "clerk1")
    resident = first_resident(desk)
    with pytest.raises(PermissionDenied):
        desk.lookup.search(clerk, text=str(resident["my_number"]))
    with pytest.raises(PermissionDenied):
        desk.lookup.reveal_my_number(clerk, resident_id=str(resident["id"]))
    assert [a for a, _ in audit_actions(desk)].count("permission_denied") == 2


def test_a_supervisor_searches_and_reveals_by_my_number_on_record(desk: Desk) -> None:
    supervisor = login(desk, "supervisor")
    resident = first_resident(desk)
    number = str(resident["my_number"])
    spaced = f"{number[:4]} {number[4:8]} {number[8:]}"
    assert [r.id for r in desk.lookup.search(supervisor, text=spaced).rows] == [resident["id"]]
    assert desk.lookup.reveal_my_number(supervisor, resident_id=str(resident["id"])) == number
    actions = audit_actions(desk)
    assert ("my_number_search", None) in actions
    assert ("my_number_reveal", resident["id"]) in actions


def test_the_detail_shows_masked_number_and_a_line_per_program_and_is_audited(
    desk: Desk,
) -> None:
    clerk = login(desk, "clerk1")
    resident = first_resident(desk)
    detail = desk.lookup.open_resident(clerk, resident_id=str(resident["id"]), fiscal_year=2026)
    assert detail.masked_my_number == "**** **** " + str(resident["my_number"])[-4:]
    assert len(detail.eligibility) == 10
    assert all(line.message for line in detail.eligibility)
    assert all(h.fiscal_year >= 2021 for h in detail.history)
    assert ("view", resident["id"]) in audit_actions(desk)
