"""Keying a colorectal form as the tests' clerks do, and the fixtures that set it up."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.bootstrap import Desk
from app.domain import wareki
from tests.support import login


@pytest.fixture
def person(desk: Desk) -> dict[str, str]:
    with desk.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT id, kana, birth_date, sex, address FROM residents"
                " WHERE birth_date < '1980-01-01'"
                " ORDER BY register_no LIMIT 1"
            )
        ).one()
    return {"id": row[0], "kana": row[1], "birth_date": row[2], "sex": row[3], "address": row[4]}


def identity_of(person: dict[str, str]) -> dict[str, str]:
    """As a clerk keys it: hiragana-free kana, the birth date in 和暦, sex as 1/2."""
    born = wareki.format_short(date.fromisoformat(person["birth_date"]))
    sex = "1" if person["sex"] == "M" else "2"
    street = person["address"].split("区", 1)[-1]  # as a clinic writes it: without the city
    return {"kana": person["kana"], "birth_date": born, "sex": sex, "address": street}


PAPER = {
    "screening_date": "R8.6.10",
    "clinic_code": "1312345678",
    "first_time": "2",
    "fobt_day1": "1",
    "fobt_day2": "2",
    "judgement": "2",
    "comment": "",
}


def key(desk: Desk, login_id: str, batch_id: str, person: dict[str, str], **changes: str) -> str:
    session = login(desk, login_id)
    slot = desk.entry.open_form(session, batch_id=batch_id, form_no=1)
    outcome = desk.entry.submit(
        session, entry_id=slot.entry_id, identity=identity_of(person), values={**PAPER, **changes}
    )
    return outcome.form_status


@pytest.fixture
def batch_id(desk: Desk) -> str:
    clerk = login(desk, "clerk1")
    return desk.entry.create_batch(
        clerk,
        program_code="colorectal",
        clinic_code="1312345678",
        month="2026-06",
        received_count=3,
    )


@pytest.fixture
def result_id(desk: Desk, batch_id: str, person: dict[str, str]) -> str:
    """A verified colorectal result (要精検), keyed alike by clerk1 and clerk2."""
    key(desk, "clerk1", batch_id, person)
    key(desk, "clerk2", batch_id, person)
    with desk.engine.connect() as connection:
        query = "SELECT id FROM screening_results WHERE source = 'verified'"
        return str(connection.execute(text(query)).scalar())
